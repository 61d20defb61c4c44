import { afterEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { startSink, type Sink } from '../helpers/sink.js';
import { openStream, settled } from '../helpers/stream.js';

const cores: TestCore[] = [];
const sinks: Sink[] = [];

afterEach(async () => {
  await Promise.all(sinks.splice(0).map((sink) => sink.close()));
  await Promise.all(cores.splice(0).map((core) => core.dispose()));
});

async function core(dispatch: { concurrency: number; connectionsPerOrigin: number }): Promise<TestCore> {
  const started = await startTestCore({ dispatch });
  cores.push(started);
  return started;
}

async function sink(answer?: Parameters<typeof startSink>[0]): Promise<Sink> {
  const started = await startSink(answer);
  sinks.push(started);
  return started;
}

async function hook(core: TestCore, input: Record<string, unknown>): Promise<string> {
  const { status, body } = await core.api('POST', '/api/hooks', { retry: { preset: 'none' }, ...input });
  expect(status, JSON.stringify(body)).toBe(201);
  return body.id;
}

async function fire(core: TestCore, hookIds: string[]): Promise<string[]> {
  const { status, body } = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds });
  expect(status, JSON.stringify(body)).toBe(202);
  return body.deliveries.map((delivery: { id: string }) => delivery.id);
}

describe('receivers take turns', () => {
  it('a receiver that holds every request delays only its own deliveries, and gets no more than its connections', async () => {
    const hookbench = await core({ concurrency: 4, connectionsPerOrigin: 2 });
    const stream = await openStream(hookbench);
    try {
      const stuck = await sink(() => ({ delayMs: Infinity }));
      const quick = await sink();
      // Their deadline is far off: only taking turns can let the quick delivery through meanwhile.
      const stuckHooks = await Promise.all(
        Array.from({ length: 12 }, (_, index) => hook(hookbench, { url: `${stuck.url}/${index}`, timeoutMs: 120_000 })),
      );
      const quickHook = await hook(hookbench, { url: `${quick.url}/in` });

      await fire(hookbench, stuckHooks);
      await stuck.received(2);
      // Fired after the twelve, to another receiver: it does not wait for any of them.
      const [quickDelivery] = await fire(hookbench, [quickHook]);
      expect(await settled(stream, quickDelivery!)).toMatchObject({ status: 'succeeded', attempts: [{ response: { status: 200 } }] });
      expect(quick.requests).toHaveLength(1);
      // The stuck receiver has its two connections' worth; none of its twelve has an outcome.
      expect(stuck.requests).toHaveLength(2);
      const { body: pending } = await hookbench.api('GET', '/api/deliveries?status=pending&limit=100');
      expect(pending.items).toHaveLength(12);
    } finally {
      stream.close();
    }
  });

  it('an attempt that waited its turn is recorded from when it went out, and is not timed out before it was sent', async () => {
    const hookbench = await core({ concurrency: 4, connectionsPerOrigin: 1 });
    const stream = await openStream(hookbench);
    try {
      // One connection to the receiver, and it never answers the first request.
      const receiver = await sink((_request, index) => ({ delayMs: index === 0 ? Infinity : 0 }));
      const first = await hook(hookbench, { url: `${receiver.url}/first`, timeoutMs: 1500 });
      const second = await hook(hookbench, { url: `${receiver.url}/second`, timeoutMs: 1500 });
      const [timedOut, waited] = await fire(hookbench, [first, second]);

      const before = await settled(stream, timedOut!);
      expect(before).toMatchObject({ status: 'failed', attempts: [{ error: { kind: 'timeout' } }] });
      // The second waited for the first to time out, then went out with a deadline of its own.
      const after = await settled(stream, waited!);
      expect(after).toMatchObject({ status: 'succeeded', attempts: [{ response: { status: 200 } }] });
      const firstEnded = Date.parse(before.attempts[0].startedAt) + before.attempts[0].durationMs;
      // Both are whole milliseconds, rounded on two threads.
      expect(Date.parse(after.attempts[0].startedAt)).toBeGreaterThanOrEqual(firstEnded - 5);
      expect(receiver.requests.map((request) => request.url)).toEqual(['/first', '/second']);
    } finally {
      stream.close();
    }
  });
});

describe('attempts waiting their turn', () => {
  it('are signed again with the new secret when it is rotated with no overlap', async () => {
    const hookbench = await core({ concurrency: 4, connectionsPerOrigin: 1 });
    const stream = await openStream(hookbench);
    try {
      // One connection, and the first request holds it for a while: the others wait their turn, signed.
      const receiver = await sink((_request, index) => ({ delayMs: index === 0 ? 3000 : 0 }));
      const { body: target } = await hookbench.api('POST', '/api/hooks', { url: receiver.url, retry: { preset: 'none' } });
      const deliveries: string[] = [];
      for (let index = 0; index < 5; index += 1) deliveries.push(...(await fire(hookbench, [target.id])));
      await receiver.received(1);
      const { body: rotated } = await hookbench.api('POST', `/api/hooks/${target.id}/rotate-secret`, { overlapMs: 0 });
      for (const id of deliveries) expect((await settled(stream, id)).status).toBe('succeeded');

      const requests = await receiver.received(5);
      // Taken back before they went out, none was sent twice.
      expect(receiver.requests).toHaveLength(5);
      const verify = (secret: string, request: (typeof requests)[number]) =>
        new Webhook(secret).verify(request.body, {
          'webhook-id': String(request.headers['webhook-id']),
          'webhook-timestamp': String(request.headers['webhook-timestamp']),
          'webhook-signature': String(request.headers['webhook-signature']),
        });
      // The first went out before the rotation; every one that waited carries the new secret only.
      expect(() => verify(target.secret, requests[0]!)).not.toThrow();
      for (const request of requests.slice(1)) {
        expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(1);
        expect(() => verify(rotated.secret, request)).not.toThrow();
      }
    } finally {
      stream.close();
    }
  });
});
