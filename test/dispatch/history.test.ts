import { afterEach, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { startTestCore, tempDir, type TestCore } from '../helpers/core.js';
import { startSink, type Sink } from '../helpers/sink.js';
import { openStream, settled } from '../helpers/stream.js';

let core: TestCore | undefined;
let sink: Sink | undefined;
afterEach(async () => {
  await core?.dispose();
  await sink?.close();
});

const history = { maxDeliveries: 5, segmentRecords: 4 };

describe('delivery history', () => {
  it('keeps the newest deliveries past the cap and drops the oldest finished ones', async () => {
    sink = await startSink();
    core = await startTestCore({ history });
    const stream = await openStream(core);
    const { body: hook } = await core.api('POST', '/api/hooks', { url: sink.url });
    const ids: string[] = [];
    for (let index = 0; index < 12; index += 1) {
      const { body } = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [hook.id] });
      ids.push(body.deliveries[0].id);
      await settled(stream, body.deliveries[0].id);
    }
    stream.close();
    const { body } = await core.api('GET', '/api/deliveries?limit=100');
    const kept = body.items.map((delivery: { id: string }) => delivery.id);
    expect(kept.length).toBeLessThan(12);
    expect(kept).toEqual([...ids].reverse().slice(0, kept.length));
    expect((await core.api('GET', `/api/deliveries/${ids[0]}`)).status).toBe(404);
  });

  it('never drops a pending delivery, even when more are pending than the cap', async () => {
    sink = await startSink(() => ({ status: 500 }));
    core = await startTestCore({ history });
    const stream = await openStream(core);
    const { body: hook } = await core.api('POST', '/api/hooks', { url: sink.url, retry: { schedule: [3_600_000] } });
    const ids: string[] = [];
    for (let index = 0; index < 12; index += 1) {
      const { status, body } = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [hook.id] });
      expect(status).toBe(202);
      ids.push(body.deliveries[0].id);
      await stream.next(
        (event) => event.type === 'delivery.updated' && event.data.id === body.deliveries[0].id && event.data.nextAttemptAt,
      );
    }
    stream.close();
    const { body } = await core.api('GET', '/api/deliveries?status=pending&limit=100');
    expect(body.items.map((delivery: { id: string }) => delivery.id).sort()).toEqual([...ids].sort());
  });

  it('reads back the same deliveries, requests and attempts after a restart, fan-outs and copies included', async () => {
    sink = await startSink(() => ({ status: 500 }));
    const dataDir = await tempDir();
    try {
      core = await startTestCore({ dataDir, history });
      const stream = await openStream(core);
      const hooks = [];
      for (const path of ['a', 'b', 'c']) {
        hooks.push((await core.api('POST', '/api/hooks', { url: `${sink.url}/${path}`, retry: { schedule: [3_600_000] } })).body);
      }
      // A fan-out stores its shared body once; later states refer to it, and retention
      // copies still-pending deliveries forward whole.
      for (let index = 0; index < 6; index += 1) {
        const { body } = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', payload: { message: `m${index}` } });
        for (const delivery of body.deliveries) {
          await stream.next((event) => event.type === 'delivery.updated' && event.data.id === delivery.id && event.data.nextAttemptAt);
        }
      }
      stream.close();
      const before = (await core.api('GET', '/api/deliveries?limit=100')).body.items;
      expect(before).toHaveLength(18);
      for (const delivery of before) {
        expect(delivery.attempts).toHaveLength(1);
        expect(JSON.parse(delivery.attempts[0].request.body).data.message).toMatch(/^m\d$/);
      }
      await core.dispose();
      core = await startTestCore({ dataDir, history });
      const after = (await core.api('GET', '/api/deliveries?limit=100')).body.items;
      expect(
        after.map((delivery: any) => [delivery.id, delivery.status, delivery.attempts.length, delivery.attempts[0].request.body]),
      ).toEqual(before.map((delivery: any) => [delivery.id, 'pending', 1, delivery.attempts[0].request.body]));
    } finally {
      await core?.dispose();
      core = undefined;
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('lets a copied-forward delivery go once it has finished and its copy is the oldest, after a restart too', async () => {
    let answer = 500;
    sink = await startSink(() => ({ status: answer }));
    const dataDir = await tempDir();
    /** Fires `count` events at `hookId`, one after another, each until its delivery is done. */
    const fire = async (hookId: string, count: number, done: (event: any) => boolean) => {
      const stream = await openStream(core!);
      const ids: string[] = [];
      for (let index = 0; index < count; index += 1) {
        const { body } = await core!.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [hookId] });
        ids.push(body.deliveries[0].id);
        await stream.next((event) => event.type === 'delivery.updated' && event.data.id === body.deliveries[0].id && done(event.data));
      }
      stream.close();
      return ids;
    };
    const finished = (delivery: any) => delivery.status === 'succeeded';
    try {
      core = await startTestCore({ dataDir, history });
      const { body: waiting } = await core.api('POST', '/api/hooks', { url: `${sink.url}/waiting`, retry: { schedule: [3_600_000] } });
      const { body: quick } = await core.api('POST', '/api/hooks', { url: `${sink.url}/quick` });
      const held = await fire(waiting.id, 3, (delivery) => delivery.nextAttemptAt !== undefined);
      answer = 200;
      // Pushes the held deliveries' segments out: they are copied forward, still pending.
      await fire(quick.id, 12, finished);
      const pending = (await core.api('GET', '/api/deliveries?status=pending&limit=100')).body.items;
      expect(pending.map((delivery: { id: string }) => delivery.id).sort()).toEqual(held);

      await core.dispose();
      core = await startTestCore({ dataDir, history });
      const stream = await openStream(core);
      for (const id of held) {
        expect((await core.api('POST', `/api/deliveries/${id}/retry`)).status).toBe(202);
        expect((await settled(stream, id)).status).toBe('succeeded');
      }
      stream.close();
      const newest = await fire(quick.id, 12, finished);
      for (const id of held) expect((await core.api('GET', `/api/deliveries/${id}`)).status).toBe(404);
      const kept = (await core.api('GET', '/api/deliveries?limit=100')).body.items.map((delivery: { id: string }) => delivery.id);
      expect(kept.length).toBeLessThan(12);
      expect(kept).toEqual([...newest].reverse().slice(0, kept.length));
    } finally {
      await core?.dispose();
      core = undefined;
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps the statistics of deliveries it lets go, and remembers no more of them than it keeps', async () => {
    sink = await startSink();
    core = await startTestCore({ history });
    const { body: hook } = await core.api('POST', '/api/hooks', { url: sink.url });
    // Asked once, the statistics count every delivery from then on.
    expect((await core.api('GET', `/api/hooks/${hook.id}/stats?range=hour`)).status).toBe(200);
    const stream = await openStream(core);
    for (let index = 0; index < 20; index += 1) {
      const { body } = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [hook.id] });
      await settled(stream, body.deliveries[0].id);
    }
    stream.close();
    const { body: stats } = await core.api('GET', `/api/hooks/${hook.id}/stats?range=hour`);
    expect(stats.total).toBe(20);
    const { body: health } = await core.api('GET', '/api/health');
    const { body: kept } = await core.api('GET', '/api/deliveries?limit=100');
    expect(kept.items.length).toBeLessThan(20);
    expect(health.runtime.countedDeliveries).toBe(kept.items.length);
  });

  it('keeps a finished delivery retried now while retention runs, and counts it once', async () => {
    // The slow hook's first attempt fails; its retry is held while other deliveries push retention on.
    sink = await startSink((request, index) => (request.url === '/slow' ? (index === 0 ? { status: 500 } : { delayMs: 1500 }) : {}));
    core = await startTestCore({ history });
    const { body: slow } = await core.api('POST', '/api/hooks', { url: `${sink.url}/slow`, retry: { preset: 'none' } });
    const { body: quick } = await core.api('POST', '/api/hooks', { url: `${sink.url}/quick` });
    expect((await core.api('GET', `/api/hooks/${slow.id}/stats?range=hour`)).status).toBe(200);
    const stream = await openStream(core);
    const { body: fired } = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [slow.id] });
    const retried = fired.deliveries[0].id;
    expect((await settled(stream, retried)).status).toBe('failed');

    expect((await core.api('POST', `/api/deliveries/${retried}/retry`)).status).toBe(202);
    await sink.received(2);
    for (let index = 0; index < 12; index += 1) {
      const { body } = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [quick.id] });
      await settled(stream, body.deliveries[0].id);
    }
    // The stream has its failure already: wait for the new outcome.
    const outcome = await stream.next(
      (event) => event.type === 'delivery.updated' && event.data.id === retried && event.data.status === 'succeeded',
    );
    expect(outcome.data.attempts.map((attempt: { response: { status: number } }) => attempt.response.status)).toEqual([500, 200]);
    stream.close();

    const { body: kept } = await core.api('GET', '/api/deliveries?limit=100');
    const ids = kept.items.map((delivery: { id: string }) => delivery.id);
    expect(ids.filter((id: string) => id === retried)).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
    const { body: stats } = await core.api('GET', `/api/hooks/${slow.id}/stats?range=hour`);
    expect(stats).toMatchObject({ total: 1, attemptsPerDelivery: [{ attempts: 2, count: 1 }] });
  });
});
