import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { acceleratedClock } from '../../electron/core/dispatcher/clock.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { startSink, type Sink } from '../helpers/sink.js';
import { openStream, settled, type EventStream } from '../helpers/stream.js';

let core: TestCore;
let stream: EventStream;
const sinks: Sink[] = [];

beforeAll(async () => {
  // Retry waits run 50x faster than real time; timestamps stay in the same (virtual) time.
  core = await startTestCore({ clock: acceleratedClock(50) });
  stream = await openStream(core);
});
afterAll(async () => {
  stream.close();
  await core.dispose();
});
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((sink) => sink.close()));
});

async function sink(answer?: Parameters<typeof startSink>[0]): Promise<Sink> {
  const started = await startSink(answer);
  sinks.push(started);
  return started;
}

async function hook(input: Record<string, unknown>) {
  const { status, body } = await core.api('POST', '/api/hooks', input);
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

async function fire(input: Record<string, unknown>) {
  const { status, body } = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', ...input });
  expect(status, JSON.stringify(body)).toBe(202);
  return body;
}

function headerOf(request: { headers: Record<string, string | string[] | undefined> }, name: string): string {
  return String(request.headers[name]);
}

describe('generic deliveries', () => {
  it('arrive signed with Standard Webhooks, verifiable with the official library', async () => {
    const receiver = await sink();
    const target = await hook({ url: `${receiver.url}/hooks` });
    const fired = await fire({ hookIds: [target.id], payload: { message: 'hello world' } });
    expect(fired.deliveries).toHaveLength(1);
    const delivery = await settled(stream, fired.deliveries[0].id);
    expect(delivery.status).toBe('succeeded');
    const [request] = await receiver.received(1);
    expect(request!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request!.body);
    expect(body).toEqual({ type: 'ping', timestamp: fired.event.createdAt, data: { message: 'hello world' } });
    expect(headerOf(request!, 'webhook-id')).toBe(delivery.id);

    const verifier = new Webhook(target.secret);
    const headers = {
      'webhook-id': headerOf(request!, 'webhook-id'),
      'webhook-timestamp': headerOf(request!, 'webhook-timestamp'),
      'webhook-signature': headerOf(request!, 'webhook-signature'),
    };
    expect(verifier.verify(request!.body, headers)).toEqual(body);
    const tampered = request!.body.replace('world', 'worle');
    expect(() => verifier.verify(tampered, headers)).toThrow();
    expect(delivery.attempts[0]).toMatchObject({
      n: 1,
      response: { status: 200, body: 'ok' },
      request: { method: 'POST', url: `${receiver.url}/hooks`, body: request!.body },
    });
  });

  it('signs with both secrets during a rotation, each valid for its own key', async () => {
    const receiver = await sink();
    const target = await hook({ url: receiver.url });
    const { body: rotated } = await core.api('POST', `/api/hooks/${target.id}/rotate-secret`, {});
    const fired = await fire({ hookIds: [target.id] });
    await settled(stream, fired.deliveries[0].id);
    const [request] = await receiver.received(1);
    const signature = headerOf(request!, 'webhook-signature');
    expect(signature.split(' ')).toHaveLength(2);
    for (const secret of [target.secret, rotated.secret]) {
      const headers = {
        'webhook-id': headerOf(request!, 'webhook-id'),
        'webhook-timestamp': headerOf(request!, 'webhook-timestamp'),
        'webhook-signature': signature,
      };
      expect(() => new Webhook(secret).verify(request!.body, headers)).not.toThrow();
    }
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(request!.body, {
        'webhook-id': headerOf(request!, 'webhook-id'),
        'webhook-timestamp': headerOf(request!, 'webhook-timestamp'),
        'webhook-signature': signature,
      }),
    ).toThrow();
  });

  it('retries 500, 500, 200 as one delivery with three recorded attempts and one webhook-id', async () => {
    const receiver = await sink((_request, index) => ({ status: index < 2 ? 500 : 200, body: index < 2 ? 'boom' : 'fine' }));
    const target = await hook({ url: receiver.url, retry: { schedule: [1000, 1000] } });
    const fired = await fire({ hookIds: [target.id] });
    const delivery = await settled(stream, fired.deliveries[0].id);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts.map((attempt: { response: { status: number } }) => attempt.response.status)).toEqual([500, 500, 200]);
    expect(delivery.attempts.map((attempt: { n: number }) => attempt.n)).toEqual([1, 2, 3]);
    const requests = await receiver.received(3);
    expect(new Set(requests.map((request) => headerOf(request, 'webhook-id')))).toEqual(new Set([delivery.id]));
    // The signature timestamp is fresh on each attempt.
    expect(Number(headerOf(requests[2]!, 'webhook-timestamp'))).toBeGreaterThan(Number(headerOf(requests[0]!, 'webhook-timestamp')));
    const stored = await core.api('GET', `/api/deliveries/${delivery.id}`);
    expect(stored.body.attempts).toHaveLength(3);
    // Read back from the log, each attempt's head is exactly what was sent: its own signature included.
    for (const [index, attempt] of stored.body.attempts.entries()) {
      expect(attempt.request).toMatchObject({ method: 'POST', url: receiver.url });
      const sent = Object.fromEntries(attempt.request.headers);
      for (const name of ['content-type', 'user-agent', 'webhook-id', 'webhook-timestamp', 'webhook-signature']) {
        expect(sent[name], name).toBe(headerOf(requests[index]!, name));
      }
    }
  });

  it('waits at least as long as Retry-After asks', async () => {
    const receiver = await sink((_request, index) => (index === 0 ? { status: 503, headers: { 'retry-after': '120' } } : {}));
    const target = await hook({ url: receiver.url, retry: { schedule: [1000] } });
    const fired = await fire({ hookIds: [target.id] });
    const waiting = await stream.next(
      (event) => event.type === 'delivery.updated' && event.data.id === fired.deliveries[0].id && event.data.nextAttemptAt,
    );
    const failedAt = Date.parse(waiting.data.attempts[0].startedAt);
    expect(Date.parse(waiting.data.nextAttemptAt) - failedAt).toBeGreaterThanOrEqual(120_000);
    // Retry now instead of waiting two (virtual) minutes.
    expect((await core.api('POST', `/api/deliveries/${fired.deliveries[0].id}/retry`)).status).toBe(202);
    expect((await settled(stream, fired.deliveries[0].id)).status).toBe('succeeded');
  });

  it('send the user and password of a user:password@ URL as Basic auth, not in the URL', async () => {
    const receiver = await sink();
    const target = await hook({ url: receiver.url.replace('//', '//ann:s%3Dcret@') + '/hooks?x=1', retry: { preset: 'none' } });
    const fired = await fire({ hookIds: [target.id] });
    expect((await settled(stream, fired.deliveries[0].id)).status).toBe('succeeded');
    const [request] = await receiver.received(1);
    expect(request!.url).toBe('/hooks?x=1');
    expect(request!.headers['authorization']).toBe(`Basic ${Buffer.from('ann:s=cret').toString('base64')}`);
  });

  it('stops and disables the hook on 410 Gone', async () => {
    const receiver = await sink(() => ({ status: 410 }));
    const target = await hook({ url: receiver.url, retry: { schedule: [10, 10, 10] } });
    const fired = await fire({ hookIds: [target.id] });
    const delivery = await settled(stream, fired.deliveries[0].id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toHaveLength(1);
    const { body } = await core.api('GET', `/api/hooks/${target.id}`);
    expect(body).toMatchObject({ enabled: false, disabledReason: 'the receiver answered 410 Gone' });

    // Sending to it again is refused at once, saying why and what to do; the delivery is left as it was.
    const retried = await core.api('POST', `/api/deliveries/${delivery.id}/retry`);
    expect(retried.status).toBe(409);
    expect(retried.body.error.code).toBe('hook_disabled');
    expect(retried.body.error.message).toContain('the receiver answered 410 Gone');
    expect(retried.body.error.message).toContain('"enabled": true');
    expect((await core.api('GET', `/api/deliveries/${delivery.id}`)).body).toMatchObject({ status: 'failed', attempts: [{ n: 1 }] });
    const refired = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [target.id] });
    expect(refired.status).toBe(409);
    expect(refired.body.error).toMatchObject({ code: 'hook_disabled', field: 'hookIds' });
    expect(receiver.requests).toHaveLength(1);

    // Enabled again, it is sent to.
    await core.api('PATCH', `/api/hooks/${target.id}`, { enabled: true });
    const again = await core.api('POST', `/api/deliveries/${delivery.id}/retry`);
    expect(again.status).toBe(202);
    await receiver.received(2);

    // A deleted hook's delivery cannot be retried (once the retried attempt is recorded).
    for (let round = 0; round < 200; round += 1) {
      const { body: current } = await core.api('GET', `/api/deliveries/${delivery.id}`);
      if (current.attempts.length === 2 && current.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await core.api('DELETE', `/api/hooks/${target.id}`);
    const orphan = await core.api('POST', `/api/deliveries/${delivery.id}/retry`);
    expect(orphan.status).toBe(409);
    expect(orphan.body.error.code).toBe('hook_deleted');
  });

  it('treats a redirect as a failed attempt and never follows it', async () => {
    const elsewhere = await sink();
    const receiver = await sink(() => ({ status: 302, headers: { location: `${elsewhere.url}/stolen` } }));
    const target = await hook({ url: receiver.url, retry: { preset: 'none' } });
    const delivery = await settled(stream, (await fire({ hookIds: [target.id] })).deliveries[0].id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts[0].response.status).toBe(302);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('times out a receiver that never answers, and classifies transport errors', async () => {
    const silent = await sink(() => ({ delayMs: Infinity }));
    const target = await hook({ url: silent.url, timeoutMs: 300, retry: { preset: 'none' } });
    const delivery = await settled(stream, (await fire({ hookIds: [target.id] })).deliveries[0].id);
    expect(delivery.attempts[0].error).toMatchObject({ kind: 'timeout' });

    const closed = await sink();
    await closed.close();
    const nobody = await hook({ url: closed.url, retry: { preset: 'none' } });
    const refused = await settled(stream, (await fire({ hookIds: [nobody.id] })).deliveries[0].id);
    expect(refused.attempts[0].error).toMatchObject({ kind: 'refused' });

    const unknown = await hook({ url: 'http://no-such-host.invalid/', retry: { preset: 'none' } });
    const dns = await settled(stream, (await fire({ hookIds: [unknown.id] })).deliveries[0].id);
    expect(dns.attempts[0].error).toMatchObject({ kind: 'dns' });
  });

  it('sends each hook of a fan-out its own JSON body: custom data only where the hook has it', async () => {
    const receiver = await sink();
    const plain = await hook({ url: `${receiver.url}/plain` });
    const custom = await hook({ url: `${receiver.url}/custom`, customData: { team: 'core' } });
    const other = await hook({ url: `${receiver.url}/other` });
    const fired = await fire({ hookIds: [plain.id, custom.id, other.id], payload: { message: 'm', n: 1 } });
    for (const delivery of fired.deliveries) expect((await settled(stream, delivery.id)).status).toBe('succeeded');
    const bodies = Object.fromEntries((await receiver.received(3)).map((request) => [request.url, JSON.parse(request.body).data]));
    expect(bodies).toEqual({
      '/plain': { message: 'm', n: 1 },
      '/custom': { message: 'm', n: 1, team: 'core' },
      '/other': { message: 'm', n: 1 },
    });
  });

  it('delivers to localhost names, with GET as a query string, forms, custom headers and data', async () => {
    const receiver = await sink();
    const port = receiver.port;
    const get = await hook({ url: `http://localhost:${port}/get?keep=1`, method: 'GET', customData: { team: 'core' } });
    const form = await hook({ url: `http://localhost:${port}/form`, format: 'form', headers: { 'X-Env': 'test', 'User-Agent': 'mine' } });
    const fired = await fire({ hookIds: [get.id, form.id], payload: { message: 'hi', nested: { a: 1 }, list: ['x', 'y'] } });
    for (const delivery of fired.deliveries) expect((await settled(stream, delivery.id)).status).toBe('succeeded');
    const requests = await receiver.received(2);
    const getRequest = requests.find((request) => request.method === 'GET')!;
    const query = new URL(getRequest.url, receiver.url).searchParams;
    expect(query.get('keep')).toBe('1');
    expect(query.get('type')).toBe('ping');
    expect(query.get('data[nested][a]')).toBe('1');
    expect(query.getAll('data[list][]')).toEqual(['x', 'y']);
    expect(query.get('data[team]')).toBe('core');
    expect(getRequest.body).toBe('');
    const formRequest = requests.find((request) => request.method === 'POST')!;
    expect(formRequest.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(formRequest.headers['x-env']).toBe('test');
    expect(formRequest.headers['user-agent']).toBe('mine');
    expect(new URLSearchParams(formRequest.body).get('data[nested][a]')).toBe('1');
  });

  it('refuses blocked targets at fire time too', async () => {
    const controlPort = new URL(core.controlUrl).port;
    for (const url of ['file:///etc/passwd', 'http://169.254.169.254/', 'http://0.0.0.0/', `http://127.0.0.1:${controlPort}/api/hooks`]) {
      const { status, body } = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', url });
      expect(status, url).toBe(400);
      expect(body.error.field).toBe('url');
    }
  });

  it('fires to subscribed enabled hooks only, or to one ad-hoc URL, and answers before the network', async () => {
    await core.api('POST', '/api/providers/generic/events', { type: 'user.created', name: 'User created', sample: { id: 'u_1' } });
    const slow = await sink(() => ({ delayMs: 500 }));
    const subscribed = await hook({ url: `${slow.url}/a`, events: ['user.created'] });
    const everything = await hook({ url: `${slow.url}/b`, events: ['*'] });
    const other = await hook({ url: `${slow.url}/c`, events: ['ping'] });
    const disabled = await hook({ url: `${slow.url}/d`, events: ['user.created'], enabled: false });
    const fired = await fire({ type: 'user.created' });
    expect(fired.event.payload).toEqual({ id: 'u_1' });
    // Earlier tests' hooks subscribe to '*' too; these four are this test's own.
    const targeted = fired.deliveries.map((delivery: { hookId: string }) => delivery.hookId);
    expect(targeted).toEqual(expect.arrayContaining([subscribed.id, everything.id]));
    expect(targeted).not.toContain(other.id);
    expect(targeted).not.toContain(disabled.id);
    expect(fired.deliveries.every((delivery: { status: string }) => delivery.status === 'pending')).toBe(true);
    const mine = fired.deliveries.filter((delivery: { hookId: string }) => [subscribed.id, everything.id].includes(delivery.hookId));
    const adHoc = await fire({ url: `${slow.url}/adhoc`, payload: { message: 'one-off' } });
    expect(adHoc.deliveries[0]).toMatchObject({ hookId: null, url: `${slow.url}/adhoc` });
    for (const delivery of [...mine, ...adHoc.deliveries]) expect((await settled(stream, delivery.id)).status).toBe('succeeded');
    const list = await core.api('GET', `/api/deliveries?eventId=${fired.event.id}&hookId=${subscribed.id}`);
    expect(list.body.items.map((delivery: { id: string }) => delivery.id)).toEqual([
      mine.find((delivery: { hookId: string }) => delivery.hookId === subscribed.id).id,
    ]);
    const event = await core.api('GET', `/api/events/${fired.event.id}`);
    expect(event.body).toEqual(fired.event);
  });

  it('cancels a delivery waiting for its retry, and auto-disables after N failures', async () => {
    const failing = await sink(() => ({ status: 500 }));
    const target = await hook({ url: failing.url, retry: { schedule: [3_600_000] }, autoDisableAfter: 2 });
    const fired = await fire({ hookIds: [target.id] });
    const id = fired.deliveries[0].id;
    await stream.next((event) => event.type === 'delivery.updated' && event.data.id === id && event.data.nextAttemptAt);
    const cancelled = await core.api('POST', `/api/deliveries/${id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await core.api('POST', `/api/deliveries/${id}/cancel`)).status).toBe(409);

    const second = await fire({ hookIds: [target.id] });
    await stream.next(
      (event) =>
        event.type === 'delivery.updated' &&
        event.data.id === second.deliveries[0].id &&
        event.data.attempts.length === 1 &&
        event.data.status !== 'sending',
    );
    const { body } = await core.api('GET', `/api/hooks/${target.id}`);
    expect(body).toMatchObject({ enabled: false, disabledReason: '2 failed attempts in a row' });
    expect(failing.requests).toHaveLength(2);
  });
});
