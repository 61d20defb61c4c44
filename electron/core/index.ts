import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { StorageNotice } from '../shared/schemas.js';
import { EventBus } from './events.js';
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
import { resolveToken } from './token.js';
import { VERSION } from './version.js';

export { PortInUseError } from './server/listen.js';
export { DataDirInUseError } from './store/lock.js';

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
  /** fsync before acknowledging a capture (default true). */
  durable?: boolean;
  limits?: Partial<IngressLimits>;
  retention?: Partial<RetentionPolicy>;
  logger?: Logger;
}

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
  const durable = options.durable ?? true;
  const limits = { ...defaultIngressLimits, ...options.limits };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const unlock = await lockDataDir(dataDir);

  const opened: FastifyInstance[] = [];
  let captures: CaptureStore | undefined;
  try {
    const token = await resolveToken(dataDir, options.token);
    const notices = new StorageNotices(log);
    const state = await StateStore.open(dataDir, notices, durable);
    captures = new CaptureStore({
      dir: join(dataDir, 'captures'),
      notices,
      durable,
      retention: { ...defaultRetention, ...options.retention },
    });
    const bus = new EventBus();
    const urls = { control: '', ingress: '' };
    const inboxes = new InboxService(state, captures, bus, (slug) => `${urls.ingress}/in/${slug}`);
    await inboxes.start();

    const startedAt = Date.now();
    const control = buildControlApp({
      token,
      inboxes,
      bus,
      log,
      ingressUrl: () => urls.ingress,
      health: () => ({
        name: 'hookbench',
        version: VERSION,
        controlUrl: urls.control,
        ingressUrl: urls.ingress,
        dataDir,
        uptimeMs: Date.now() - startedAt,
        storage: { notices: notices.items },
      }),
    });
    opened.push(control);
    urls.control = await listen(control, '127.0.0.1', options.controlPort ?? DEFAULT_CONTROL_PORT, 'control');
    const ingress = buildIngressApp(inboxes, limits, log);
    opened.push(ingress);
    urls.ingress = await listen(ingress, options.ingressHost ?? '127.0.0.1', options.ingressPort ?? DEFAULT_INGRESS_PORT, 'ingress');

    let closing: Promise<void> | undefined;
    const store = captures;
    return {
      controlUrl: urls.control,
      ingressUrl: urls.ingress,
      token,
      dataDir,
      notices: notices.items,
      close: () =>
        (closing ??= (async () => {
          await closeApps(opened);
          await store.close();
          await unlock();
        })()),
    };
  } catch (error) {
    await closeApps(opened);
    await captures?.close();
    await unlock();
    throw error;
  }
}

const CLOSE_GRACE_MS = 2000;

/** Ingress first (no new captures), then control; open requests get a short grace period. */
async function closeApps(apps: FastifyInstance[]): Promise<void> {
  for (const app of [...apps].reverse()) {
    const server = app.server;
    const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    const closed = app.close();
    server.closeIdleConnections();
    await closed;
    clearTimeout(grace);
  }
}
