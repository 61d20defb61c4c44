import type { FastifyPluginAsync } from 'fastify';
import type { EventBus } from '../../../events.js';
import type { ControlToken } from '../../../token.js';

const HEARTBEAT_MS = 15_000;
/** A client this far behind is dropped; EventSource reconnects by itself. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** After a token rotation, clients come back soon: those with the new token go on, the others are refused. */
const RECONNECT_AFTER_ROTATION_MS = 200;

export const streamRoutes: FastifyPluginAsync<{ bus: EventBus; shutdown: AbortSignal; token: ControlToken }> = async (
  app,
  { bus, shutdown, token },
) => {
  app.get('/api/stream', (request, reply) => {
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    });
    response.write('retry: 2000\n\n');
    const end = () => {
      unsubscribe();
      stopWatchingToken();
      clearInterval(heartbeat);
      shutdown.removeEventListener('abort', end);
      response.end();
    };
    const stopWatchingToken = token.onRotate(() => {
      response.write(`retry: ${RECONNECT_AFTER_ROTATION_MS}\n\n`);
      end();
    });
    const unsubscribe = bus.subscribe((event) => {
      if (response.writableLength > MAX_BUFFERED_BYTES) return end();
      response.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
    });
    const heartbeat = setInterval(() => response.write(': ping\n\n'), HEARTBEAT_MS);
    request.raw.once('close', end);
    shutdown.addEventListener('abort', end);
  });
};
