import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Health } from '../../../shared/schemas.js';
import type { EventBus } from '../../events.js';
import type { InboxService } from '../../inboxes/service.js';
import type { Logger } from '../../log.js';
import { healthRoutes } from './api/health.js';
import { inboxRoutes } from './api/inboxes.js';
import { requestRoutes } from './api/requests.js';
import { streamRoutes } from './api/stream.js';
import { installErrorHandling } from './errors.js';
import { security } from './security.js';
import { uiRoutes } from './ui.js';

export interface ControlAppOptions {
  token: string;
  inboxes: InboxService;
  bus: EventBus;
  health: () => Health;
  ingressUrl: () => string;
  log: Logger;
}

/** The privileged, loopback-only app: the API, the event stream and the UI. Never listens itself. */
export function buildControlApp(options: ControlAppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: 2 * 1024 * 1024,
    // Unknown fields are an error, not silently dropped: a typo should be told, not ignored.
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const shutdown = new AbortController();
  app.addHook('preClose', async () => shutdown.abort());

  installErrorHandling(app, options.log);
  app.register(security, { token: options.token, port: () => (app.server.address() as { port: number }).port });
  app.register(healthRoutes, { health: options.health });
  app.register(inboxRoutes, { inboxes: options.inboxes, shutdown: shutdown.signal });
  app.register(requestRoutes, { inboxes: options.inboxes });
  app.register(streamRoutes, { bus: options.bus, shutdown: shutdown.signal });
  app.register(uiRoutes, { ingressUrl: options.ingressUrl });
  return app;
}
