import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { CaptureSummary } from '../../electron/shared/schemas.js';
import { followCaptures, SseParser } from '../../electron/main/capture-feed.js';
import { defaultInboxUrl } from '../../electron/main/control-client.js';
import { startTestCore, type TestCore } from '../helpers/core.js';

describe('SSE parsing', () => {
  it('splits events across arbitrary chunk boundaries and skips comments', () => {
    const parser = new SseParser();
    const stream = 'retry: 2000\n\n: ping\n\nevent: request.captured\ndata: {"a":\ndata: 1}\n\r\nevent: inbox.changed\ndata: {}\n\n';
    const events = [];
    for (let i = 0; i < stream.length; i += 3) events.push(...parser.feed(stream.slice(i, i + 3)));
    expect(events).toEqual([
      { event: 'request.captured', data: '{"a":\n1}' },
      { event: 'inbox.changed', data: '{}' },
    ]);
  });
});

describe('the shell against a running core', () => {
  let core: TestCore | undefined;
  afterEach(async () => core?.dispose());

  it('hears every captured request on the event stream, as the tray and notifications need', async () => {
    core = await startTestCore();
    const started = core;
    const seen: CaptureSummary[] = [];
    const arrived = new Promise<void>((resolve) => {
      const send = async () => {
        for (const path of ['/in/default/one', '/in/default/two']) {
          await (await request(`${started.ingressUrl}${path}`, { method: 'POST', body: 'x' })).body.text();
        }
      };
      const feed = followCaptures({
        controlUrl: started.controlUrl,
        token: () => started.token,
        onOpen: () => void send(),
        onCapture: (capture) => {
          seen.push(capture);
          if (seen.length === 2) {
            feed.stop();
            resolve();
          }
        },
      });
    });
    await arrived;
    expect(seen.map((capture) => `${capture.method} ${capture.path}`)).toEqual(['POST /in/default/one', 'POST /in/default/two']);
  });

  it('finds the default inbox URL through the control API', async () => {
    core = await startTestCore();
    const started = core;
    await expect(defaultInboxUrl({ controlUrl: started.controlUrl, token: () => started.token })).resolves.toBe(
      `${started.ingressUrl}/in/default`,
    );
    await expect(defaultInboxUrl({ controlUrl: started.controlUrl, token: () => 'wrong-token-wrong-token-wrong' })).rejects.toThrow(
      /answered 401/,
    );
  });
});
