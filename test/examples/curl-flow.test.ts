import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serve, type ServeRun } from '../helpers/cli.js';
import { tempDir } from '../helpers/core.js';

const script = fileURLToPath(new URL('../../examples/curl-flow.sh', import.meta.url));

let dataDir: string;
let server: ServeRun;

beforeAll(async () => {
  dataDir = await tempDir();
  server = await serve(dataDir);
});

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  await rm(dataDir, { recursive: true, force: true });
});

function runScript(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn('bash', [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

it('examples/curl-flow.sh passes against hookbench serve and leaves no inbox or hook behind', async () => {
  const { code, output } = await runScript({ HOOKBENCH_URL: server.controlUrl, HOOKBENCH_TOKEN: server.token });
  expect(output).toContain('ok: the webhook arrived at its path');
  expect(output).toContain('ok: signed with Standard Webhooks');
  expect(output).toContain('curl-flow: all checks passed');
  expect(code, output).toBe(0);

  const { request } = await import('undici');
  const inboxes = await request(`${server.controlUrl}/api/inboxes`, { headers: { authorization: `Bearer ${server.token}` } });
  const { items } = (await inboxes.body.json()) as { items: { name: string }[] };
  expect(items.map((inbox) => inbox.name)).not.toContain('curl flow');
  const hooks = await request(`${server.controlUrl}/api/hooks`, { headers: { authorization: `Bearer ${server.token}` } });
  expect(((await hooks.body.json()) as { items: unknown[] }).items).toEqual([]);
});

it('says what went wrong with a wrong token', async () => {
  const { code, output } = await runScript({ HOOKBENCH_URL: server.controlUrl, HOOKBENCH_TOKEN: 'wrong' });
  expect(code).toBe(1);
  expect(output).toContain('POST /api/inboxes answered 401');
});
