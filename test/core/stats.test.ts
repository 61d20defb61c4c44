import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { rm } from 'node:fs/promises';
import type { Delivery } from '../../electron/shared/hooks.js';
import { LATENCY_EDGES, latencyBucket, type HookStats, type InboxStats, type OverviewStats } from '../../electron/shared/stats.js';
import { startTestCore, tempDir, type TestCore } from '../helpers/core.js';

let dataDir: string;
let core: TestCore;

beforeAll(async () => {
  dataDir = await tempDir();
  // Small segments: a scan of a few thousand captures crosses many files, as one of 100,000 does.
  core = await startTestCore({ dataDir, retention: { segmentCaptures: 50 } });
});
afterAll(async () => {
  await core?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function restart(): Promise<void> {
  await core.close();
  core = await startTestCore({ dataDir, retention: { segmentCaptures: 50 } });
}

async function inbox(slug: string, extra: Record<string, unknown> = {}) {
  const { status, body } = await core.api('POST', '/api/inboxes', { slug, ...extra });
  expect(status, JSON.stringify(body)).toBe(201);
  // The ingress port changes with a restart: the URL is made afresh each time.
  return {
    id: body.id as string,
    get url() {
      return `${core.ingressUrl}/in/${slug}`;
    },
  };
}

async function send(url: string, method = 'POST'): Promise<number> {
  const response = await request(url, { method: method as 'POST', body: method === 'GET' ? undefined : '{}' });
  await response.body.dump();
  return response.statusCode;
}

const inboxStats = async (id: string, range = 'hour') =>
  (await core.api<InboxStats>('GET', `/api/inboxes/${id}/stats?range=${range}`)).body;
const hookStats = async (id: string, range = 'hour') => (await core.api<HookStats>('GET', `/api/hooks/${id}/stats?range=${range}`)).body;
const sum = (series: number[]) => series.reduce((total, count) => total + count, 0);

/** Counts by bucket start time, so two answers a minute apart still compare. */
function byTime(stats: { from: string; bucketMs: number }, series: number[]): Record<string, number> {
  const start = Date.parse(stats.from);
  return Object.fromEntries(
    series.flatMap((count, index) => (count ? [[new Date(start + index * stats.bucketMs).toISOString(), count]] : [])),
  );
}

async function delivery(id: string): Promise<Delivery> {
  return (await core.api<Delivery>('GET', `/api/deliveries/${id}`)).body;
}

/** Fires one generic event to the hook and waits until its delivery stands as `until` says. */
async function fireAndWait(hookId: string, until: (delivery: Delivery) => boolean): Promise<Delivery> {
  const { status, body } = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [hookId] });
  expect(status, JSON.stringify(body)).toBe(202);
  const id = body.deliveries[0].id as string;
  // Not expect.poll: this also runs in beforeAll.
  for (let tries = 0; tries < 300; tries += 1) {
    const current = await delivery(id);
    if (until(current)) return current;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`delivery ${id} never reached the expected state: ${JSON.stringify(await delivery(id))}`);
}

describe('inbox statistics', () => {
  it('counts captures by minute, method and answered status', async () => {
    const scripted = await inbox('stats-methods', {
      script: { steps: [{ status: 201 }, { status: 202 }, { status: 500 }], then: 'repeat' },
    });
    const statuses = [];
    for (const method of ['POST', 'GET', 'PUT', 'POST', 'DELETE', 'POST']) statuses.push(await send(scripted.url, method));
    expect(statuses).toEqual([201, 202, 500, 201, 202, 500]);

    const stats = await inboxStats(scripted.id);
    expect(stats).toMatchObject({ range: 'hour', bucketMs: 60_000, total: 6 });
    expect(stats.captures).toHaveLength(60);
    expect(Date.parse(stats.to) - Date.parse(stats.from)).toBe(3_600_000);
    expect(Date.parse(stats.from) % 60_000).toBe(0);
    expect(stats.methods).toEqual({ POST: 3, GET: 1, PUT: 1, DELETE: 1 });
    expect(stats.statuses).toEqual({ 201: 2, 202: 2, 500: 2 });

    // Each capture is in the bucket of the minute it was received.
    const { body: list } = await core.api('GET', `/api/inboxes/${scripted.id}/requests`);
    const expected: Record<string, number> = {};
    for (const capture of list.items as { receivedAt: string }[]) {
      const minute = new Date(Math.floor(Date.parse(capture.receivedAt) / 60_000) * 60_000).toISOString();
      expected[minute] = (expected[minute] ?? 0) + 1;
    }
    expect(byTime(stats, stats.captures)).toEqual(expected);
    expect(stats.asOf).toBe(list.items[0].id);

    const day = await inboxStats(scripted.id, 'day');
    expect(day).toMatchObject({ range: 'day', bucketMs: 3_600_000, total: 6, methods: stats.methods, statuses: stats.statuses });
    expect(day.captures).toHaveLength(24);
    expect(Date.parse(day.from) % 3_600_000).toBe(0);
  });

  it('answers 400 naming the field for an unknown range, and 404 for an unknown inbox', async () => {
    const { id } = await inbox('stats-errors');
    const bad = await core.api('GET', `/api/inboxes/${id}/stats?range=week`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('range');
    expect((await core.api('GET', '/api/inboxes/inb_missing/stats')).status).toBe(404);
    expect((await core.api('GET', '/api/hooks/hk_missing/stats')).status).toBe(404);
  });

  it('starts again from zero when the inbox is cleared', async () => {
    const cleared = await inbox('stats-clear');
    for (let index = 0; index < 3; index += 1) await send(cleared.url);
    expect((await inboxStats(cleared.id)).total).toBe(3);
    expect((await core.api('DELETE', `/api/inboxes/${cleared.id}/requests`)).status).toBe(204);
    expect((await inboxStats(cleared.id)).total).toBe(0);
    await send(cleared.url, 'PATCH');
    expect(await inboxStats(cleared.id)).toMatchObject({ total: 1, methods: { PATCH: 1 } });
  });

  it('counts a capture that arrives while the first count runs exactly once', async () => {
    const busy = await inbox('stats-race');
    const burst = (count: number) => Promise.all(Array.from({ length: count }, () => send(busy.url)));
    for (let round = 0; round < 20; round += 1) await burst(100);
    // A fresh process: nothing counted yet, so the next question scans 40 segment files.
    await restart();
    const [first] = await Promise.all([inboxStats(busy.id), burst(50), burst(50)]);
    expect(first.total).toBeGreaterThanOrEqual(2000);
    expect(first.total).toBeLessThanOrEqual(2100);
    expect((await inboxStats(busy.id)).total).toBe(2100);
    const { body } = await core.api('GET', `/api/inboxes/${busy.id}`);
    expect(body.requestCount).toBe(2100);
  });
});

describe('hook statistics', () => {
  let target: { id: string; url: string };
  let hookId: string;
  const deliveries: Delivery[] = [];

  beforeAll(async () => {
    // One answer per attempt, in order: 200 | 500, 200 | 500, 500 | 503 (and 503 from then on).
    target = await inbox('stats-target', {
      script: {
        steps: [{ status: 200 }, { status: 500 }, { status: 200 }, { status: 500 }, { status: 500 }, { status: 503 }],
        then: 'last',
      },
    });
    const { body: hook } = await core.api('POST', '/api/hooks', { url: target.url, name: 'stats hook', retry: { schedule: [50] } });
    hookId = hook.id;
    const done = (delivery: Delivery) => delivery.status === 'succeeded' || delivery.status === 'failed';
    deliveries.push(await fireAndWait(hookId, done));
    deliveries.push(await fireAndWait(hookId, done));
    deliveries.push(await fireAndWait(hookId, done));
    // A retry far away: the fourth stays pending after its first attempt.
    await core.api('PATCH', `/api/hooks/${hookId}`, { retry: { schedule: [600_000] } });
    deliveries.push(await fireAndWait(hookId, (delivery) => delivery.attempts.length === 1 && delivery.status === 'pending'));
  });

  it('counts each delivery once, in the minute of its latest attempt, by how it stands', async () => {
    expect(deliveries.map((delivery) => [delivery.status, delivery.attempts.length])).toEqual([
      ['succeeded', 1],
      ['succeeded', 2],
      ['failed', 2],
      ['pending', 1],
    ]);
    const stats = await hookStats(hookId);
    expect(stats.total).toBe(4);
    expect(sum(stats.outcomes.succeeded)).toBe(2);
    expect(sum(stats.outcomes.failed)).toBe(1);
    expect(sum(stats.outcomes.retrying)).toBe(1);
    const expected: Record<string, number> = {};
    for (const delivery of deliveries) {
      const minute = new Date(Math.floor(Date.parse(delivery.attempts.at(-1)!.startedAt) / 60_000) * 60_000).toISOString();
      expected[minute] = (expected[minute] ?? 0) + 1;
    }
    const all = stats.outcomes.succeeded.map((count, index) => count + stats.outcomes.failed[index]! + stats.outcomes.retrying[index]!);
    expect(byTime(stats, all)).toEqual(expected);
  });

  it('matches the deliveries API: attempts per delivery and latency percentiles', async () => {
    const { body: listed } = await core.api('GET', `/api/deliveries?hookId=${hookId}`);
    const items = listed.items as Delivery[];
    const perDelivery: Record<number, number> = {};
    for (const item of items) perDelivery[item.attempts.length] = (perDelivery[item.attempts.length] ?? 0) + 1;
    const stats = await hookStats(hookId);
    expect(stats.attemptsPerDelivery).toEqual(
      Object.entries(perDelivery).map(([attempts, count]) => ({ attempts: Number(attempts), count })),
    );

    const durations = items.flatMap((item) => item.attempts.map((attempt) => attempt.durationMs)).sort((a, b) => a - b);
    expect(stats.latency.count).toBe(durations.length);
    expect(stats.latency.histogram.map((bucket) => bucket.le)).toEqual([...LATENCY_EDGES]);
    for (const [name, q] of [
      ['p50', 0.5],
      ['p95', 0.95],
      ['p99', 0.99],
    ] as const) {
      // The upper edge of the bucket holding the nearest-rank percentile of the recorded durations.
      const exact = durations[Math.ceil(q * durations.length) - 1]!;
      expect(stats.latency[name], name).toBe(LATENCY_EDGES[latencyBucket(exact)]);
      expect(stats.latency[name]!).toBeGreaterThanOrEqual(exact);
    }
    expect(stats.latency.p50!).toBeLessThanOrEqual(stats.latency.p95!);
    expect(stats.latency.p95!).toBeLessThanOrEqual(stats.latency.p99!);
  });

  it('shows hooks and inboxes together in the overview', async () => {
    const { body } = await core.api<OverviewStats>('GET', '/api/stats?range=hour');
    const hook = body.hooks.find((candidate) => candidate.id === hookId)!;
    expect(hook).toMatchObject({ name: 'stats hook', total: 4, succeeded: 2, failed: 1, retrying: 1 });
    const targetRow = body.inboxes.find((candidate) => candidate.id === target.id)!;
    expect(targetRow.total).toBe(6);
    expect(sum(body.captures)).toBe(sum(body.inboxes.map((row) => row.total)));
    expect(sum(body.deliveries.succeeded)).toBe(sum(body.hooks.map((row) => row.succeeded)));
    expect(sum(body.deliveries.failed)).toBe(sum(body.hooks.map((row) => row.failed)));
  });

  it('gives the same answers after a restart on the same data', async () => {
    const before = { hook: await hookStats(hookId, 'day'), inbox: await inboxStats(target.id, 'day') };
    await restart();
    const after = { hook: await hookStats(hookId, 'day'), inbox: await inboxStats(target.id, 'day') };
    for (const stats of [before.hook, after.hook]) {
      expect(stats.total).toBe(4);
    }
    expect(byTime(after.hook, after.hook.outcomes.succeeded)).toEqual(byTime(before.hook, before.hook.outcomes.succeeded));
    expect(byTime(after.hook, after.hook.outcomes.failed)).toEqual(byTime(before.hook, before.hook.outcomes.failed));
    expect(byTime(after.hook, after.hook.outcomes.retrying)).toEqual(byTime(before.hook, before.hook.outcomes.retrying));
    expect(after.hook.latency).toEqual(before.hook.latency);
    expect(after.hook.attemptsPerDelivery).toEqual(before.hook.attemptsPerDelivery);
    expect(byTime(after.inbox, after.inbox.captures)).toEqual(byTime(before.inbox, before.inbox.captures));
    expect({ ...after.inbox, from: '', to: '', captures: [] }).toEqual({ ...before.inbox, from: '', to: '', captures: [] });
  });

  it('moves a delivery from retrying to its outcome live, and forgets a deleted hook', async () => {
    const pending = deliveries[3]!;
    // No retries left: retrying by hand fails the delivery (its URL names the ingress port from before the restart).
    await core.api('PATCH', `/api/hooks/${hookId}`, { retry: { preset: 'none' } });
    expect((await core.api('POST', `/api/deliveries/${pending.id}/retry`)).status).toBe(202);
    // The delivery reads `failed` a moment before that state is stored and counted: the counts are awaited.
    const outcomes = async () => {
      const { outcomes } = await hookStats(hookId);
      return [sum(outcomes.succeeded), sum(outcomes.failed), sum(outcomes.retrying)];
    };
    await expect.poll(outcomes, { timeout: 15_000 }).toEqual([2, 2, 0]);
    expect((await delivery(pending.id)).status).toBe('failed');
    const stats = await hookStats(hookId);
    expect(stats.attemptsPerDelivery).toEqual([
      { attempts: 1, count: 1 },
      { attempts: 2, count: 3 },
    ]);
    expect(stats.latency.count).toBe(7);

    expect((await core.api('DELETE', `/api/hooks/${hookId}`)).status).toBe(204);
    expect((await core.api('GET', `/api/hooks/${hookId}/stats`)).status).toBe(404);
    const { body } = await core.api<OverviewStats>('GET', '/api/stats');
    expect(body.hooks.find((candidate) => candidate.id === hookId)).toBeUndefined();
  });
});
