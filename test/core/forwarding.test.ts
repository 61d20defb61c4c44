import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { startSink, type Sink } from '../helpers/sink.js';
import { openStream, type EventStream } from '../helpers/stream.js';

let core: TestCore;
let stream: EventStream;
const sinks: Sink[] = [];

beforeAll(async () => {
  core = await startTestCore();
  stream = await openStream(core);
});
afterAll(async () => {
  stream.close();
  await core.dispose();
  await Promise.all(sinks.map((sink) => sink.close()));
});

async function sink(...args: Parameters<typeof startSink>): Promise<Sink> {
  const started = await startSink(...args);
  sinks.push(started);
  return started;
}

async function inbox(slug: string, forward: unknown) {
  const { status, body } = await core.api('POST', '/api/inboxes', { slug, forward });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

/** Sends one request to an inbox and answers the capture id once it is stored. */
async function send(url: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await request(url, { method: 'POST', body, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });
  await response.body.text();
  expect(response.statusCode).toBe(200);
  return response.headers['x-hookbench-capture-id'] as string;
}

async function forwardsOf(captureId: string) {
  const { status, body } = await core.api('GET', `/api/requests/${captureId}/forwards`);
  expect(status).toBe(200);
  return body as { ruleUrl: string; url: string; status?: number; error?: { kind: string; message: string }; durationMs: number }[];
}

/** A loopback port with nothing listening on it. */
async function deadUrl(): Promise<string> {
  const gone = await startSink();
  await gone.close();
  return gone.url;
}

describe('forwarding rules', () => {
  it('relays 100 captures to a local server in order, byte-exact, none lost, each result recorded', async () => {
    const target = await sink();
    const created = await inbox('fwd-hundred', [{ url: `${target.url}/relay`, enabled: true }]);
    expect(created.forward).toEqual([{ url: `${target.url}/relay`, enabled: true }]);

    const ids: string[] = [];
    for (let n = 0; n < 100; n++)
      ids.push(await send(`${created.url}/events/${n}?n=${n}&x=%2F`, `capture ${n}: héllo ✓`, { 'x-seq': String(n) }));

    const received = await target.received(100);
    expect(received).toHaveLength(100);
    received.forEach((got, n) => {
      expect(got.method).toBe('POST');
      expect(got.url).toBe(`/relay/events/${n}?n=${n}&x=%2F`);
      expect(got.body).toBe(`capture ${n}: héllo ✓`);
      expect(got.headers['x-seq']).toBe(String(n));
      expect(got.headers['content-type']).toBe('text/plain; charset=utf-8');
    });

    // Each result is recorded after its answer came, so the last one may lag the sink a little.
    await expect.poll(async () => (await forwardsOf(ids[99]!)).length).toBe(1);
    for (const [n, id] of ids.entries()) {
      const forwards = await forwardsOf(id);
      expect(forwards).toHaveLength(1);
      expect(forwards[0]).toMatchObject({
        ruleUrl: `${target.url}/relay`,
        url: `${target.url}/relay/events/${n}?n=${n}&x=%2F`,
        status: 200,
      });
      expect(forwards[0]!.error).toBeUndefined();
    }
    const event = await stream.next((candidate) => candidate.type === 'capture.forwarded' && candidate.data.captureId === ids[0]);
    expect(event.data).toMatchObject({ inboxId: created.id, forward: { status: 200 } });
    // The sink got nothing more than the 100.
    expect(target.requests).toHaveLength(100);
  });

  it('records a failing target as errors and still forwards what follows, to it and to other rules', async () => {
    const dead = await deadUrl();
    const flaky = await sink((_request, index) => ({ status: index % 2 === 0 ? 503 : 200 }));
    const created = await inbox('fwd-failing', [
      { url: dead, enabled: true },
      { url: flaky.url, enabled: true },
    ]);
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push(await send(created.url, `failing ${n}`));

    const received = await flaky.received(5);
    expect(received.map((got) => got.body)).toEqual([0, 1, 2, 3, 4].map((n) => `failing ${n}`));
    await expect.poll(async () => (await Promise.all(ids.map(forwardsOf))).every((forwards) => forwards.length === 2)).toBe(true);
    for (const [n, id] of ids.entries()) {
      const forwards = await forwardsOf(id);
      const toDead = forwards.find((forward) => forward.ruleUrl === dead)!;
      expect(toDead.status).toBeUndefined();
      expect(toDead.error?.kind).toBe('refused');
      expect(forwards.find((forward) => forward.ruleUrl === flaky.url)?.status).toBe(n % 2 === 0 ? 503 : 200);
    }
  });

  it('forwards nothing to a disabled rule', async () => {
    const off = await sink();
    const on = await sink();
    const created = await inbox('fwd-disabled', [
      { url: off.url, enabled: false },
      { url: on.url, enabled: true },
    ]);
    const ids = [await send(created.url, 'one'), await send(created.url, 'two')];
    await on.received(2);
    await expect.poll(async () => (await forwardsOf(ids[1]!)).length).toBe(1);
    expect(off.requests).toHaveLength(0);
    expect((await forwardsOf(ids[0]!)).map((forward) => forward.ruleUrl)).toEqual([on.url]);

    // Turned off: later captures stay home.
    const patched = await core.api('PATCH', `/api/inboxes/${created.id}`, { forward: [{ url: on.url, enabled: false }] });
    expect(patched.status).toBe(200);
    const quiet = await send(created.url, 'three');
    expect(await forwardsOf(quiet)).toEqual([]);
    const cleared = await core.api('PATCH', `/api/inboxes/${created.id}`, { forward: null });
    expect(cleared.body.forward).toBeUndefined();
  });

  it('refuses a URL the target policy refuses when the rule is saved, naming the field', async () => {
    const metadata = await core.api('POST', '/api/inboxes', {
      slug: 'fwd-refused',
      forward: [{ url: 'http://169.254.169.254/latest', enabled: true }],
    });
    expect(metadata.status).toBe(400);
    expect(metadata.body.error).toMatchObject({ code: 'target_refused', field: 'forward.0.url' });

    const created = await inbox('fwd-refused', []);
    expect(created.forward).toBeUndefined();
    const ok = await sink();
    const scheme = await core.api('PATCH', `/api/inboxes/${created.id}`, {
      forward: [
        { url: ok.url, enabled: true },
        { url: 'ftp://127.0.0.1/x', enabled: true },
      ],
    });
    expect(scheme.status).toBe(400);
    expect(scheme.body.error).toMatchObject({ code: 'invalid_url', field: 'forward.1.url' });
    const control = await core.api('PATCH', `/api/inboxes/${created.id}`, { forward: [{ url: core.controlUrl, enabled: true }] });
    expect(control.body.error).toMatchObject({ code: 'target_refused', field: 'forward.0.url' });
    // Nothing was saved.
    expect((await core.api('GET', `/api/inboxes/${created.id}`)).body.forward).toBeUndefined();
  });

  it('does not forward a capture back into its own inbox', async () => {
    const created = await inbox('fwd-loop', []);
    await core.api('PATCH', `/api/inboxes/${created.id}`, { forward: [{ url: created.url, enabled: true }] });
    const id = await send(created.url, 'once');
    await expect.poll(async () => (await forwardsOf(id)).length).toBe(1);
    expect((await forwardsOf(id))[0]!.error?.kind).toBe('loop');
    expect((await core.api('GET', `/api/inboxes/${created.id}`)).body.requestCount).toBe(1);
  });

  it('answers 404 for the forwards of an unknown capture', async () => {
    const { status } = await core.api('GET', '/api/requests/req_nope/forwards');
    expect(status).toBe(404);
  });
});
