import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore;

beforeAll(async () => {
  core = await startTestCore();
});
afterAll(() => core.dispose());

/** Sends a request to an inbox and returns the stored capture and its raw body. */
async function send(path: string, init: { method?: string; headers?: string[] | Record<string, string>; body?: Buffer | string } = {}) {
  const response = await request(`${core.ingressUrl}${path}`, {
    method: (init.method ?? 'POST') as 'POST',
    headers: init.headers,
    body: init.body,
  });
  const answer = await response.body.arrayBuffer();
  const id = response.headers['x-hookbench-capture-id'] as string;
  const capture = (await core.api('GET', `/api/requests/${id}`)).body;
  const raw = await request(`${core.controlUrl}/api/requests/${id}/body`, { headers: { authorization: `Bearer ${core.token}` } });
  return {
    status: response.statusCode,
    answer: Buffer.from(answer),
    headers: response.headers,
    capture,
    raw: Buffer.from(await raw.body.arrayBuffer()),
  };
}

describe('capture', () => {
  it('stores a JSON body byte for byte and parses it safely', async () => {
    const body = '{"b": 2,\n  "a":[1, 2.50], "__proto__": {"polluted": true}}';
    const { status, answer, capture, raw } = await send('/in/default', { headers: { 'content-type': 'application/json' }, body });
    expect(status).toBe(200);
    expect(answer.toString()).toBe('{"ok":true}');
    expect(raw.toString()).toBe(body);
    expect(capture.body).toBe(body);
    expect(capture.bodyEncoding).toBe('utf8');
    expect(capture.json).toEqual(JSON.parse(body));
    expect(capture.json.__proto__).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('shows JSON sent as text/plain (as Amazon SNS sends it) as JSON too, and plain text as text', async () => {
    const notification = '{"Type":"Notification","MessageId":"22b80b92","Message":"hello"}';
    const sns = await send('/in/default', { headers: { 'content-type': 'text/plain; charset=UTF-8' }, body: notification });
    expect(sns.capture.json).toEqual(JSON.parse(notification));
    expect(sns.capture.body).toBe(notification);
    for (const text of ['hello', '{not json']) {
      const plain = await send('/in/default', { headers: { 'content-type': 'text/plain' }, body: text });
      expect(plain.capture.json, text).toBeUndefined();
      expect(plain.capture.body).toBe(text);
    }
  });

  it('keeps urlencoded forms as sent and shows their fields in order', async () => {
    const body = 'name=J%C3%BCrgen&tag=a&tag=b&empty=';
    const { capture, raw } = await send('/in/default', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(raw.toString()).toBe(body);
    expect(capture.form).toEqual([
      ['name', 'Jürgen'],
      ['tag', 'a'],
      ['tag', 'b'],
      ['empty', ''],
    ]);
  });

  it('keeps multipart bodies as sent and lists their parts', async () => {
    const boundary = '----hookbench1234';
    const file = Buffer.from([0, 1, 2, 255, 254]);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="field"\r\n\r\nhello\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const { capture, raw } = await send('/in/default', { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(raw.equals(body)).toBe(true);
    expect(capture.bodyEncoding).toBe('base64');
    expect(Buffer.from(capture.body, 'base64').equals(body)).toBe(true);
    expect(capture.multipart).toEqual([
      { name: 'field', contentType: 'text/plain', size: 5, value: 'hello' },
      { name: 'upload', filename: 'a.bin', contentType: 'application/octet-stream', size: 5 },
    ]);
  });

  it('stores every byte value exactly', async () => {
    const body = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
    const { capture, raw } = await send('/in/default', { headers: { 'content-type': 'application/octet-stream' }, body });
    expect(raw.equals(body)).toBe(true);
    expect(capture.size).toBe(256);
    expect(Buffer.from(capture.body, 'base64').equals(body)).toBe(true);
  });

  it('keeps gzip bodies compressed, as sent', async () => {
    const body = gzipSync(Buffer.from(JSON.stringify({ hello: 'world' })));
    const { capture, raw } = await send('/in/default', {
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body,
    });
    expect(raw.equals(body)).toBe(true);
    expect(capture.headers).toContainEqual(['content-encoding', 'gzip']);
    expect(capture.json).toBeUndefined();
  });

  it('stores large bodies (kept in their own file) byte for byte', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024);
    for (let index = 0; index < body.length; index += 1) body[index] = (index * 7) % 251;
    const { capture, raw } = await send('/in/default', { body });
    expect(raw.equals(body)).toBe(true);
    expect(capture.size).toBe(body.length);
  });

  it('keeps headers in received order with duplicates and original case', async () => {
    const { capture } = await send('/in/default', {
      headers: ['X-First', '1', 'x-dup', 'a', 'X-Dup', 'b', 'Set-Cookie', 'c=1', 'Set-Cookie', 'd=2'],
      body: 'x',
    });
    const sent = capture.headers.filter(([name]: [string]) => /^(x-first|x-dup|set-cookie)$/i.test(name));
    expect(sent).toEqual([
      ['X-First', '1'],
      ['x-dup', 'a'],
      ['X-Dup', 'b'],
      ['Set-Cookie', 'c=1'],
      ['Set-Cookie', 'd=2'],
    ]);
  });

  it('captures every method, sub-paths and query strings', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND', 'PURGE']) {
      const { status, capture, answer } = await send(`/in/default/deep/sub%20path/?a=1&a=2&b=%C3%A9&flag`, { method });
      expect(status, method).toBe(200);
      expect(capture.method).toBe(method);
      expect(capture.path).toBe('/in/default/deep/sub%20path/');
      expect(capture.query).toEqual([
        ['a', '1'],
        ['a', '2'],
        ['b', 'é'],
        ['flag', ''],
      ]);
      if (method === 'HEAD') expect(answer.length).toBe(0);
    }
  });

  it('records the remote address, receive time and the status it answered', async () => {
    const before = Date.now();
    const { capture } = await send('/in/default', { body: 'x' });
    expect(capture.remoteAddress).toBe('127.0.0.1');
    expect(Date.parse(capture.receivedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(capture.responseStatus).toBe(200);
  });

  it('answers with the inbox’s configured response, after its delay', async () => {
    const created = await core.api('POST', '/api/inboxes', {
      slug: 'teapot',
      response: { status: 418, headers: { 'x-custom': 'yes', 'content-type': 'text/plain' }, body: 'short and stout', delayMs: 300 },
    });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(`${core.ingressUrl}/in/teapot`);
    const started = Date.now();
    const { status, headers, answer, capture } = await send('/in/teapot', { body: 'x' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(status).toBe(418);
    expect(headers['x-custom']).toBe('yes');
    expect(answer.toString()).toBe('short and stout');
    expect(capture.responseStatus).toBe(418);
  });

  it('sends no body with a 204 or 304 answer, whatever the inbox body says', async () => {
    for (const status of [204, 304]) {
      await core.api('POST', '/api/inboxes', { slug: `empty-${status}`, response: { status, body: 'ignored' } });
      const sent = await send(`/in/empty-${status}`, { body: 'x' });
      expect(sent.status).toBe(status);
      expect(sent.answer.length).toBe(0);
      expect(sent.headers['content-length']).toBeUndefined();
      expect(sent.capture.responseStatus).toBe(status);
    }
  });

  it('explains how to create an unknown inbox', async () => {
    const response = await request(`${core.ingressUrl}/in/nope/x`, { method: 'POST', body: 'x' });
    expect(response.statusCode).toBe(404);
    const body = (await response.body.json()) as { error: { message: string } };
    expect(body.error.message).toContain('POST /api/inboxes {"slug":"nope"}');
  });

  it('lists captures newest first, pages them, and searches method, path, headers and body', async () => {
    const { body: inbox } = await core.api('POST', '/api/inboxes', { slug: 'search' });
    for (let index = 0; index < 5; index += 1) {
      await request(`${core.ingressUrl}/in/search/item-${index}`, {
        method: 'POST',
        headers: { 'x-tag': `tag-${index}` },
        body: `{"n":${index},"word":"needle${index}"}`,
      }).then((r) => r.body.dump());
    }
    const first = await core.api('GET', `/api/inboxes/${inbox.id}/requests?limit=2`);
    expect(first.body.items.map((item: { path: string }) => item.path)).toEqual(['/in/search/item-4', '/in/search/item-3']);
    const second = await core.api('GET', `/api/inboxes/${inbox.id}/requests?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item: { path: string }) => item.path)).toEqual(['/in/search/item-2', '/in/search/item-1']);
    const third = await core.api('GET', `/api/inboxes/${inbox.id}/requests?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body.items).toHaveLength(1);
    expect(third.body.nextCursor).toBeNull();

    const byBody = await core.api('GET', `/api/inboxes/${inbox.id}/requests?q=NEEDLE3`);
    expect(byBody.body.items.map((item: { path: string }) => item.path)).toEqual(['/in/search/item-3']);
    const byHeader = await core.api('GET', `/api/inboxes/${inbox.id}/requests?q=tag-1`);
    expect(byHeader.body.items.map((item: { path: string }) => item.path)).toEqual(['/in/search/item-1']);
    const byPath = await core.api('GET', `/api/inboxes/${inbox.id}/requests?q=item-0`);
    expect(byPath.body.items).toHaveLength(1);
    const byQuote = await core.api('GET', `/api/inboxes/${inbox.id}/requests?q=${encodeURIComponent('"n":2')}`);
    expect(byQuote.body.items.map((item: { path: string }) => item.path)).toEqual(['/in/search/item-2']);
    await request(`${core.ingressUrl}/in/search/unicode`, { method: 'POST', body: 'Grüße (aus) [Köln] *.*' }).then((r) => r.body.dump());
    for (const q of ['grüße', '(aus)', '[Köln] *.*']) {
      const found = await core.api('GET', `/api/inboxes/${inbox.id}/requests?q=${encodeURIComponent(q)}`);
      expect(
        found.body.items.map((item: { path: string }) => item.path),
        q,
      ).toEqual(['/in/search/unicode']);
    }
    // A header value sent as UTF-8 bytes (stored one character per byte) is found by its text too.
    const utf8Bytes = Buffer.from('Zürich, Straße 1', 'utf8').toString('latin1');
    await request(`${core.ingressUrl}/in/search/header-utf8`, { method: 'POST', headers: { 'x-city': utf8Bytes }, body: 'plain' }).then(
      (r) => r.body.dump(),
    );
    for (const q of ['zürich, straße', 'STRAßE 1', utf8Bytes]) {
      const found = await core.api('GET', `/api/inboxes/${inbox.id}/requests?q=${encodeURIComponent(q)}`);
      expect(
        found.body.items.map((item: { path: string }) => item.path),
        q,
      ).toEqual(['/in/search/header-utf8']);
    }
  });

  it('clears and deletes inboxes with their captures', async () => {
    const { body: inbox } = await core.api('POST', '/api/inboxes', { slug: 'temporary', name: 'Temp' });
    await request(`${core.ingressUrl}/in/temporary`, { method: 'POST', body: 'x' }).then((r) => r.body.dump());
    expect((await core.api('GET', `/api/inboxes/${inbox.id}`)).body.requestCount).toBe(1);
    expect((await core.api('DELETE', `/api/inboxes/${inbox.id}/requests`)).status).toBe(204);
    expect((await core.api('GET', `/api/inboxes/${inbox.id}`)).body.requestCount).toBe(0);
    expect((await core.api('DELETE', `/api/inboxes/${inbox.id}`)).status).toBe(204);
    expect((await core.api('GET', `/api/inboxes/${inbox.id}`)).status).toBe(404);
    const after = await request(`${core.ingressUrl}/in/temporary`, { method: 'POST', body: 'x' });
    expect(after.statusCode).toBe(404);
    await after.body.dump();
  });
});

describe('inbox API', () => {
  it('refuses a taken slug with 409 and bad input with 400 naming the field', async () => {
    const taken = await core.api('POST', '/api/inboxes', { slug: 'default' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'slug_taken', field: 'slug' });
    const badSlug = await core.api('POST', '/api/inboxes', { slug: 'has space' });
    expect(badSlug.status).toBe(400);
    expect(badSlug.body.error.field).toBe('slug');
    const badDelay = await core.api('POST', '/api/inboxes', { response: { delayMs: 60_000 } });
    expect(badDelay.status).toBe(400);
    expect(badDelay.body.error.field).toBe('response.delayMs');
    const unknownField = await core.api('POST', '/api/inboxes', { slgu: 'typo' });
    expect(unknownField.status).toBe(400);
    const notJson = await core.api('POST', '/api/inboxes', undefined, { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
  });

  it('renames and re-slugs an inbox', async () => {
    const { body: inbox } = await core.api('POST', '/api/inboxes', { slug: 'old-slug' });
    const patched = await core.api('PATCH', `/api/inboxes/${inbox.id}`, { slug: 'new-slug', name: 'Renamed', response: { status: 202 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ slug: 'new-slug', name: 'Renamed', response: { status: 202, body: '{"ok":true}' } });
    const response = await request(`${core.ingressUrl}/in/new-slug`, { method: 'POST', body: 'x' });
    expect(response.statusCode).toBe(202);
    await response.body.dump();
  });
});
