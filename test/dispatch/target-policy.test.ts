import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTargetPolicy } from '../../electron/core/dispatcher/policy.js';
import { HttpSender } from '../../electron/core/dispatcher/http-client.js';
import { createServer } from 'node:net';
import { startTestCore, tempDir } from '../helpers/core.js';
import { startSink, type Sink } from '../helpers/sink.js';
import { openStream, settled } from '../helpers/stream.js';

let sink: Sink;

beforeAll(async () => {
  sink = await startSink();
});
afterAll(() => sink.close());

describe('target policy at send time', () => {
  it('checks every connection, not only the saved URL', async () => {
    // A hook saved while its port was free; then Hookbench restarts with its control API on
    // that very port. Sending to it now would reach the control API: refused at connect time.
    const dataDir = await tempDir();
    const port = await freePort();
    const first = await startTestCore({ dataDir });
    const { body: hook } = await first.api('POST', '/api/hooks', {
      url: `http://127.0.0.1:${port}/api/inboxes`,
      retry: { preset: 'none' },
    });
    await first.close();
    const second = await startTestCore({ dataDir, controlPort: port });
    const events = await openStream(second);
    try {
      const fired = await second.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [hook.id] });
      expect(fired.status).toBe(202);
      const delivery = await settled(events, fired.body.deliveries[0].id);
      expect(delivery.status).toBe('failed');
      expect(delivery.attempts[0].error).toMatchObject({ kind: 'blocked' });
      expect(delivery.attempts[0].error.message).toContain('control port');
    } finally {
      events.close();
      await second.dispose();
    }
  });

  it('lets the sender reach allowed targets and stops refused ones before connecting', async () => {
    const sender = new HttpSender(
      createTargetPolicy(() => sink.port),
      4,
    );
    try {
      const blocked = await sender.send({ method: 'POST', url: `http://localhost:${sink.port}/x`, headers: [], body: '{}' }, 2000);
      expect(blocked).toMatchObject({ error: { kind: 'blocked' } });
      const metadata = await sender.send({ method: 'GET', url: 'http://169.254.169.254/latest', headers: [], body: '' }, 2000);
      expect(metadata).toMatchObject({ error: { kind: 'blocked' } });
      expect(sink.requests).toHaveLength(0);
    } finally {
      await sender.destroy();
    }
    const open = new HttpSender(
      createTargetPolicy(() => 1),
      4,
    );
    try {
      const allowed = await open.send({ method: 'POST', url: `http://localhost:${sink.port}/x`, headers: [], body: '{}' }, 2000);
      expect(allowed).toMatchObject({ response: { status: 200 } });
      expect(sink.requests).toHaveLength(1);
    } finally {
      await open.destroy();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
