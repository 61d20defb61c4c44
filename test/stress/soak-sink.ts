import { createServer, type Server } from 'node:http';

/** What the flapping target does with a request right now. */
export type SinkMode = 'error' | 'hang' | 'ok';

export interface FlappingSink {
  url: string;
  /** Answers from now on: 500s, no answer at all, or 200s. */
  set(mode: SinkMode): void;
  /** Requests seen, by what they got. */
  counts: Record<SinkMode, number>;
  close(): Promise<void>;
}

/** A hung request is dropped after this long, so the sink itself holds nothing for ever. */
const HANG_LIMIT_MS = 10_000;

/**
 * A hook target that flaps: 500s, hangs past the hooks' timeout, then 200s. Unlike
 * test/helpers/sink.ts it keeps no request, so a long soak does not grow the test process.
 */
export async function startFlappingSink(): Promise<FlappingSink> {
  let mode: SinkMode = 'ok';
  const counts: Record<SinkMode, number> = { error: 0, hang: 0, ok: 0 };
  const server: Server = createServer((request, response) => {
    request.resume();
    request.once('end', () => {
      const now = mode;
      counts[now] += 1;
      if (now === 'hang') {
        // The dispatcher gives up first (its timeout); the sink lets go later in any case.
        setTimeout(() => response.destroy(), HANG_LIMIT_MS).unref();
        return;
      }
      response.writeHead(now === 'ok' ? 200 : 500, { 'content-type': 'text/plain' }).end(now);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    set: (next) => (mode = next),
    counts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
