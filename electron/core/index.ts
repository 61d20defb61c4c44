import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { StorageNotice } from '../shared/schemas.js';
import { realClock, type Clock } from './dispatcher/clock.js';
import { Dispatcher } from './dispatcher/dispatcher.js';
import { ThreadedSender } from './dispatcher/threaded-sender.js';
import { createTargetPolicy } from './dispatcher/policy.js';
import { EventBus } from './events.js';
import { FiringService } from './firing/service.js';
import { ForwardingService } from './forwarding/service.js';
import { HookService } from './hooks/service.js';
import { advanceIdClock } from './ids.js';
import { Catalog } from './providers/catalog.js';
import { DeliveryStore } from './store/deliveries.js';
import { EventStore } from './store/events.js';
import type { SyncMode } from './store/files.js';
import { InboxService } from './inboxes/service.js';
import { silentLogger, type Logger } from './log.js';
import { buildControlApp } from './server/control/app.js';
import { buildIngressApp } from './server/ingress/app.js';
import { defaultIngressLimits, type IngressLimits } from './server/ingress/limits.js';
import { listen } from './server/listen.js';
import { CaptureStore, defaultRetention, type RetentionPolicy } from './store/captures.js';
import { lockDataDir } from './store/lock.js';
import { StorageNotices } from './store/notices.js';
import { StateStore } from './store/state.js';
import { ControlToken } from './token.js';
import { VERSION } from './version.js';
import { applyWorkspaceFile } from './workspace/file.js';
import { WorkspaceService } from './workspace/service.js';
import { ReplayService } from './replay/service.js';
import { ScenarioService } from './scenarios/service.js';
import { EventLoopDelay } from './runtime.js';
import { StatsService } from './stats/service.js';

export { PortInUseError } from './server/listen.js';
export { DataDirInUseError } from './store/lock.js';
export { WorkspaceFileError } from './workspace/file.js';
export { TokenError } from './token.js';

export const DEFAULT_CONTROL_PORT = 7600;
export const DEFAULT_INGRESS_PORT = 7601;

export interface CoreOptions {
  dataDir: string;
  /** Control API port on 127.0.0.1 (0 picks a free one). */
  controlPort?: number;
  /** Ingress port (0 picks a free one). */
  ingressPort?: number;
  /** Ingress bind address; control is always loopback. */
  ingressHost?: string;
  /** Control API token; generated and stored in the data folder when absent. */
  token?: string | undefined;
  /** When stored records reach the disk (default `interval`; see SyncMode). */
  sync?: SyncMode;
  limits?: Partial<IngressLimits>;
  retention?: Partial<RetentionPolicy>;
  /** How many fired events and deliveries are kept. */
  history?: Partial<typeof defaultHistory>;
  dispatch?: Partial<typeof defaultDispatch>;
  /** The dispatcher's clock (tests use a fast one). */
  clock?: Clock;
  logger?: Logger;
  /** A workspace file applied at start (`serve --workspace FILE`): inboxes and hooks are made to match it. */
  workspace?: string | undefined;
  /** Compile the control API's schemas at start (slower start; a broken schema stops it) instead of on first use. */
  eagerSchemas?: boolean;
}

export const defaultHistory = { maxEvents: 20_000, maxDeliveries: 50_000, segmentRecords: 1000 };
export const defaultDispatch = { concurrency: 64, connectionsPerOrigin: 16 };

export interface Core {
  controlUrl: string;
  ingressUrl: string;
  token: string;
  dataDir: string;
  notices: readonly StorageNotice[];
  /** Stops both listeners, flushes storage and releases the data folder. Safe to call twice. */
  close(): Promise<void>;
}

/** Starts Hookbench's core in this process: storage, the control and the ingress listeners. */
export async function startCore(options: CoreOptions): Promise<Core> {
  const dataDir = resolve(options.dataDir);
  const log = options.logger ?? silentLogger;
  const sync = options.sync ?? 'interval';
  const durable = sync !== 'never';
  const limits = { ...defaultIngressLimits, ...options.limits };
  const history = { ...defaultHistory, ...options.history };
  const dispatch = { ...defaultDispatch, ...options.dispatch };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const unlock = await lockDataDir(dataDir);

  // Whatever is opened registers how to close it; closing runs the list backwards.
  const teardown: (() => Promise<void>)[] = [unlock];
  // A step that fails is logged and the rest still run: the lock is always released.
  const closeAll = async () => {
    for (const step of teardown.reverse()) {
      await step().catch((error: unknown) => log.error(`shutting down: ${(error as Error).message}`));
    }
  };
  try {
    const token = await ControlToken.open(dataDir, options.token);
    const notices = new StorageNotices(log);
    const state = await StateStore.open(dataDir, notices, durable);
    const captures = new CaptureStore({
      dir: join(dataDir, 'captures'),
      notices,
      sync,
      retention: { ...defaultRetention, ...options.retention },
    });
    teardown.push(() => captures.close());
    const events = await EventStore.open(dataDir, notices, sync, history.maxEvents, history.segmentRecords);
    teardown.push(() => events.close());
    const deliveries = await DeliveryStore.open(dataDir, notices, sync, history.maxDeliveries, history.segmentRecords);
    teardown.push(() => deliveries.close());
    // New ids must sort after every stored one, even if the clock went back since.
    for (const newest of [events.newestId, deliveries.newestId]) if (newest) advanceIdClock(newest);

    const bus = new EventBus();
    const urls = { control: '', ingress: '' };
    // Before the inboxes: their forwarding rules are checked against it when saved.
    /** Known once the control listener is up (the target policy refuses it; 0 before). */
    let controlPortNumber = 0;
    const controlPort = () => controlPortNumber;
    const policy = createTargetPolicy(controlPort);
    const inboxes = new InboxService(state, captures, bus, (slug) => `${urls.ingress}/in/${slug}`, policy);
    await inboxes.start();
    const catalog = new Catalog(state);
    const hooks = new HookService(state, catalog, policy, bus);
    const sender = ThreadedSender.start(
      policy,
      { concurrency: dispatch.concurrency, connectionsPerOrigin: dispatch.connectionsPerOrigin },
      controlPort,
      log,
    );
    // Also closed by the dispatcher's step below; this one covers a start that fails before it.
    teardown.push(() => sender.destroy());
    // Traffic statistics: counted from the stores when first asked for, then kept current by the capture and dispatch paths.
    const stats = new StatsService({ inboxes, hooks, captures, deliveries, bus });
    teardown.push(async () => stats.close());
    inboxes.onCaptured = (summary) => stats.captured(summary);
    deliveries.onForgotten = (deliveryId, hookId) => stats.deliveryForgotten(deliveryId, hookId);
    const dispatcher = new Dispatcher({
      store: deliveries,
      hooks,
      catalog,
      sender,
      bus,
      clock: options.clock ?? realClock,
      concurrency: dispatch.concurrency,
      connectionsPerOrigin: dispatch.connectionsPerOrigin,
      log,
      onSaved: (delivery) => stats.deliverySaved(delivery),
    });
    const firing = new FiringService(catalog, hooks, events, deliveries, dispatcher, policy);
    // Some providers answer a saved hook with an event of their own (Codewars' ping).
    hooks.onSaved = (hook) => {
      const reply = hook.enabled ? catalog.provider(hook.provider).onHookSaved?.(hook) : undefined;
      if (!reply) return;
      firing
        .fire({ provider: hook.provider, type: reply.type, payload: reply.payload, hookIds: [hook.id], validate: false })
        .catch((error: unknown) => log.error(`sending ${hook.provider} ${reply.type} to hook ${hook.id}: ${(error as Error).message}`));
    };

    const workspace = new WorkspaceService(inboxes, hooks, catalog);
    const replay = new ReplayService(inboxes, dispatcher, policy);
    const scenarios = new ScenarioService(state, catalog, hooks, firing);
    teardown.push(() => replay.close());
    // Subscribed before the ingress takes requests; closed after it stopped, before the captures close.
    const forwarding = new ForwardingService(inboxes, bus, policy, () => (urls.ingress ? Number(new URL(urls.ingress).port) : 0));
    teardown.push(() => forwarding.close());
    const startedAt = Date.now();
    const eventLoop = new EventLoopDelay();
    teardown.push(async () => eventLoop.close());
    const control = buildControlApp({
      token,
      services: { inboxes, hooks, catalog, firing, deliveries, dispatcher, bus, workspace, replay, forwarding, scenarios, stats },
      log,
      eagerSchemas: options.eagerSchemas,
      ingressUrl: () => urls.ingress,
      settings: {
        ingress: { host: options.ingressHost ?? '127.0.0.1', ...pick(limits, INGRESS_SETTINGS) },
        retention: pick({ ...defaultRetention, ...options.retention }, ['maxCapturesPerInbox', 'maxBytesPerInbox', 'maxTotalBytes']),
        history: pick(history, ['maxEvents', 'maxDeliveries']),
        dispatch,
        sync,
      },
      health: () => ({
        name: 'hookbench',
        version: VERSION,
        controlUrl: urls.control,
        ingressUrl: urls.ingress,
        dataDir,
        uptimeMs: Date.now() - startedAt,
        storage: { notices: notices.items },
        runtime: { ...eventLoop.read(), busListeners: bus.listenerCount, countedDeliveries: stats.countedDeliveries },
      }),
    });
    teardown.push(() => closeApp(control));
    urls.control = await listen(control, '127.0.0.1', options.controlPort ?? DEFAULT_CONTROL_PORT, 'control');
    controlPortNumber = Number(new URL(urls.control).port);

    // Attempts under way get a grace period to be recorded; what remains is sent again next start.
    teardown.push(async () => {
      await dispatcher.stop(DISPATCH_GRACE_MS);
      await sender.destroy();
      await dispatcher.drain();
    });
    await dispatcher.resume();

    // After the control listener (hook URLs are checked against its port), before the ingress takes requests.
    if (options.workspace) await applyWorkspaceFile(workspace, options.workspace);

    const ingress = buildIngressApp(inboxes, { hooks, catalog }, limits, log);
    teardown.push(() => closeApp(ingress));
    urls.ingress = await listen(ingress, options.ingressHost ?? '127.0.0.1', options.ingressPort ?? DEFAULT_INGRESS_PORT, 'ingress');

    let closing: Promise<void> | undefined;
    return {
      controlUrl: urls.control,
      ingressUrl: urls.ingress,
      // A getter: rotation through the API changes it.
      get token() {
        return token.current;
      },
      dataDir,
      notices: notices.items,
      close: () => (closing ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

const INGRESS_SETTINGS = [
  'bodyLimit',
  'maxUrlLength',
  'maxHeaderSize',
  'headersTimeoutMs',
  'requestTimeoutMs',
  'keepAliveTimeoutMs',
  'maxConnections',
] as const satisfies readonly (keyof IngressLimits)[];

/** Only the named fields: what GET /api/settings reports is chosen, not whatever an option object holds. */
function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, from[key]])) as Pick<T, K>;
}

const CLOSE_GRACE_MS = 2000;
const DISPATCH_GRACE_MS = 3000;

/** Stops listening; open requests get a short grace period before their connections close. */
async function closeApp(app: FastifyInstance): Promise<void> {
  const server = app.server;
  const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
  const closed = app.close();
  server.closeIdleConnections();
  await closed;
  clearTimeout(grace);
}
