/**
 * Traffic statistics of an inbox holding `stored` captures: the first question (one scan of the
 * inbox's log) and the ones after it (read from the in-memory counters).
 */
import { request } from 'undici';
import { median } from './processes.js';
import { budget, type Figure } from './summary.js';

export async function benchStats(controlUrl: string, token: string, stored: number): Promise<Figure[]> {
  const ask = async (path: string) => {
    const started = performance.now();
    const response = await request(`${controlUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.body.json()) as { items?: { id: string; slug: string }[]; total?: number };
    return { ms: performance.now() - started, body };
  };
  const { body } = await ask('/api/inboxes');
  const inbox = body.items!.find((candidate) => candidate.slug === 'default')!;
  const first = await ask(`/api/inboxes/${inbox.id}/stats?range=day`);
  const later: number[] = [];
  for (let round = 0; round < 20; round += 1)
    later.push((await ask(`/api/inboxes/${inbox.id}/stats?range=${round % 2 ? 'hour' : 'day'}`)).ms);
  console.log(`  inbox stats, first:      ${first.ms.toFixed(0)} ms (${first.body.total} captures counted; target < 1000)`);
  console.log(`  inbox stats, after:      ${median(later).toFixed(1)} ms median, ${Math.max(...later).toFixed(1)} ms max (target < 10)`);
  return [
    budget(`inbox stats, first answer, ${stored} captures`, first.ms, 'ms', 1000, `${first.body.total} counted`),
    budget('inbox stats, answers after the first', median(later), 'ms', 10, `max ${Math.max(...later).toFixed(1)} ms`),
  ];
}
