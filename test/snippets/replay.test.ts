import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, tempDir, type TestCore } from '../helpers/core.js';
import { startSink } from '../helpers/sink.js';

const run = promisify(execFile);
const TRICKY = `{"it's": "quoted \\"x\\"", "cost": "$HOME $(id) \`whoami\`"}\nline two\ttab é ✓ 😀 '' '\\'' !`;
/** Headers set per connection or by the client from the bytes: not part of "the same request". */
const CONNECTION_HEADERS = new Set(['host', 'content-length', 'connection', 'expect', 'transfer-encoding']);

let core: TestCore;
let inboxA: { id: string; url: string };
let inboxB: { id: string; url: string };
let workDir: string;

beforeAll(async () => {
  core = await startTestCore();
  inboxA = (await core.api('POST', '/api/inboxes', { slug: 'inbox-a' })).body;
  inboxB = (await core.api('POST', '/api/inboxes', { slug: 'inbox-b' })).body;
  workDir = await tempDir();
});
afterAll(async () => {
  await core.dispose();
  await rm(workDir, { recursive: true, force: true });
});

interface Capture {
  id: string;
  method: string;
  path: string;
  query: [string, string][];
  headers: [string, string][];
}

/** The next capture in an inbox after `after` (or after now). */
async function nextCapture(inboxId: string, after?: string): Promise<Capture> {
  const query = `count=1&timeoutMs=30000${after ? `&after=${after}` : ''}`;
  const { body } = await core.api('GET', `/api/inboxes/${inboxId}/requests/wait?${query}`);
  expect(body.timedOut).toBe(false);
  return body.items[0];
}

async function bodyOf(captureId: string): Promise<Buffer> {
  const response = await request(`${core.controlUrl}/api/requests/${captureId}/body`, {
    headers: { authorization: `Bearer ${core.token}` },
  });
  return Buffer.from(await response.body.arrayBuffer());
}

const meaningful = (headers: [string, string][]) => headers.filter(([name]) => !CONNECTION_HEADERS.has(name.toLowerCase()));

/** Sends a request to inbox A and answers its capture. */
async function capture(method: string, subPath: string, headers: string[], body: Buffer): Promise<Capture> {
  const waiting = nextCapture(inboxA.id);
  const response = await request(`${inboxA.url}${subPath}`, { method: method as 'POST', headers, body });
  await response.body.dump();
  return waiting;
}

describe('Copy as cURL', () => {
  it.each([
    ['a text body with quotes, $, backticks, newlines and unicode', 'PUT', 'text/plain; charset=utf-8', Buffer.from(TRICKY)],
    ['a binary body (bytes 0..255)', 'POST', 'application/octet-stream', Buffer.from(Array.from({ length: 256 }, (_, i) => i))],
  ])('sends %s again byte for byte', async (_name, method, contentType, body) => {
    const original = await capture(
      method,
      "/sub/p?x=%20y&z=1&q[]=2&quote='",
      ['Content-Type', contentType, 'X-Tricky', `it's "q" $HOME \`x\``, 'X-Dup', 'one', 'X-Dup', 'two', 'User-Agent', 'original/1.0'],
      body,
    );
    const { status, body: snippets } = await core.api('GET', `/api/requests/${original.id}/snippets`);
    expect(status).toBe(200);
    expect(snippets.curl).toContain(`${inboxA.url}/sub/p?x=%20y&z=1&q[]=2&quote=`);
    if (snippets.bodyFile) {
      expect(snippets.bodyFile).toEqual({ name: `capture-${original.id}.bin`, url: `/api/requests/${original.id}/body` });
      await writeFile(join(workDir, snippets.bodyFile.name), await bodyOf(original.id));
    } else {
      expect(snippets.curl).not.toContain('.bin');
    }

    const waiting = nextCapture(inboxA.id, original.id);
    await run('bash', ['-c', `${snippets.curl} --silent --show-error --output /dev/null`], { cwd: workDir });
    const copy = await waiting;

    expect(copy.method).toBe(original.method);
    expect(copy.path).toBe(original.path);
    expect(copy.query).toEqual(original.query);
    expect(meaningful(copy.headers)).toEqual(meaningful(original.headers));
    expect((await bodyOf(copy.id)).equals(body)).toBe(true);

    // The fetch version sends the same method, URL and body bytes (Node's fetch adds headers of its own).
    const script = join(workDir, `copy-${original.id}.mjs`);
    await writeFile(script, snippets.fetch);
    const fetched = nextCapture(inboxA.id, copy.id);
    await run(process.execPath, [script], { cwd: workDir });
    const viaFetch = await fetched;
    expect([viaFetch.method, viaFetch.path, viaFetch.query]).toEqual([original.method, original.path, original.query]);
    expect(viaFetch.headers.map(([name, value]) => [name.toLowerCase(), value])).toContainEqual(['x-tricky', `it's "q" $HOME \`x\``]);
    expect((await bodyOf(viaFetch.id)).equals(body)).toBe(true);
  });

  it('is offered for a delivery attempt, and refuses a target that is not a URL', async () => {
    const bad = await core.api('GET', `/api/requests/nope/snippets`);
    expect(bad.status).toBe(404);
    const original = await capture('POST', '', ['Content-Type', 'text/plain'], Buffer.from('x'));
    const invalid = await core.api('GET', `/api/requests/${original.id}/snippets?target=${encodeURIComponent('ftp://x')}`);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.field).toBe('target');
  });
});

describe('Replay', () => {
  it('sends a Standard Webhooks delivery again, still verifiable with the hook secret', async () => {
    const hook = (await core.api('POST', '/api/hooks', { url: inboxA.url })).body;
    const waitingA = nextCapture(inboxA.id);
    const fired = await core.api('POST', '/api/events', {
      provider: 'generic',
      type: 'ping',
      hookIds: [hook.id],
      payload: { message: 'hi' },
    });
    expect(fired.status).toBe(202);
    const original = await waitingA;

    const waitingB = nextCapture(inboxB.id);
    const { status, body: result } = await core.api('POST', `/api/requests/${original.id}/replay`, { url: inboxB.url });
    expect(status, JSON.stringify(result)).toBe(200);
    expect(result).toMatchObject({ method: 'POST', url: inboxB.url, response: { status: 200 } });
    const replayed = await waitingB;

    const body = await bodyOf(replayed.id);
    expect(body.equals(await bodyOf(original.id))).toBe(true);
    const header = (name: string) => replayed.headers.find(([candidate]) => candidate.toLowerCase() === name)![1];
    const verified = new Webhook(hook.secret).verify(body.toString('utf8'), {
      'webhook-id': header('webhook-id'),
      'webhook-timestamp': header('webhook-timestamp'),
      'webhook-signature': header('webhook-signature'),
    });
    expect(verified).toMatchObject({ type: 'ping', data: { message: 'hi' } });

    // The same delivery attempt also has its copy-as commands.
    const deliveryId = header('webhook-id');
    const attempt = await core.api('GET', `/api/deliveries/${deliveryId}/attempts/1/snippets`);
    expect(attempt.status).toBe(200);
    expect(attempt.body.curl).toContain(`curl -X POST ${inboxA.url}`);
    expect(attempt.body.curl).toContain(`-H 'webhook-signature: ${header('webhook-signature')}'`);
    expect((await core.api('GET', `/api/deliveries/${deliveryId}/attempts/9/snippets`)).status).toBe(404);
  });

  it('appends the sub-path and query to the target, answers the response, and classifies errors', async () => {
    const sink = await startSink(() => ({ status: 201, headers: { 'x-answer': 'yes' }, body: 'made' }));
    try {
      const original = await capture('PATCH', '/deep/er?k=v%21', ['X-A', '1'], Buffer.from('patch me'));
      const { body: result } = await core.api('POST', `/api/requests/${original.id}/replay`, { url: `${sink.url}/base?t=1` });
      expect(result).toMatchObject({
        url: `${sink.url}/base/deep/er?t=1&k=v%21`,
        response: { status: 201, body: 'made', truncated: false },
      });
      expect(result.response.headers).toContainEqual(['x-answer', 'yes']);
      const [received] = await sink.received(1);
      expect(received).toMatchObject({ method: 'PATCH', url: '/base/deep/er?t=1&k=v%21', body: 'patch me' });
      expect(received!.headers['x-a']).toBe('1');

      const closed = await core.api('POST', `/api/requests/${original.id}/replay`, { url: 'http://127.0.0.1:1/' });
      expect(closed.body.error.kind).toBe('refused');
      const refused = await core.api('POST', `/api/requests/${original.id}/replay`, { url: 'http://169.254.169.254/' });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'target_refused', field: 'url' });
    } finally {
      await sink.close();
    }
  });
});
