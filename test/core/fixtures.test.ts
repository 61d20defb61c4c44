import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { newInbox, type TestInbox } from '../helpers/providers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let core: TestCore;
/** Generated tests run from inside the repository, where `undici` and `vitest` resolve. */
let workDir: string;

beforeAll(async () => {
  core = await startTestCore();
  await mkdir(join(root, 'test-results'), { recursive: true });
  workDir = await mkdtemp(join(root, 'test-results', 'fixtures-'));
  // Its own config, so the repository's (which includes only test/**) is not picked up.
  await writeFile(join(workDir, 'vitest.config.mjs'), "export default { test: { include: ['*.test.ts'] } };\n");
});
afterAll(async () => {
  await core.dispose();
  await rm(workDir, { recursive: true, force: true });
});

const binary = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
const sent = [
  {
    method: 'POST',
    sub: '/github?a=1&a=2',
    headers: ['content-type', 'application/json', 'X-Dup', '1', 'x-dup', '2'],
    body: Buffer.from('{"ok":"ü"}'),
  },
  { method: 'PUT', sub: '/bytes', headers: ['content-type', 'application/octet-stream'], body: binary },
  { method: 'POST', sub: '', headers: [], body: Buffer.alloc(0) },
];

async function captureAll(inbox: TestInbox): Promise<string[]> {
  for (const item of sent) {
    const response = await request(`${inbox.url}${item.sub}`, { method: item.method as 'POST', headers: item.headers, body: item.body });
    await response.body.dump();
  }
  return (await inbox.next(sent.length)).map((capture) => capture.id);
}

/** Runs a generated test file with its own Vitest; resolves with the exit code and output. */
function runVitest(file: string, targetUrl: string): Promise<{ code: number | null; output: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
  const child = spawn(
    process.execPath,
    [join(root, 'node_modules/vitest/vitest.mjs'), 'run', file, '--root', workDir, '--config', join(workDir, 'vitest.config.mjs')],
    {
      cwd: workDir,
      env: { ...env, HOOKBENCH_TARGET_URL: targetUrl, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

function expectArrivedAsSent(arrived: Awaited<ReturnType<TestInbox['next']>>, slug: string): void {
  arrived.forEach((capture, index) => {
    const item = sent[index]!;
    expect(capture.method).toBe(item.method);
    expect(capture.path).toBe(`/in/${slug}${item.sub.split('?')[0]}`);
    expect(Buffer.from(capture.body, capture.bodyEncoding).equals(item.body)).toBe(true);
  });
  expect(arrived[0]!.headers.filter(([name]) => name.toLowerCase() === 'x-dup')).toEqual([
    ['X-Dup', '1'],
    ['x-dup', '2'],
  ]);
  expect(arrived[0]!.query).toEqual([
    ['a', '1'],
    ['a', '2'],
  ]);
}

describe('fixtures', () => {
  it('hold each capture as sent: headers in order, raw bytes in base64, text beside UTF-8 ones', async () => {
    const inbox = await newInbox(core, 'fx-kinds');
    const ids = await captureAll(inbox);
    const { status, body } = await core.api('POST', '/api/fixtures', { captureIds: ids });
    expect(status, JSON.stringify(body)).toBe(200);
    const { fixture } = body;
    expect(fixture).toMatchObject({ hookbench: 'fixture', version: 1 });
    expect(fixture.requests[0]).toMatchObject({
      method: 'POST',
      path: '/in/fx-kinds/github',
      query: 'a=1&a=2',
      bodyText: '{"ok":"ü"}',
      contentType: 'application/json',
      responseStatus: 200,
    });
    expect(fixture.requests[0].headers).toContainEqual(['X-Dup', '1']);
    expect(Buffer.from(fixture.requests[1].body, 'base64').equals(binary)).toBe(true);
    expect(fixture.requests[1].bodyText).toBeUndefined();
    expect(fixture.requests[2]).toMatchObject({ body: '', bodyText: '' });

    const one = await core.api('GET', `/api/requests/${ids[1]}/fixture?format=vitest`);
    expect(one.status).toBe(200);
    expect(String(one.headers['content-type'])).toContain('text/plain');
    expect(one.body).toContain("from 'vitest'");

    const missing = await core.api('POST', '/api/fixtures', { captureIds: ['req_nope'] });
    expect(missing.status).toBe(404);
  });

  it('come with a Vitest test that replays them byte-exact and checks the statuses', async () => {
    const source = await newInbox(core, 'fx-source');
    const ids = await captureAll(source);
    const { body } = await core.api('POST', '/api/fixtures', { captureIds: ids });
    const file = join(workDir, 'inline.test.ts');
    await writeFile(file, body.vitest);

    const target = await newInbox(core, 'fx-target');
    const passing = await runVitest(file, target.url);
    expect(passing.code, passing.output).toBe(0);
    expect(passing.output).toContain('3 passed');
    expectArrivedAsSent(await target.next(sent.length), 'fx-target');

    // The statuses are checked: an app answering 500 fails the test.
    const failing = await newInbox(core, 'fx-failing');
    await core.api('PATCH', `/api/inboxes/${failing.id}`, { response: { status: 500 } });
    const failed = await runVitest(file, failing.url);
    expect(failed.code, failed.output).not.toBe(0);
    expect(failed.output).toContain('3 failed');
  });

  it('refuse a default target the generated test could not send to', async () => {
    const source = await newInbox(core, 'fx-target-check');
    const [id] = await captureAll(source);
    const { status, body } = await core.api('POST', '/api/fixtures', { captureIds: [id], targetUrl: 'ftp://example.com/' });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_url', field: 'targetUrl' });
  });

  it('come with a test that passes as generated for a request sent with Expect: 100-continue', async () => {
    const source = await newInbox(core, 'fx-expect');
    // undici will not send Expect, so the request goes out from a socket as curl sends a large body.
    const { port } = new URL(core.ingressUrl);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write(
          'POST /in/fx-expect/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nProxy-Connection: keep-alive\r\n' +
            'Content-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello',
        ),
      );
      socket.on('data', () => {});
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    const [capture] = await source.next(1);
    const { body } = await core.api('POST', '/api/fixtures', { captureIds: [capture!.id] });
    const file = join(workDir, 'expect.test.ts');
    await writeFile(file, body.vitest);
    const target = await newInbox(core, 'fx-expect-target');
    const passing = await runVitest(file, target.url);
    expect(passing.code, passing.output).toBe(0);
    const [replayed] = await target.next(1);
    expect(replayed!.body).toBe('hello');
  });

  it('are saved by "hookbench fixture" with a test that reads the fixture file', async () => {
    const source = await newInbox(core, 'fx-cli');
    const ids = await captureAll(source);
    const out = join(workDir, 'fixtures', 'cli.fixture.json');
    const test = join(workDir, 'cli.test.ts');
    await mkdir(join(workDir, 'fixtures'));
    const run = runCli(['fixture', ...ids, '--out', out, '--vitest', test, '--server', core.controlUrl], { HOOKBENCH_TOKEN: core.token });
    expect(await run.exited, run.output()).toBe(0);
    expect(run.output()).toContain('Saved 3 request(s)');
    const fixture = JSON.parse(await readFile(out, 'utf8'));
    expect(fixture.requests).toHaveLength(3);
    expect(await readFile(test, 'utf8')).toContain('./fixtures/cli.fixture.json');

    const target = await newInbox(core, 'fx-cli-target');
    const result = await runVitest(test, target.url);
    expect(result.code, result.output).toBe(0);
    expectArrivedAsSent(await target.next(sent.length), 'fx-cli-target');

    const usage = runCli(['fixture']);
    expect(await usage.exited).toBe(2);
    expect(usage.output()).toContain('capture ids');
  });
});
