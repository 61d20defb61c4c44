import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPostData } from '../../electron/core/har/body.js';
import { Har } from '../../electron/core/har/schema.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { newInbox, type TestInbox } from '../helpers/providers.js';
import { startSink } from '../helpers/sink.js';
import { openStream, settled, type EventStream } from '../helpers/stream.js';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validHar = ajv.compile(Har);

function expectValidHar(har: unknown): void {
  expect(validHar(har), ajv.errorsText(validHar.errors)).toBe(true);
}

let core: TestCore;
let stream: EventStream;
beforeAll(async () => {
  core = await startTestCore();
  stream = await openStream(core);
});
afterAll(async () => {
  stream.close();
  await core.dispose();
});

const binary = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
/** Every kind of capture, as [what is sent, the bytes of its body]. */
const sent: { method: string; sub: string; headers: string[]; body: Buffer | null }[] = [
  {
    method: 'POST',
    sub: '/json?x=1&x=2&sp=a%20b',
    headers: ['content-type', 'application/json'],
    body: Buffer.from('{"é":"ünïcode","n":1}'),
  },
  {
    method: 'POST',
    sub: '/form',
    headers: ['content-type', 'application/x-www-form-urlencoded'],
    body: Buffer.from('a=1&b=two+words&c=%26'),
  },
  { method: 'PUT', sub: '/bytes', headers: ['content-type', 'application/octet-stream'], body: binary },
  { method: 'POST', sub: '', headers: ['x-empty', 'yes'], body: Buffer.alloc(0) },
  { method: 'GET', sub: '/get', headers: ['X-Dup', 'one', 'x-dup', 'two', 'X-DUP', 'three'], body: null },
];

async function sendAll(inbox: TestInbox): Promise<void> {
  for (const item of sent) {
    const response = await request(`${inbox.url}${item.sub}`, { method: item.method as 'POST', headers: item.headers, body: item.body });
    await response.body.dump();
  }
  await inbox.next(sent.length);
}

type Entry = { request: { method: string; url: string; headers: { name: string; value: string }[]; postData?: object }; response: any };

describe('HAR export of captures', () => {
  it('is valid HAR 1.2 and keeps every body byte-exact, base64 where binary', async () => {
    const inbox = await newInbox(core, 'har-kinds');
    await sendAll(inbox);
    const { status, headers, body: har } = await core.api('GET', `/api/inboxes/${inbox.id}/har`);
    expect(status).toBe(200);
    expect(String(headers['content-disposition'])).toContain('.har');
    expectValidHar(har);
    const entries: Entry[] = har.log.entries;
    expect(entries.map((entry) => entry.request.method)).toEqual(sent.map((item) => item.method));
    entries.forEach((entry, index) => {
      const item = sent[index]!;
      expect(entry.request.url).toBe(`${inbox.url}${item.sub}`);
      expect(fromPostData(entry.request.postData).equals(item.body ?? Buffer.alloc(0))).toBe(true);
      expect(entry.response.status).toBe(200);
    });
    expect(entries[2]!.request.postData).toMatchObject({ mimeType: 'application/octet-stream', _encoding: 'base64' });
    expect(entries[0]!.request.postData).toEqual({ mimeType: 'application/json', text: '{"é":"ünïcode","n":1}' });
    expect(entries[3]!.request.postData).toBeUndefined();
    expect(entries[4]!.request.headers.filter((h) => h.name.toLowerCase() === 'x-dup')).toEqual([
      { name: 'X-Dup', value: 'one' },
      { name: 'x-dup', value: 'two' },
      { name: 'X-DUP', value: 'three' },
    ]);

    const { body: newest } = await core.api('GET', `/api/inboxes/${inbox.id}/har?limit=2`);
    expectValidHar(newest);
    expect(newest.log.entries.map((entry: Entry) => entry.request.method)).toEqual(['POST', 'GET']);

    // The schema is strict where the spec is: a missing field or an unknown non-`_` field fails.
    const { cookies: _cookies, ...withoutCookies } = newest.log.entries[0].request;
    expect(validHar({ log: { ...newest.log, entries: [{ ...newest.log.entries[0], request: withoutCookies }] } })).toBe(false);
    expect(validHar({ log: { ...newest.log, entries: [{ ...newest.log.entries[0], extra: 1 }] } })).toBe(false);
    expect(validHar({ log: { ...newest.log, entries: [{ ...newest.log.entries[0], _extra: 1 }] } })).toBe(true);
  });

  it('says how to find an inbox that does not exist', async () => {
    const { status, body } = await core.api('GET', '/api/inboxes/inb_nope/har');
    expect(status).toBe(404);
    expect(body.error.code).toBe('inbox_not_found');
  });
});

describe('HAR export of deliveries', () => {
  it('has one valid entry per attempt, failed exchanges as status 0 with _error', async () => {
    const receiver = await startSink((_request, index) => (index === 0 ? { status: 500, body: 'boom' } : { body: 'fine' }));
    const closed = await startSink();
    await closed.close();
    try {
      const { body: retried } = await core.api('POST', '/api/hooks', { url: `${receiver.url}/hooks?tenant=7`, retry: { schedule: [10] } });
      const { body: refused } = await core.api('POST', '/api/hooks', { url: closed.url, retry: { preset: 'none' } });
      const { body: fired } = await core.api('POST', '/api/events', {
        provider: 'generic',
        type: 'ping',
        hookIds: [retried.id, refused.id],
      });
      for (const delivery of fired.deliveries) await settled(stream, delivery.id);

      const { status, body: har } = await core.api('GET', `/api/deliveries/har?eventId=${fired.event.id}`);
      expect(status).toBe(200);
      expectValidHar(har);
      const entries: Entry[] = har.log.entries;
      expect(entries).toHaveLength(3);
      const toReceiver = entries.filter((entry) => entry.request.url.startsWith(receiver.url));
      expect(toReceiver.map((entry) => entry.response.status)).toEqual([500, 200]);
      expect(toReceiver[0]!.response.content).toMatchObject({ text: 'boom', size: 4 });
      const sentBody = receiver.requests[0]!.body;
      expect(fromPostData(toReceiver[0]!.request.postData).toString('utf8')).toBe(sentBody);
      const failed = entries.find((entry) => entry.request.url.startsWith(closed.url))!;
      expect(failed.response).toMatchObject({ status: 0, _errorKind: 'refused' });
      expect(failed.response._error).toContain('refused');

      const { body: onlyRefused } = await core.api('GET', `/api/deliveries/har?hookId=${refused.id}`);
      expectValidHar(onlyRefused);
      expect(onlyRefused.log.entries).toHaveLength(1);
      const { body: succeeded } = await core.api('GET', `/api/deliveries/har?eventId=${fired.event.id}&status=succeeded`);
      expect(succeeded.log.entries.map((entry: Entry) => entry.response.status)).toEqual([500, 200]);
      expect((await core.api('GET', '/api/deliveries/har?status=bogus')).status).toBe(400);
    } finally {
      await receiver.close();
    }
  });

  it("withholds credential headers (Codewars secret, a hook's Authorization, cookies) unless asked for them", async () => {
    const receiver = await startSink(() => ({ headers: { 'set-cookie': 'session=receiver-session-4242' } }));
    const codewarsSecret = 'codewars-shared-secret-77';
    const bearer = 'Bearer hook-header-token-99';
    try {
      const { body: codewars } = await core.api('POST', '/api/hooks', {
        provider: 'codewars',
        url: `${receiver.url.replace('//', '//user:url-password-13@')}/cw`,
        secret: codewarsSecret,
      });
      const { body: generic } = await core.api('POST', '/api/hooks', {
        url: `${receiver.url}/generic`,
        headers: { Authorization: bearer, Cookie: 'sid=hook-cookie-55' },
        retry: { preset: 'none' },
      });
      const { body: fired } = await core.api('POST', '/api/events', {
        provider: 'codewars',
        type: 'code_challenge.created',
        hookIds: [codewars.id],
      });
      const { body: firedGeneric } = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [generic.id] });
      for (const delivery of [...fired.deliveries, ...firedGeneric.deliveries]) await settled(stream, delivery.id);
      // What went out did carry them: the receiver is tested against what the provider sends.
      expect(receiver.requests.some((request) => request.headers['x-webhook-secret'] === codewarsSecret)).toBe(true);

      const credentials = [codewarsSecret, bearer, 'hook-cookie-55', 'receiver-session-4242', 'url-password-13'];
      for (const hook of [codewars, generic]) {
        const { body: shared } = await core.api('GET', `/api/deliveries/har?hookId=${hook.id}`);
        expectValidHar(shared);
        const text = JSON.stringify(shared);
        for (const credential of credentials) expect(text).not.toContain(credential);
        expect(shared.log.comment).toContain('secrets=true');
      }
      const { body: codewarsHar } = await core.api('GET', `/api/deliveries/har?hookId=${codewars.id}`);
      const codewarsRequest = codewarsHar.log.entries.at(-1).request;
      expect(codewarsRequest.headers).toContainEqual({ name: 'X-Webhook-Secret', value: '[secret]' });
      // Only credentials are withheld: the rest of the request is as sent.
      expect(codewarsRequest.headers).toContainEqual({ name: 'X-Webhook-Event', value: 'code_challenge' });
      const { body: genericHar } = await core.api('GET', `/api/deliveries/har?hookId=${generic.id}`);
      const [genericEntry] = genericHar.log.entries;
      expect(genericEntry.request.headers).toContainEqual({ name: 'Authorization', value: '[secret]' });
      expect(genericEntry.request.headers.map(({ name }: { name: string }) => name.toLowerCase())).toContain('webhook-signature');
      expect(genericEntry.response.headers).toContainEqual({ name: 'set-cookie', value: '[secret]' });

      const { body: whole } = await core.api('GET', `/api/deliveries/har?hookId=${generic.id}&secrets=true`);
      expectValidHar(whole);
      expect(whole.log.entries[0].request.headers).toContainEqual({ name: 'Authorization', value: bearer });
      expect(codewarsRequest.url).toContain('user:%5Bsecret%5D@');
      expect(whole.log.entries[0].response.headers).toContainEqual({ name: 'set-cookie', value: 'session=receiver-session-4242' });
      const { body: wholeCodewars } = await core.api('GET', `/api/deliveries/har?hookId=${codewars.id}&secrets=true`);
      expect(JSON.stringify(wholeCodewars)).toContain(codewarsSecret);
      expect(JSON.stringify(wholeCodewars)).toContain('user:url-password-13@');
    } finally {
      await receiver.close();
    }
  });
});

describe('HAR replay', () => {
  it('replays an exported HAR into another inbox, byte-exact, in order, at the same sub-paths', async () => {
    const source = await newInbox(core, 'har-source');
    await sendAll(source);
    const { body: har } = await core.api('GET', `/api/inboxes/${source.id}/har`);
    const target = await newInbox(core, 'har-target');
    const { status, body: result } = await core.api('POST', '/api/har/replay', { har, inboxSlug: 'har-target' });
    expect(status, JSON.stringify(result)).toBe(200);
    expect(result.statuses).toEqual({ 200: sent.length });
    const arrived = await target.next(sent.length);
    arrived.forEach((capture, index) => {
      const item = sent[index]!;
      expect(capture.method).toBe(item.method);
      expect(capture.path).toBe(`/in/har-target${item.sub.split('?')[0]}`);
      expect(Buffer.from(capture.body, capture.bodyEncoding).equals(item.body ?? Buffer.alloc(0))).toBe(true);
    });
    const dup = arrived[4]!.headers.filter(([name]) => name.toLowerCase() === 'x-dup');
    expect(dup).toEqual([
      ['X-Dup', 'one'],
      ['x-dup', 'two'],
      ['X-DUP', 'three'],
    ]);
    const { body: json } = await core.api('GET', `/api/requests/${arrived[0]!.id}`);
    expect(json.query).toEqual([
      ['x', '1'],
      ['x', '2'],
      ['sp', 'a b'],
    ]);
  });

  it("reads browsers' HARs: `encoding: base64`, pseudo-headers, a URL target", async () => {
    const target = await newInbox(core, 'har-browser');
    const har = {
      log: {
        version: '1.2',
        entries: [
          {
            request: {
              method: 'POST',
              url: 'https://shop.example/webhooks/stripe?live=0',
              headers: [
                { name: ':authority', value: 'shop.example' },
                { name: 'host', value: 'shop.example' },
                { name: 'content-length', value: '999' },
                { name: 'stripe-signature', value: 't=1,v1=abc' },
              ],
              postData: { mimeType: 'application/octet-stream', text: binary.toString('base64'), encoding: 'base64' },
            },
          },
        ],
      },
    };
    const { status, body: result } = await core.api('POST', '/api/har/replay', { har, url: `${target.url}/sub` });
    expect(status, JSON.stringify(result)).toBe(200);
    expect(result.results[0]).toMatchObject({ status: 200, url: `${target.url}/sub/webhooks/stripe?live=0`, error: null });
    const [capture] = await target.next();
    expect(Buffer.from(capture!.body, capture!.bodyEncoding).equals(binary)).toBe(true);
    expect(capture!.headers).toContainEqual(['stripe-signature', 't=1,v1=abc']);
    expect(capture!.headers.some(([name]) => name === ':authority')).toBe(false);
  });

  it('refuses targets the hook target policy refuses, and needs exactly one target', async () => {
    const har = { log: { entries: [{ request: { method: 'GET', url: 'http://x/' } }] } };
    const control = await core.api('POST', '/api/har/replay', { har, url: `${core.controlUrl}/api/health` });
    expect(control.status).toBe(400);
    expect(control.body.error.code).toBe('target_refused');
    const metadata = await core.api('POST', '/api/har/replay', { har, url: 'http://169.254.169.254/latest' });
    expect(metadata.body.error.code).toBe('target_refused');
    const neither = await core.api('POST', '/api/har/replay', { har });
    expect(neither.status).toBe(400);
    expect(neither.body.error.message).toContain('inboxSlug');
    const unknown = await core.api('POST', '/api/har/replay', { har, inboxSlug: 'nope-nope' });
    expect(unknown.status).toBe(404);
  });

  it('reports a request that got no answer and goes on with the rest', async () => {
    const closed = await startSink();
    await closed.close();
    const har = {
      log: { entries: [{ request: { method: 'GET', url: 'http://a/one' } }, { request: { method: 'GET', url: 'http://a/two' } }] },
    };
    const { body } = await core.api('POST', '/api/har/replay', { har, url: closed.url });
    expect(body.statuses).toEqual({ error: 2 });
    expect(body.results[1].error).toMatch(/^refused:/);
  });
});
