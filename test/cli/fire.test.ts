import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, tempDir, type ApiClient } from '../helpers/core.js';
import { runCli, serve, type ServeRun } from '../helpers/cli.js';

let dir: string;
let server: ServeRun;
let api: ApiClient;
let inbox: { id: string; url: string };

beforeAll(async () => {
  dir = await tempDir();
  server = await serve(dir);
  api = apiClient(server.controlUrl, server.token);
  inbox = (await api('POST', '/api/inboxes', { slug: 'cli' })).body;
});

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  await rm(dir, { recursive: true, force: true });
});

/** Runs `hookbench <args>` against the test server; resolves with its exit code and output. */
async function hookbench(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const run = runCli(args, env);
  const code = await run.exited;
  return { code, output: run.output() };
}

const client = () => ['--server', server.controlUrl, '--data-dir', dir];

async function captures(count: number): Promise<any[]> {
  const { body } = await api('GET', `/api/inboxes/${inbox.id}/requests/wait?count=${count}&timeoutMs=10000&after=`);
  return body.items;
}

describe('hookbench providers', () => {
  it("lists the running server's catalogs, the user's own generic types included", async () => {
    await api('POST', '/api/providers/generic/events', { type: 'order.paid', name: 'Order paid', sample: { total: 12 } });
    const { code, output } = await hookbench(['providers', ...client()]);
    expect(code).toBe(0);
    expect(output).toMatch(/^generic {2}Generic/m);
    expect(output).toMatch(/^ {2}order\.paid +Order paid/m);
    const json = await hookbench(['providers', '--json', ...client()]);
    const providers = JSON.parse(json.output);
    expect(providers.map((provider: { id: string }) => provider.id)).toContain('generic');
  });

  it('falls back to the built-in catalogs, saying so, when no server answers', async () => {
    const { code, output } = await hookbench(['providers', '--server', 'http://127.0.0.1:9', '--data-dir', dir]);
    expect(code).toBe(0);
    expect(output).toContain('No Hookbench server answers at http://127.0.0.1:9');
    expect(output).toContain('Showing the built-in catalogs.');
    expect(output).toMatch(/^ {2}ping +Ping/m);
    expect(output).not.toContain('order.paid');
  });
});

describe('hookbench fire', () => {
  it('fires through the server to a URL, printing each delivery, and stores them', async () => {
    const { code, output } = await hookbench(['fire', 'generic', 'ping', '--to', inbox.url, '--count', '3', ...client()]);
    expect(code, output).toBe(0);
    const lines = output.split('\n').filter((line) => line.startsWith('dlv_'));
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(new RegExp(`^dlv_\\w+ {2}succeeded 200 {2}\\d+ ms {2}${inbox.url}$`));
    expect(output).toContain('3 deliveries: 3 succeeded');
    const stored = await api('GET', `/api/deliveries/${lines[0]!.split(' ')[0]}`);
    expect(stored.body.status).toBe('succeeded');
  });

  it('fires to subscribed hooks with a payload from a file, validated unless --no-validate', async () => {
    const hook = (await api('POST', '/api/hooks', { url: inbox.url, events: ['order.paid'] })).body;
    const file = join(dir, 'payload.json');
    await writeFile(file, JSON.stringify({ total: 42 }));
    const sent = await hookbench(['fire', 'generic', 'order.paid', '--payload', file, '--json', ...client()]);
    expect(sent.code, sent.output).toBe(0);
    const line = JSON.parse(sent.output.split('\n').find((text) => text.startsWith('{'))!);
    expect(line).toMatchObject({ status: 'succeeded', httpStatus: 200, url: inbox.url });
    const [capture] = (await captures(100)).filter((item) => item.json?.type === 'order.paid');
    expect(capture.json.data).toEqual({ total: 42 });

    await writeFile(file, JSON.stringify({ nonce: 7 }));
    const refused = await hookbench(['fire', 'generic', 'ping', '--to', inbox.url, '--payload', file, ...client()]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('must have property "message"');
    const forced = await hookbench(['fire', 'generic', 'ping', '--to', inbox.url, '--payload', file, '--no-validate', ...client()]);
    expect(forced.code, forced.output).toBe(0);
    await api('DELETE', `/api/hooks/${hook.id}`);
  });

  it('says what to do when no hook subscribes', async () => {
    const { code, output } = await hookbench(['fire', 'generic', 'ping', ...client()]);
    expect(code).toBe(1);
    expect(output).toContain('No enabled generic hook subscribes to ping, so nothing was sent');
  });

  it('names the providers, or the command that lists event types, rather than an API route', async () => {
    const unknownProvider = await hookbench(['fire', 'nosuch', 'ping', ...client()]);
    expect(unknownProvider.code, unknownProvider.output).toBe(1);
    expect(unknownProvider.output).toContain('No provider "nosuch". Known: generic, codewars');
    const unknownType = await hookbench(['fire', 'generic', 'no.such.type', ...client()]);
    expect(unknownType.code, unknownType.output).toBe(1);
    expect(unknownType.output).toContain('"no.such.type" is not an event type of generic. Run "hookbench providers" for the catalog.');
    expect(unknownType.output).not.toContain('/api/');
  });

  it('with --to, sends from its own process only when no server answers, never when one refused the token', async () => {
    const refused = await hookbench(['fire', 'generic', 'ping', '--to', inbox.url, '--server', server.controlUrl], {
      HOOKBENCH_TOKEN: 'a-wrong-token-of-at-least-24-characters',
    });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('refused the token');
    expect(refused.output).not.toContain('sending from this process');
    const noToken = await hookbench([
      'fire',
      'generic',
      'ping',
      '--to',
      inbox.url,
      '--server',
      server.controlUrl,
      '--data-dir',
      join(dir, 'elsewhere'),
    ]);
    expect(noToken.code).toBe(1);
    expect(noToken.output).toContain('No token');

    const alone = await hookbench(['fire', 'generic', 'ping', '--to', inbox.url, '--server', 'http://127.0.0.1:9', '--data-dir', dir]);
    expect(alone.code, alone.output).toBe(0);
    expect(alone.output).toContain('No server at http://127.0.0.1:9; sending from this process');
  });

  it('sends standalone with --to, at a rate, and fails on an unreachable receiver', async () => {
    const before = (await api('GET', `/api/inboxes/${inbox.id}`)).body.requestCount;
    const sent = await hookbench(['fire', 'generic', 'ping', '--standalone', '--to', inbox.url, '--count', '4', '--rate', '20']);
    expect(sent.code, sent.output).toBe(0);
    expect(sent.output.split('\n').filter((line) => / succeeded 200 /.test(line))).toHaveLength(4);
    expect((await api('GET', `/api/inboxes/${inbox.id}`)).body.requestCount).toBe(before + 4);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const failed = await hookbench(['fire', 'generic', 'ping', '--standalone', '--to', `http://127.0.0.1:${port}/`]);
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/failed \(refused: connection refused/);
  });

  it('sends an imported provider’s event standalone, from the providers of a workspace file', async () => {
    const document = await readFile(new URL('../fixtures/asyncapi/shop-2.6.yaml', import.meta.url), 'utf8');
    expect((await api('POST', '/api/providers/import/asyncapi', { document })).status).toBe(201);
    const file = join(dir, 'workspace.json');
    const exported = await hookbench(['workspace', 'export', '--out', file, ...client()]);
    expect(exported.code, exported.output).toBe(0);
    const receiver = (await api('POST', '/api/inboxes', { slug: 'cli-asyncapi' })).body;
    const secret = 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0';
    const standalone = ['fire', 'acme-shop-events', 'order.cancelled', '--standalone', '--to', receiver.url, '--secret', secret];

    const unknown = await hookbench(standalone);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain('No provider "acme-shop-events"');
    expect(unknown.output).toContain('--workspace FILE');

    const sent = await hookbench([...standalone, '--workspace', file]);
    expect(sent.code, sent.output).toBe(0);
    expect(sent.output).toMatch(/ succeeded 200 /);
    const { body } = await api('GET', `/api/inboxes/${receiver.id}/requests/wait?count=1&timeoutMs=10000&after=`);
    const [capture] = body.items;
    const headers = Object.fromEntries(capture.headers.map(([name, value]: [string, string]) => [name.toLowerCase(), value]));
    const event = new Webhook(secret).verify(capture.body, headers) as { type: string; data: unknown };
    expect(event).toMatchObject({ type: 'order.cancelled', data: { orderId: 'ord_1001', reason: 'customer' } });

    await writeFile(
      file,
      JSON.stringify({ hookbench: 'workspace', version: 1, inboxes: [], hooks: [], eventTypes: [], providers: [{ id: 'khan' }] }),
    );
    const bad = await hookbench([...standalone, '--workspace', file]);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain(`The workspace file ${file} cannot be used: providers/0/`);
  });

  it('refuses bad usage with exit code 2', async () => {
    for (const args of [
      ['fire', 'generic'],
      ['fire', 'generic', 'ping', '--count', 'many'],
      ['fire', 'generic', 'ping', '--standalone'],
      ['fire', 'generic', 'ping', '--to', 'http://127.0.0.1:9/', '--workspace', 'hookbench-workspace.json'],
    ]) {
      const { code, output } = await hookbench(args);
      expect(code, args.join(' ')).toBe(2);
      expect(output).toContain('--help');
    }
  });
});
