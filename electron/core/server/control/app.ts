import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Health, Settings } from '../../../shared/schemas.js';
import type { Dispatcher } from '../../dispatcher/dispatcher.js';
import type { EventBus } from '../../events.js';
import type { FiringService } from '../../firing/service.js';
import type { ForwardingService } from '../../forwarding/service.js';
import type { HookService } from '../../hooks/service.js';
import type { InboxService } from '../../inboxes/service.js';
import type { Logger } from '../../log.js';
import type { Catalog } from '../../providers/catalog.js';
import type { DeliveryStore } from '../../store/deliveries.js';
import type { WorkspaceService } from '../../workspace/service.js';
import type { ReplayService } from '../../replay/service.js';
import type { ScenarioService } from '../../scenarios/service.js';
import type { StatsService } from '../../stats/service.js';
import type { ControlToken } from '../../token.js';
import { deliveryRoutes } from './api/deliveries.js';
import { eventRoutes } from './api/events.js';
import { fixtureRoutes } from './api/fixtures.js';
import { forwardRoutes } from './api/forwards.js';
import { harRoutes } from './api/har.js';
import { healthRoutes } from './api/health.js';
import { hookRoutes } from './api/hooks.js';
import { inboxRoutes } from './api/inboxes.js';
import { handshakeRoutes } from './api/handshakes.js';
import { inspectRoutes } from './api/inspect.js';
import { providerRoutes } from './api/providers.js';
import { customProviderRoutes } from './api/asyncapi.js';
import { requestRoutes } from './api/requests.js';
import { scenarioRoutes } from './api/scenarios.js';
import { settingsRoutes } from './api/settings.js';
import { signatureRoutes } from './api/signatures.js';
import { streamRoutes } from './api/stream.js';
import { workspaceRoutes } from './api/workspace.js';
import { snippetRoutes } from './api/snippets.js';
import { statsRoutes } from './api/stats.js';
import { emptyJsonIsNoBody } from '../json-body.js';
import { installErrorHandling } from './errors.js';
import { security } from './security.js';
import { findUiDir, uiRoutes } from './ui.js';
import { schemaCompilers } from '../lazy-schemas.js';

/** Everything the routes call into; routes never touch storage directly. */
export interface Services {
  inboxes: InboxService;
  hooks: HookService;
  catalog: Catalog;
  firing: FiringService;
  deliveries: DeliveryStore;
  dispatcher: Dispatcher;
  bus: EventBus;
  workspace: WorkspaceService;
  replay: ReplayService;
  scenarios: ScenarioService;
  forwarding: ForwardingService;
  stats: StatsService;
}

export interface ControlAppOptions {
  token: ControlToken;
  /** The start options the core runs with, reported by GET /api/settings. */
  settings: Omit<Settings, 'tokenSource'>;
  services: Services;
  health: () => Health;
  ingressUrl: () => string;
  log: Logger;
  /** Compile every route's schemas at start rather than on first use (see lazy-schemas.ts). */
  eagerSchemas?: boolean;
}

/** The privileged, loopback-only app: the API, the event stream and the UI. Never listens itself. */
export function buildControlApp(options: ControlAppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: 2 * 1024 * 1024,
    schemaController: { compilersFactory: schemaCompilers({ eager: options.eagerSchemas ?? false }) },
    // Unknown fields are an error, not silently dropped: a typo should be told, not ignored.
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const shutdown = new AbortController();
  app.addHook('preClose', async () => shutdown.abort());

  installErrorHandling(app, options.log);
  emptyJsonIsNoBody(app);
  app.register(security, { token: () => options.token.current, port: () => (app.server.address() as { port: number }).port });
  const { inboxes, hooks, catalog, firing, deliveries, dispatcher, bus } = options.services;
  app.register(healthRoutes, { health: options.health });
  app.register(settingsRoutes, { settings: options.settings, token: options.token });
  app.register(inboxRoutes, { inboxes, shutdown: shutdown.signal });
  app.register(handshakeRoutes, { inboxes });
  app.register(requestRoutes, { inboxes });
  app.register(forwardRoutes, { inboxes, forwarding: options.services.forwarding });
  app.register(inspectRoutes, { inboxes, catalog, dispatcher });
  app.register(hookRoutes, { hooks });
  app.register(providerRoutes, { catalog, ingressUrl: options.ingressUrl });
  app.register(customProviderRoutes, { catalog, hooks, ingressUrl: options.ingressUrl });
  app.register(eventRoutes, { firing });
  app.register(scenarioRoutes, { scenarios: options.services.scenarios });
  app.register(deliveryRoutes, { deliveries, dispatcher });
  app.register(signatureRoutes, { inboxes, hooks, deliveries: dispatcher });
  app.register(fixtureRoutes, { inboxes });
  app.register(harRoutes, { inboxes, deliveries, ingressUrl: options.ingressUrl });
  app.register(workspaceRoutes, { workspace: options.services.workspace });
  app.register(snippetRoutes, { replay: options.services.replay });
  app.register(statsRoutes, { stats: options.services.stats });
  app.register(streamRoutes, { bus, shutdown: shutdown.signal, token: options.token });
  app.register(uiRoutes, { uiDir: findUiDir() });
  return app;
}
