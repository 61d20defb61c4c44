import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { silentLogger, type Logger } from '../../electron/core/log.js';
import { buildControlApp } from '../../electron/core/server/control/app.js';
import { startTestCore, type TestCore } from '../helpers/core.js';

/**
 * Attacks on the control API, on every route it has (listed from the app itself, so a new
 * route is covered without editing this file), and a search for secrets in everything meant
 * for display or export.
 */

const TOKEN = 'attack-token-' + 'T'.repeat(40);
const HOOK_SECRET = 'attack-hook-secret-S3CR3T-0123456789';
// Codewars is left out on purpose: its convention sends the secret itself as X-Webhook-Secret,
// so its delivery records (what was sent) carry it; see the README's Security section.
const PROVIDER_TOKEN = 'attack-provider-token-PR0V1D3R-555';
const SECRETS = [TOKEN, HOOK_SECRET, PROVIDER_TOKEN];

const logged: string[] = [];
const logger: Logger = {
  info: (message) => logged.push(message),
  warn: (message) => logged.push(message),
  error: (message) => logged.push(message),
};

let core: TestCore;
let port: number;
let routes: { method: string; path: string }[];

/** Every route the control app declares, with its parameters filled in. */
async function controlRoutes(): Promise<{ method: string; path: string }[]> {
  const found: { method: string; path: string }[] = [];
  // Built with empty services: only the route table is read, no handler runs.
  const app = buildControlApp({
    token: { current: TOKEN } as any,
    settings: {} as any,
    services: new Proxy({}, { get: () => ({}) }) as any,
    health: () => ({}) as any,
    ingressUrl: () => '',
    log: silentLogger,
  });
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      found.push({ method, path: route.url.replace(/:[a-z]+/gi, 'x1').replace('*', 'index.js') });
    }
  });
  await app.ready();
  await app.close();
  return found;
}

beforeAll(async () => {
  routes = await controlRoutes();
  core = await startTestCore({ token: TOKEN, logger });
  port = Number(new URL(core.controlUrl).port);
});
afterAll(() => core?.dispose());

async function send(method: string, path: string, headers: Record<string, string>) {
  const response = await request(`${core.controlUrl}${path}`, {
    method: method as 'GET',
    headers,
    body: ['GET', 'HEAD'].includes(method) ? undefined : '{}',
  });
  const text = await response.body.text();
  return { status: response.statusCode, text };
}

const bearer = { authorization: `Bearer ${TOKEN}` };
const json = { 'content-type': 'application/json' };

describe('every control route refuses', () => {
  it('covers the whole API, the stream and the UI', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes).toContainEqual({ method: 'GET', path: '/api/stream' });
    expect(routes).toContainEqual({ method: 'POST', path: '/api/token/rotate' });
    expect(routes).toContainEqual({ method: 'GET', path: '/assets/index.js' });
  });

  it('foreign Host values (DNS rebinding), with the right token', async () => {
    const hosts = [
      'evil.example',
      `evil.example:${port}`,
      `127.0.0.1.evil.example:${port}`,
      `localhost.evil.example:${port}`,
      'localhost:1',
      `localhost.:${port}`,
      `0.0.0.0:${port}`,
      `127.0.0.2:${port}`,
      '127.0.0.1',
    ];
    for (const { method, path } of routes) {
      for (const host of hosts) {
        const answer = await send(method, path, { ...bearer, ...json, host });
        expect(answer.status, `${method} ${path} Host ${host}`).toBe(403);
        if (method !== 'HEAD') expect(answer.text, `${method} ${path}`).toContain('forbidden_host');
      }
    }
  });

  it('foreign and null Origins, and cross-site fetches, with the right token', async () => {
    const origins = [
      'http://evil.example',
      'null',
      `http://127.0.0.1:${port}.evil.example`,
      `http://localhost:1`,
      `https://localhost:${port}`,
    ];
    for (const { method, path } of routes) {
      for (const origin of origins) {
        const answer = await send(method, path, { ...bearer, ...json, origin });
        expect(answer.status, `${method} ${path} Origin ${origin}`).toBe(403);
      }
      if (!path.startsWith('/api')) continue;
      for (const site of ['cross-site', 'same-site']) {
        const answer = await send(method, path, { ...bearer, ...json, 'sec-fetch-site': site });
        expect(answer.status, `${method} ${path} Sec-Fetch-Site ${site}`).toBe(403);
      }
    }
  });

  it('the token anywhere but the Authorization header or the session cookie, or a wrong one of the right length', async () => {
    const wrong = TOKEN.slice(0, -1) + 'X';
    const attempts: [string, Record<string, string>][] = [
      ['?token=', {}],
      ['?access_token=', {}],
      ['', { authorization: `Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}` }],
      ['', { authorization: `Basic ${Buffer.from(`${TOKEN}:`).toString('base64')}` }],
      ['', { authorization: TOKEN }],
      ['', { authorization: `Token ${TOKEN}` }],
      ['', { authorization: `Bearer ${wrong}` }],
      ['', { authorization: `Bearer ${TOKEN}x` }],
      ['', { authorization: 'Bearer ' }],
      ['', { 'x-hookbench-token': TOKEN, 'x-api-key': TOKEN }],
      ['', { cookie: `token=${TOKEN}; session=${TOKEN}` }],
      ['', { cookie: `hookbench_session=${wrong}` }],
    ];
    for (const { method, path } of routes.filter((route) => route.path.startsWith('/api'))) {
      for (const [query, headers] of attempts) {
        const url = query ? `${path}${query}${encodeURIComponent(TOKEN)}` : path;
        const answer = await send(method, url, { ...json, ...headers });
        expect(answer.status, `${method} ${url} ${JSON.stringify(headers)}`).toBe(401);
      }
    }
    // The bootstrap link with a wrong token of the right length signs nobody in.
    const page = await send('GET', `/?token=${encodeURIComponent(wrong)}`, {});
    expect(page.status).toBe(401);
  });

  it('the API under a percent-encoded or otherwise disguised path still needs the token', async () => {
    for (const path of [
      '/%61pi/inboxes',
      '/ap%69/inboxes',
      '/api%2Finboxes',
      '//api/inboxes',
      '/API/inboxes',
      '/./api/inboxes',
      '/assets/../api/inboxes',
    ]) {
      const answer = await raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      expect(answer.slice(0, 12), path).not.toBe('HTTP/1.1 200');
      expect(answer, path).not.toContain('"items"');
    }
    const absolute = await raw(`GET http://127.0.0.1:${port}/api/inboxes HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(absolute.slice(0, 12)).not.toBe('HTTP/1.1 200');
  });

  it('the event stream: foreign Host, Origin, cross-site, no token, token in the query', async () => {
    for (const headers of [
      { ...bearer, host: 'evil.example' },
      { ...bearer, origin: 'null' },
      { ...bearer, origin: 'http://evil.example' },
      { ...bearer, 'sec-fetch-site': 'cross-site' },
      {},
    ]) {
      const answer = await send('GET', '/api/stream', { ...headers, accept: 'text/event-stream' });
      expect(answer.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(401);
      expect(answer.text).not.toContain('retry:');
    }
    expect((await send('GET', `/api/stream?token=${TOKEN}`, {})).status).toBe(401);
  });
});

describe('the static UI serves nothing outside its assets folder', () => {
  it('refuses traversal, encoded, backslash and absolute paths', async () => {
    const paths = [
      '/assets/../../package.json',
      '/assets/../../../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/%252e%252e%252fpackage.json',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/assets/..\\..\\..\\package.json',
      '/assets/..%5c..%5c..%5cpackage.json',
      '/assets//etc/passwd',
      '/assets/%2Fetc%2Fpasswd',
      '/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/assets/..%2f..%2findex.html',
      '/assets/..%2f..%2f..%2ftsconfig.json',
      '/assets/x.js%00.json',
      '/assets/..%00/..%00/package.json',
    ];
    for (const path of paths) {
      const answer = await raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      expect(answer.slice(0, 12), path).not.toBe('HTTP/1.1 200');
      expect(answer, path).not.toContain('"name": "hookbench"');
      expect(answer, path).not.toContain('root:');
      expect(answer, path).not.toContain('compilerOptions');
    }
  });
});

describe('secrets stay out of logs, display answers and exports', () => {
  it('never shows the control token, hook secrets or provider tokens', async () => {
    const inbox = await core.api('POST', '/api/inboxes', { slug: 'secret-sink' });
    expect(inbox.status).toBe(201);
    const target = `${core.ingressUrl}/in/secret-sink`;
    const generic = await core.api('POST', '/api/hooks', { url: target, provider: 'generic', secret: HOOK_SECRET, events: ['*'] });
    expect(generic.status).toBe(201);
    const settings = await core.api('PUT', '/api/providers/kazoo/settings', { acceptedTokens: [PROVIDER_TOKEN] });
    expect(settings.status).toBe(200);
    const fired = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [generic.body.id] });
    expect(fired.status).toBeLessThan(300);
    // A delivery that fails and is logged: the secret must not ride along in the log line.
    const failing = await core.api('POST', '/api/hooks', {
      url: 'http://127.0.0.1:1/down',
      provider: 'generic',
      secret: HOOK_SECRET,
      events: ['*'],
    });
    await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [failing.body.id] });

    // Wait for the delivery to be captured by the sink inbox.
    let captureId: string | undefined;
    for (let attempt = 0; attempt < 100 && !captureId; attempt += 1) {
      const list = await core.api('GET', `/api/inboxes/${inbox.body.id}/requests`);
      captureId = list.body.items[0]?.id;
      if (!captureId) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(captureId).toBeDefined();
    const deliveries = await core.api('GET', `/api/deliveries?hookId=${generic.body.id}`);
    const deliveryId = deliveries.body.items[0].id;

    const shown: [string, unknown][] = [];
    const look = async (path: string, method = 'GET', body?: unknown) => {
      const answer = await core.api(method, path, body);
      expect(answer.status, path).toBeLessThan(300);
      shown.push([path, answer.body]);
    };
    await look('/api/health');
    await look('/api/settings');
    await look('/api/workspace');
    await look('/api/workspace?secrets=false');
    await look('/api/inboxes');
    await look(`/api/deliveries/${deliveryId}`);
    await look('/api/deliveries');
    await look(`/api/deliveries/har?hookId=${generic.body.id}`);
    await look(`/api/inboxes/${inbox.body.id}/har`);
    await look(`/api/requests/${captureId}`);
    await look(`/api/requests/${captureId}/fixture`);
    await look('/api/fixtures', 'POST', { captureIds: [captureId] });
    await look(`/api/deliveries/${deliveryId}/attempts/1/snippets`);
    await look(`/api/requests/${captureId}/snippets`);
    await look(`/api/events`);
    for (const [path, body] of shown) {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      for (const secret of SECRETS) expect(text.includes(secret), `${path} shows ${secret.slice(0, 20)}…`).toBe(false);
    }
    // The signature is there (made with the secret), the secret is not.
    expect(JSON.stringify(shown.find(([path]) => path.includes('/har?hookId'))![1])).toMatch(/webhook-signature/i);

    // What was logged while all this ran.
    for (const line of logged) for (const secret of SECRETS) expect(line.includes(secret), line).toBe(false);
  });
});

async function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(text));
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    setTimeout(() => socket.destroy(), 5000);
  });
}
