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
});
