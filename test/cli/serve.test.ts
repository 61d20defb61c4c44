import { readFile, stat, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { apiClient, tempDir } from '../helpers/core.js';
import { runCli, serve } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function dataDir(): Promise<string> {
  const dir = await tempDir();
  dirs.push(dir);
  return dir;
}

describe('hookbench serve', () => {
  it('documents every flag in --help', async () => {
    const run = runCli(['--help']);
    expect(await run.exited).toBe(0);
    for (const flag of ['--data-dir', '--port', '--ingress-port', '--host', '--body-limit', '--sync', 'HOOKBENCH_TOKEN']) {
      expect(run.output()).toContain(flag);
    }
  });

  it('rejects bad usage with exit code 2 and a pointer to --help', async () => {
    for (const args of [
      ['serve', '--port', 'abc'],
      ['serve', '--sync', 'sometimes'],
      ['serve', '--body-limit', '12 parsecs'],
      ['serve', '--bogus'],
      ['launch'],
    ]) {
      const run = runCli(args);
      expect(await run.exited, args.join(' ')).toBe(2);
      expect(run.output()).toContain('--help');
    }
    const unknown = runCli(['wait']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toContain('fixture, import-asyncapi, scenarios and scenario');
    const help = runCli(['help']);
    expect(await help.exited).toBe(0);
    expect(help.output()).toMatch(/^Usage: hookbench/);
  });

  it('prints its version for --version after any command', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const args of [
      ['--version'],
      ['-v'],
      ['fire', '--version'],
      ['workspace', '-v'],
      ['fixture', '--version'],
      ['scenarios', '-v'],
      ['import-asyncapi', '-v'],
    ]) {
      const run = runCli(args);
      expect(await run.exited, args.join(' ')).toBe(0);
      expect(run.output().trim(), args.join(' ')).toBe(version);
    }
  });

  it('prints its URLs, captures, and exits cleanly on SIGTERM after flushing', async () => {
    const dir = await dataDir();
    const server = await serve(dir, ['--body-limit', '1kb']);
    expect(server.output()).toContain(`${server.ingressUrl}/in/default`);
    expect(server.output()).toContain(dir);
    const sent = await request(`${server.ingressUrl}/in/default`, { method: 'POST', body: 'hello' });
    expect(sent.statusCode).toBe(200);
    await sent.body.dump();
    const big = await request(`${server.ingressUrl}/in/default`, { method: 'POST', body: Buffer.alloc(2048) });
    expect(big.statusCode).toBe(413);
    await big.body.dump();
    const health = await apiClient(server.controlUrl, server.token)('GET', '/api/health');
    expect(health.body).toMatchObject({ name: 'hookbench', dataDir: dir, ingressUrl: server.ingressUrl });
    const token = await stat(join(dir, 'token'));
    expect(token.mode & 0o777).toBe(0o600);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('Stopped.');
  });

  it('refuses a second server on the same data folder with a clear message', async () => {
    const dir = await dataDir();
    const first = await serve(dir);
    const second = runCli(['serve', '--data-dir', dir, '--port', '0', '--ingress-port', '0']);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`in use by another Hookbench (process ${first.child.pid})`);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
  });

  it('names the flag to change when a port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = String((blocker.address() as { port: number }).port);
    try {
      const control = runCli(['serve', '--data-dir', await dataDir(), '--port', port, '--ingress-port', '0']);
      expect(await control.exited).toBe(1);
      expect(control.output()).toContain(`Port ${port} (control) is already in use: choose another with --port N`);
      const ingress = runCli(['serve', '--data-dir', await dataDir(), '--port', '0', '--ingress-port', port, '--host', '127.0.0.1']);
      expect(await ingress.exited).toBe(1);
      expect(ingress.output()).toContain('--ingress-port N');
    } finally {
      blocker.close();
    }
  });

  it('uses HOOKBENCH_TOKEN when set, and refuses one too short', async () => {
    const token = 'a-token-chosen-by-the-ci-config-0123456789';
    const server = await serve(await dataDir(), [], { HOOKBENCH_TOKEN: token });
    expect(server.token).toBe(token);
    const { status } = await apiClient(server.controlUrl, token)('GET', '/api/inboxes');
    expect(status).toBe(200);
    server.child.kill('SIGTERM');
    await server.exited;
    const short = runCli(['serve', '--data-dir', await dataDir(), '--port', '0', '--ingress-port', '0'], { HOOKBENCH_TOKEN: 'short' });
    expect(await short.exited).toBe(1);
    expect(short.output()).toContain('at least 24 characters');
    // One line to fix, not a stack trace.
    expect(short.output()).not.toMatch(/\n\s+at /);
  });
});
