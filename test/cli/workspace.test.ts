import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, startTestCore, tempDir, type ApiClient } from '../helpers/core.js';
import { runCli, serve } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function dataDir(): Promise<string> {
  const dir = await tempDir();
  dirs.push(dir);
  return dir;
}

const items = async (api: ApiClient, what: string) => (await api('GET', `/api/${what}?limit=1000`)).body.items;
/** An inbox or hook without what differs between two servers by design. */
const inboxView = ({ slug, name, response, script }: Record<string, unknown>) => ({ slug, name, response, script });
const hookView = ({ secret: _s, previousSecrets: _p, createdAt: _c, updatedAt: _u, ...rest }: Record<string, unknown>) => rest;

describe('hookbench serve --workspace', () => {
  it('starts another data folder with the same inboxes and hooks as the one the workspace came from', async () => {
    const source = await startTestCore({ dataDir: await dataDir() });
    const file = join(await dataDir(), 'workspace.json');
    let inboxes: unknown[];
    let hooks: unknown[];
    try {
      await source.api('POST', '/api/inboxes', { slug: 'payments', response: { status: 503, body: 'down' } });
      await source.api('POST', '/api/inboxes', { slug: 'retry-me', script: { steps: [{ status: 500 }, { status: 200 }] } });
      await source.api('POST', '/api/providers/generic/events', { type: 'invoice.sent', name: 'Invoice sent' });
      await source.api('POST', '/api/hooks', { url: `${source.ingressUrl}/in/payments`, events: ['invoice.sent'], name: 'payments' });
      await source.api('POST', '/api/hooks', { url: 'http://localhost:9/codewars', provider: 'codewars', enabled: false });
      const exported = await source.api('GET', '/api/workspace');
      await writeFile(file, JSON.stringify(exported.body));
      inboxes = (await items(source.api, 'inboxes')).map(inboxView);
      hooks = (await items(source.api, 'hooks')).map(hookView);
    } finally {
      await source.close();
    }

    const server = await serve(await dataDir(), ['--workspace', file]);
    try {
      const api = apiClient(server.controlUrl, server.token);
      expect((await items(api, 'inboxes')).map(inboxView)).toEqual(inboxes);
      expect((await items(api, 'hooks')).map(hookView)).toEqual(hooks);
      const answer = await fetch(`${server.ingressUrl}/in/payments`, { method: 'POST', body: '{}' });
      expect(answer.status).toBe(503);
      expect(await answer.text()).toBe('down');
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });

  it('stops with exit 1 and one line naming the file and its problem', async () => {
    const dir = await dataDir();
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ hookbench: 'workspace', version: 1, inboxes: [{ slug: 'a b' }], hooks: [], eventTypes: [] }));
    const missing = join(dir, 'missing.json');
    const newer = join(dir, 'newer.json');
    await writeFile(newer, JSON.stringify({ hookbench: 'workspace', version: 9 }));
    for (const [file, problem] of [
      [bad, /inboxes\/0\/slug: /],
      [missing, /no such file/],
      [newer, /reads version 1/],
    ] as const) {
      const run = runCli(['serve', '--data-dir', await dataDir(), '--port', '0', '--ingress-port', '0', '--workspace', file]);
      expect(await run.exited, run.output()).toBe(1);
      const lines = run.output().trim().split('\n');
      expect(lines, run.output()).toHaveLength(1);
      expect(lines[0]).toContain(`hookbench: Cannot start from the workspace file ${file}: `);
      expect(lines[0]).toMatch(problem);
    }
  });
});

describe('hookbench workspace export|import', () => {
  it('rejects bad usage with exit code 2', async () => {
    const run = runCli(['workspace', 'import']);
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('import FILE [--replace]');
  });

  it('says in its help that --secrets also exports inbox secrets', async () => {
    const run = runCli(['--help']);
    expect(await run.exited).toBe(0);
    expect(run.output().replace(/\s+/g, ' ')).toMatch(/--secrets include hook secrets, inbox secrets \(the HMAC keys/);
  });

  it('reports an import to an older server, whose summary has no missingSecrets', async () => {
    const file = join(await dataDir(), 'workspace.json');
    await writeFile(file, JSON.stringify({ hookbench: 'workspace', version: 1, inboxes: [{ slug: 'older' }], hooks: [], eventTypes: [] }));
    const changes = (created: string[]) => ({ created, updated: [], unchanged: [], removed: [] });
    // Answers what the CLI asks: its health check, then the import, as a server from before inbox secrets did.
    const older = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.setHeader('content-type', 'application/json');
        const imported = request.url?.startsWith('/api/workspace');
        response.end(
          JSON.stringify(imported ? { inboxes: changes(['older']), hooks: changes([]), eventTypes: changes([]) } : { ok: true }),
        );
      });
    });
    await new Promise<void>((resolve) => older.listen(0, '127.0.0.1', resolve));
    try {
      const server = `http://127.0.0.1:${(older.address() as AddressInfo).port}`;
      const run = runCli(['workspace', 'import', file, '--server', server], { HOOKBENCH_TOKEN: 'a-token-of-at-least-24-characters' });
      expect(await run.exited, run.output()).toBe(0);
      expect(run.output()).toContain('inboxes: 1 created, 0 updated, 0 unchanged, 0 removed');
      expect(run.output()).not.toContain('inbox secrets without a value');
    } finally {
      await new Promise((resolve) => older.close(resolve));
    }
  });

  it('saves a running server’s workspace to a file and applies it to another', async () => {
    const [from, to] = [await dataDir(), await dataDir()];
    const source = await serve(from);
    const target = await serve(to);
    const file = join(await dataDir(), 'exported.json');
    try {
      const sourceApi = apiClient(source.controlUrl, source.token);
      await sourceApi('POST', '/api/inboxes', { slug: 'cli-made' });
      await sourceApi('POST', '/api/hooks', { url: 'http://localhost:9/x', name: 'x' });
      // Found as the library finds it: HOOKBENCH_URL and HOOKBENCH_TOKEN.
      const exported = runCli(['workspace', 'export', '--out', file], { HOOKBENCH_URL: source.controlUrl, HOOKBENCH_TOKEN: source.token });
      expect(await exported.exited, exported.output()).toBe(0);
      const saved = JSON.parse(await readFile(file, 'utf8'));
      expect(saved).toMatchObject({ hookbench: 'workspace', version: 1 });
      expect(saved.hooks[0].secret).toBeUndefined();

      // With secrets, over the file just written (0644): it becomes private before the secrets go in.
      expect((await stat(file)).mode & 0o777).toBe(0o644);
      const secret = runCli(['workspace', 'export', '--secrets', '--out', file, '--server', source.controlUrl, '--data-dir', from]);
      expect(await secret.exited, secret.output()).toBe(0);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(file, 'utf8')).hooks[0].secret).toMatch(/^whsec_/);
      // A folder that is not there: one line saying so, no stack trace.
      const missing = runCli([
        'workspace',
        'export',
        '--out',
        join(from, 'no', 'such', 'w.json'),
        '--server',
        source.controlUrl,
        '--data-dir',
        from,
      ]);
      expect(await missing.exited).toBe(1);
      expect(missing.output()).toMatch(/^hookbench: ENOENT: no such file or directory, open '.*w\.json'\s*$/);
      await writeFile(file, JSON.stringify(saved));

      const imported = runCli(['workspace', 'import', file, '--replace', '--server', target.controlUrl, '--data-dir', to]);
      expect(await imported.exited, imported.output()).toBe(0);
      expect(imported.output()).toContain('inboxes: 1 created, 0 updated, 1 unchanged, 0 removed');
      const targetApi = apiClient(target.controlUrl, target.token);
      expect((await items(targetApi, 'hooks')).map(hookView)).toEqual((await items(sourceApi, 'hooks')).map(hookView));

      await writeFile(file, JSON.stringify({ ...saved, version: 2 }));
      const refused = runCli(['workspace', 'import', file, '--server', target.controlUrl, '--data-dir', to]);
      expect(await refused.exited).toBe(1);
      expect(refused.output()).toMatch(/reads version 1/);
    } finally {
      source.child.kill('SIGTERM');
      target.child.kill('SIGTERM');
      await Promise.all([source.exited, target.exited]);
    }
  });
});
