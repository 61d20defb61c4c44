import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, tempDir, type ApiClient } from '../helpers/core.js';
import { runCli, serve, type ServeRun } from '../helpers/cli.js';

let dir: string;
let server: ServeRun;
let api: ApiClient;

beforeAll(async () => {
  dir = await tempDir();
  server = await serve(dir);
  api = apiClient(server.controlUrl, server.token);
});

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  await rm(dir, { recursive: true, force: true });
});

async function hookbench(args: string[]): Promise<{ code: number | null; output: string }> {
  const run = runCli([...args, '--server', server.controlUrl, '--data-dir', dir]);
  const code = await run.exited;
  return { code, output: run.output() };
}

describe('hookbench scenario', () => {
  it('lists the scenarios', async () => {
    const { code, output } = await hookbench(['scenarios']);
    expect(code).toBe(0);
    expect(output).toMatch(/^kazoo-call {2}Kazoo: an answered call/m);
    expect(output).toContain('kazoo: channel_create → channel_answer → channel_bridge → channel_destroy');
  });

  it('runs one to --to URL and reports each delivery', async () => {
    const inbox = (await api('POST', '/api/inboxes', { slug: 'cli-scenario' })).body;
    const { code, output } = await hookbench(['scenario', 'vyte-meeting-confirmed', '--to', inbox.url]);
    expect(code).toBe(0);
    expect(output).toMatch(/Run run_\S+: event\.created, event\.confirmed; 2 deliveries\./);
    expect(output.match(/^dlv_\S+ {2}succeeded 200 {2}\d+ ms {2}/gm)).toHaveLength(2);
    const { body } = await api('GET', `/api/inboxes/${inbox.id}/requests/wait?count=2&timeoutMs=10000&after=`);
    const [first, second] = body.items.map((capture: { body: string }) => JSON.parse(capture.body)[0]);
    expect(first.resource._id).toBe(second.resource._id);
  });

  it('says so when the scenario does not exist', async () => {
    const { code, output } = await hookbench(['scenario', 'nope']);
    expect(code).toBe(1);
    expect(output).toContain('No scenario with id "nope". Run "hookbench scenarios" to list them.');
  });
});
