import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { defaultInboxId, startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore;
let port: number;

beforeAll(async () => {
  core = await startTestCore({
    ingressHost: '0.0.0.0',
    limits: { bodyLimit: 64 * 1024, headersTimeoutMs: 1000, requestTimeoutMs: 1500, maxConnections: 20 },
  });
  port = Number(new URL(core.controlUrl).port);
});
afterAll(() => core.dispose());

const get = (path: string, headers: Record<string, string> = {}) =>
  request(`${core.controlUrl}${path}`, { headers }).then(async (response) => ({
    status: response.statusCode,
    headers: response.headers,
    text: await response.body.text(),
  }));
const bearer = () => ({ authorization: `Bearer ${core.token}` });

describe('control API access', () => {
  it('refuses requests without the token, with a wrong one, or with the token in the wrong place', async () => {
    expect((await get('/api/inboxes')).status).toBe(401);
    const wrong = core.token.slice(0, -1) + (core.token.endsWith('A') ? 'B' : 'A');
    expect((await get('/api/inboxes', { authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await get('/api/inboxes', { authorization: core.token })).status).toBe(401);
    expect((await get(`/api/inboxes?token=${core.token}`)).status).toBe(401);
    expect((await get('/api/inboxes', bearer())).status).toBe(200);
  });

  it('refuses foreign Host headers (DNS rebinding) even with the token', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `localhost:${port + 1}`]) {
      const response = await get('/api/health', { ...bearer(), host });
      expect(response.status, host).toBe(403);
      expect(response.text).toContain('forbidden_host');
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect((await get('/api/health', { ...bearer(), host })).status, host).toBe(200);
    }
  });

  it('refuses foreign and null Origins on every method and on the stream, and sends no CORS headers', async () => {
    for (const origin of ['http://evil.example', 'null', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`]) {
      const read = await get('/api/inboxes', { ...bearer(), origin });
      expect(read.status, origin).toBe(403);
      const write = await request(`${core.controlUrl}/api/inboxes`, {
        method: 'POST',
        headers: { ...bearer(), origin, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(write.statusCode, origin).toBe(403);
      await write.body.dump();
      const stream = await get('/api/stream', { ...bearer(), origin });
      expect(stream.status, origin).toBe(403);
      const preflight = await request(`${core.controlUrl}/api/inboxes`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(preflight.statusCode).toBe(403);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      await preflight.body.dump();
    }
    const same = await get('/api/inboxes', { ...bearer(), origin: `http://127.0.0.1:${port}` });
    expect(same.status).toBe(200);
    expect(same.headers['access-control-allow-origin']).toBeUndefined();
    expect((await get('/api/inboxes', { ...bearer(), 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });

  it('swaps the bootstrap token for an HttpOnly SameSite=Strict cookie', async () => {
    const bootstrap = await get(`/?token=${encodeURIComponent(core.token)}`);
    expect(bootstrap.status).toBe(302);
    expect(bootstrap.headers.location).toBe('/');
    const cookie = String(bootstrap.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    expect((await get('/api/inboxes', { cookie: session })).status).toBe(200);
    expect((await get('/?token=wrong-token')).status).toBe(401);
    const page = await get('/', { cookie: session });
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('<div id="root"></div>');
    expect(page.text).not.toMatch(/<script>|<script type="module">[^<]/);
  });

  it('listens for control on loopback only, even when the ingress is exposed', async () => {
    expect(new URL(core.controlUrl).hostname).toBe('127.0.0.1');
    // Bound to 127.0.0.1 exactly: the IPv6 loopback is not served.
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '::1', port }, () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });

  it('serves captured bodies as sandboxed downloads, never as a page on the control origin', async () => {
    const sent = await request(`${core.ingressUrl}/in/default`, {
      method: 'POST',
      headers: { 'content-type': 'text/html' },
      body: '<script>alert(1)</script>',
    });
    await sent.body.dump();
    const body = await get(`/api/requests/${sent.headers['x-hookbench-capture-id']}/body`, bearer());
    expect(body.text).toBe('<script>alert(1)</script>');
    expect(body.headers['content-security-policy']).toContain('sandbox');
    expect(body.headers['content-disposition']).toMatch(/^attachment/);
    expect(body.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('ingress bounds', () => {
  it('answers 413 to an oversize body (declared or streamed) and keeps it, truncated', async () => {
    const inboxId = await defaultInboxId(core.api);
    const declared = await request(`${core.ingressUrl}/in/default/big`, { method: 'POST', body: Buffer.alloc(200 * 1024, 1) });
    expect(declared.statusCode).toBe(413);
    expect(await declared.body.text()).toContain('--body-limit');
    // Announced as too large, it is still kept: its first 64 KiB, and the size it announced.
    const kept = await core.api('GET', `/api/requests/${declared.headers['x-hookbench-capture-id'] as string}`);
    expect(kept.body).toMatchObject({ truncated: true, responseStatus: 413, size: 200 * 1024 });
    const keptBody = await request(`${core.controlUrl}/api/requests/${kept.body.id}/body`, {
      headers: { authorization: `Bearer ${core.token}` },
    });
    const keptBytes = Buffer.from(await keptBody.body.arrayBuffer());
    expect(keptBytes.equals(Buffer.alloc(64 * 1024, 1))).toBe(true);
    async function* chunks() {
      for (let index = 0; index < 20; index += 1) yield Buffer.alloc(8 * 1024, 2);
    }
    const streamed = await request(`${core.ingressUrl}/in/default/chunked`, { method: 'POST', body: Readable.from(chunks()) });
    expect(streamed.statusCode).toBe(413);
    await streamed.body.dump();
    const { body } = await core.api('GET', `/api/inboxes/${inboxId}/requests?q=chunked`);
    expect(body.items[0]).toMatchObject({ truncated: true, responseStatus: 413 });
    expect(body.items[0].size).toBeGreaterThan(64 * 1024);
    const inbox = await request(`${core.ingressUrl}/in/default`, { method: 'POST', body: 'fine' });
    expect(inbox.statusCode).toBe(200);
    await inbox.body.dump();
  });

  it('answers 414 to a long URL and 431 to a header flood', async () => {
    const long = await request(`${core.ingressUrl}/in/default/${'a'.repeat(10_000)}`);
    expect(long.statusCode).toBe(414);
    await long.body.dump();
    const headers: Record<string, string> = {};
    for (let index = 0; index < 200; index += 1) headers[`x-flood-${index}`] = 'v'.repeat(200);
    const flood = await sendRaw(
      `POST /in/default HTTP/1.1\r\nHost: x\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n`,
    );
    expect(flood).toMatch(/^HTTP\/1.1 431/);
  });

  it('cuts off a client that drips its headers or its body, and keeps serving others', async () => {
    const dripHeaders = await drip('POST /in/default HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(100));
    expect(dripHeaders.closed).toBe(true);
    const dripBody = await drip('', 'POST /in/default HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n');
    expect(dripBody.closed).toBe(true);
    const ok = await request(`${core.ingressUrl}/in/default`, { method: 'POST', body: 'others are served' });
    expect(ok.statusCode).toBe(200);
    await ok.body.dump();
  });

  it('caps concurrent connections', async () => {
    const sockets = await Promise.all(Array.from({ length: 30 }, () => openSocket()));
    // The server closes connections past its cap as soon as it accepts them.
    await Promise.all(sockets.map((socket) => Promise.race([socket.gone, new Promise((resolve) => setTimeout(resolve, 1000))])));
    expect(sockets.filter((socket) => socket.isGone()).length).toBeGreaterThanOrEqual(10);
    for (const socket of sockets) socket.destroy();
    const ok = await request(`${core.ingressUrl}/in/default`, { method: 'POST', body: 'after the flood' });
    expect(ok.statusCode).toBe(200);
    await ok.body.dump();
  });
});

function ingressPort(): number {
  return Number(new URL(core.ingressUrl).port);
}

type TrackedSocket = Socket & { gone: Promise<void>; isGone(): boolean };

/** A raw connection to the ingress that remembers whether the server closed it. */
function openSocket(): Promise<TrackedSocket> {
  return new Promise((resolve, reject) => {
    let gone = false;
    const socket = connect({ host: '127.0.0.1', port: ingressPort() }) as TrackedSocket;
    socket.gone = new Promise((closed) => socket.once('close', () => closed()));
    socket.gone.then(() => (gone = true));
    socket.isGone = () => gone;
    socket.once('connect', () => resolve(socket));
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

async function sendRaw(text: string): Promise<string> {
  const socket = await openSocket();
  return new Promise((resolve) => {
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.write(text);
    setTimeout(() => socket.destroy(), 3000);
  });
}

/** Sends `prefix`, then one byte of `slow` (or 'a') every 100 ms, at most 80 times, until the server closes. */
async function drip(slow: string, prefix = ''): Promise<{ closed: boolean }> {
  const socket = await openSocket();
  let closed = false;
  socket.on('close', () => (closed = true));
  socket.on('data', () => {});
  if (prefix) socket.write(prefix);
  const text = slow || 'a'.repeat(80);
  for (let index = 0; index < 80 && !closed; index += 1) {
    socket.write(text[index % text.length]!);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  socket.destroy();
  return { closed };
}
