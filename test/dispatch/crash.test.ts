import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, tempDir, type ApiClient } from '../helpers/core.js';
import { serve } from '../helpers/cli.js';
import { startSink } from '../helpers/sink.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const HOOKS = 500;

describe('dispatcher crash safety', () => {
  it('loses no delivery and leaves none stuck when SIGKILLed during a fan-out', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const sink = await startSink(() => ({ delayMs: 50 }));
    const first = await serve(dataDir);
    try {
      const api = apiClient(first.controlUrl, first.token);
      await createHooks(api, sink.url, HOOKS, [200, 200, 200]);
      const fired = await api('POST', '/api/events', { provider: 'generic', type: 'ping' });
      expect(fired.status).toBe(202);
      expect(fired.body.deliveries).toHaveLength(HOOKS);
      const ids: string[] = fired.body.deliveries.map((delivery: { id: string }) => delivery.id);

      await sink.received(100);
      first.child.kill('SIGKILL');
      await first.exited;

      await restartedOn(dataDir, async (restarted) => {
        const seen = await distinctDeliveryIds(sink, ids.length);
        expect([...seen].sort()).toEqual([...ids].sort());
        const statuses = await finalStatuses(restarted, fired.body.event.id, ids.length);
        expect(statuses).toEqual({ succeeded: ids.length });
      });
    } finally {
      first.child.kill('SIGKILL');
      await sink.close();
    }
  });
});

describe('dispatcher shutdown', () => {
  it('records only attempts it made when stopped mid fan-out, and the restart sends the rest', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    let slow = true;
    // Slower than the shutdown grace: the attempts on the network are cut off, the queued ones never go.
    const sink = await startSink(() => ({ delayMs: slow ? 4000 : 0 }));
    const first = await serve(dataDir);
    try {
      const api = apiClient(first.controlUrl, first.token);
      await createHooks(api, sink.url, 200, [100, 100]);
      const fired = await api('POST', '/api/events', { provider: 'generic', type: 'ping' });
      const ids: string[] = fired.body.deliveries.map((delivery: { id: string }) => delivery.id);
      // The default 16 connections to the sink are all held: the rest wait their turn on the thread.
      await sink.received(16);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      slow = false;

      await restartedOn(dataDir, async (restarted) => {
        expect(await finalStatuses(restarted, fired.body.event.id, ids.length)).toEqual({ succeeded: ids.length });
        const sentPer = new Map<string, number>();
        for (const request of sink.requests)
          sentPer.set(String(request.headers['webhook-id']), (sentPer.get(String(request.headers['webhook-id'])) ?? 0) + 1);
        const { body } = await restarted('GET', `/api/deliveries?eventId=${fired.body.event.id}&limit=500`);
        for (const delivery of body.items) {
          // Every recorded attempt reached the receiver: none was invented for an attempt never made.
          expect(
            delivery.attempts.length,
            JSON.stringify(delivery.attempts.map((a: { error?: unknown; response?: { status: number } }) => a.error ?? a.response?.status)),
          ).toBeLessThanOrEqual(sentPer.get(delivery.id) ?? 0);
          expect(delivery.attempts.at(-1).response.status).toBe(200);
        }
      });
    } finally {
      first.child.kill('SIGKILL');
      await sink.close();
    }
  });
});

/** Starts `hookbench serve` on the folder again, runs `check` against its API, then stops it cleanly. */
async function restartedOn(dataDir: string, check: (api: ApiClient) => Promise<void>): Promise<void> {
  const server = await serve(dataDir);
  try {
    await check(apiClient(server.controlUrl, server.token));
  } finally {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }
}

/** `count` ping hooks on the sink, each with the retry schedule given, made 50 at a time. */
async function createHooks(api: ApiClient, sinkUrl: string, count: number, schedule: number[]): Promise<void> {
  for (let start = 0; start < count; start += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - start) }, (_, index) =>
        api('POST', '/api/hooks', { url: `${sinkUrl}/hook/${start + index}`, events: ['ping'], retry: { schedule } }),
      ),
    );
  }
}

/** Waits (by the sink's own arrivals) until every delivery id reached it at least once. */
async function distinctDeliveryIds(sink: Awaited<ReturnType<typeof startSink>>, expected: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let count = sink.requests.length; ; count += 1) {
    const requests = await sink.received(count);
    for (const request of requests) seen.add(String(request.headers['webhook-id']));
    if (seen.size >= expected) return seen;
  }
}

/** Polls the API (bounded) until no delivery of the event is pending, and counts the statuses. */
async function finalStatuses(api: ApiClient, eventId: string, expected: number): Promise<Record<string, number>> {
  for (let round = 0; round < 200; round += 1) {
    const { body } = await api('GET', `/api/deliveries?eventId=${eventId}&limit=500`);
    const counts: Record<string, number> = {};
    for (const delivery of body.items) counts[delivery.status] = (counts[delivery.status] ?? 0) + 1;
    if (body.items.length === expected && !counts['pending'] && !counts['sending']) return counts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('deliveries were still pending after 20 s');
}
