import { createServer } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { InboxService } from '../../inboxes/service.js';
import type { Logger } from '../../log.js';
import { createCaptureHandler, isInboxPath } from './capture.js';
import { registerEmulators, type EmulatorServices } from './emulators.js';
import type { IngressLimits } from './limits.js';

/**
 * The listener the outside world may reach. Captures under /in/ go to a raw handler before
 * Fastify sees them (Fastify would parse bodies and refuse unusual methods or content types);
 * everything else (emulated provider APIs) is an ordinary Fastify app.
 */
export function buildIngressApp(inboxes: InboxService, emulators: EmulatorServices, limits: IngressLimits, log: Logger): FastifyInstance {
  const handleCapture = createCaptureHandler(inboxes, limits, log);
  const app = Fastify({
    logger: false,
    bodyLimit: limits.bodyLimit,
    serverFactory: (handler) => {
      const server = createServer(
        {
          maxHeaderSize: limits.maxHeaderSize,
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.requestTimeoutMs,
          keepAliveTimeout: limits.keepAliveTimeoutMs,
          connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
        },
        (request, response) => (isInboxPath(request.url) ? handleCapture(request, response) : handler(request, response)),
      );
      server.maxConnections = limits.maxConnections;
      return server;
    },
  });

  app.get('/', async () => ({
    name: 'hookbench',
    capture: 'Send any request to /in/<slug>; the default inbox is /in/default.',
    providers: 'Emulated registration APIs are under /p/<provider>, e.g. /p/kazoo/v2/accounts/<account>/webhooks.',
  }));
  registerEmulators(app, emulators);

  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({
      error: {
        code: 'not_found',
        message: `Nothing at ${request.method} ${request.url}. Inboxes capture under /in/<slug>; provider APIs are under /p/<provider>.`,
      },
    }),
  );
  return app;
}
