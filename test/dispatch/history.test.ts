import { afterEach, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../helpers/core.js';
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
});
