import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CoreOptions } from '../core/index.js';
import type { Delivery, DeliveryStatus, FireRequest, FireResult, Hook, HookCreate } from '../shared/hooks.js';
import type { Health, Inbox, InboxCreate } from '../shared/schemas.js';
import { ControlClient, type HttpMethod } from './client.js';
import { DeliveryWaitError, HookbenchApiError } from './errors.js';
import { TestInbox } from './inbox.js';

export interface StartOptions {
  /** Keep data here (kept after close); default: a fresh temp folder, deleted on close. */
  dataDir?: string;
  /** Anything else the core takes (ports default to free ones). */
  core?: Partial<Omit<CoreOptions, 'dataDir'>>;
}

export interface ConnectOptions {
  /** The control URL `hookbench serve` printed; default HOOKBENCH_URL. */
  url?: string;
  /** The control token; default HOOKBENCH_TOKEN. */
  token?: string;
}

export interface WaitForDeliveryOptions {
  /** The status to wait for; default: any final one (succeeded, failed, cancelled). */
  status?: DeliveryStatus;
  /** Default 10 000. */
  timeoutMs?: number;
}

const FINAL: readonly DeliveryStatus[] = ['succeeded', 'failed', 'cancelled'];

/** Hookbench for a test suite: throwaway inboxes, fired events and their deliveries. */
export class Hookbench {
  private readonly inboxIds = new Set<string>();
  private readonly hookIds = new Set<string>();
  /** Aborts pending waits when the suite closes. */
  private readonly closing = new AbortController();
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly client: ControlClient,
    private readonly health: Health,
    private readonly stop: () => Promise<void>,
  ) {}

  /** Starts a core in this process on free loopback ports. */
  static async start(options: StartOptions = {}): Promise<Hookbench> {
    // Loaded here, not at the top: a suite that only connects never loads the server.
    const { startCore } = await import('../core/index.js');
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'hookbench-lib-')));
    const ownDir = options.dataDir === undefined;
    const removeDir = () => (ownDir ? rm(dataDir, { recursive: true, force: true }) : Promise.resolve());
    let core;
    try {
      core = await startCore({ controlPort: 0, ingressPort: 0, ...options.core, dataDir });
    } catch (error) {
      await removeDir();
      throw error;
    }
    const started = core;
    return Hookbench.open(started.controlUrl, started.token, async () => {
      await started.close();
      await removeDir();
    });
  }

  /** Uses a running Hookbench (`hookbench serve`, the desktop app) by its control URL and token. */
  static async connect(options: ConnectOptions = {}): Promise<Hookbench> {
    const url = options.url ?? process.env.HOOKBENCH_URL;
    const token = options.token ?? process.env.HOOKBENCH_TOKEN;
    if (!url || !token) {
      throw new HookbenchApiError(
        'Hookbench.connect needs the control URL and token: pass { url, token } or set HOOKBENCH_URL and HOOKBENCH_TOKEN (`hookbench serve` prints both).',
        0,
        'not_configured',
      );
    }
    return Hookbench.open(url, token, async () => undefined);
  }

  private static async open(url: string, token: string, stop: () => Promise<void>): Promise<Hookbench> {
    const client = new ControlClient(url, token);
    try {
      const health = await client.request<Health>('GET', '/api/health');
      return new Hookbench(client, health, stop);
    } catch (error) {
      await client.close();
      await stop();
      throw error;
    }
  }

  /** The control API's origin. */
  get controlUrl(): string {
    return this.client.url;
  }
  /** Where inboxes and emulated provider APIs listen. */
  get ingressUrl(): string {
    return this.health.ingressUrl;
  }
  /** The data folder of the Hookbench in use. */
  get dataDir(): string {
    return this.health.dataDir;
  }

  /** A new inbox, deleted with its captures on close(). */
  async createInbox(input: InboxCreate = {}): Promise<TestInbox> {
    const inbox = await this.client.request<Inbox>('POST', '/api/inboxes', { body: input });
    this.inboxIds.add(inbox.id);
    return new TestInbox(this.client, inbox, this.closing.signal);
  }

  /** A new hook, deleted on close(). */
  async createHook(input: HookCreate): Promise<Hook> {
    const hook = await this.client.request<Hook>('POST', '/api/hooks', { body: input });
    this.hookIds.add(hook.id);
    return hook;
  }

  /** Fires a provider event to `url` or to hooks (`hookIds`, else every subscribed hook). */
  fire(input: FireRequest): Promise<FireResult> {
    return this.client.request<FireResult>('POST', '/api/events', { body: input });
  }

  /** A delivery with every attempt so far. */
  delivery(id: string): Promise<Delivery> {
    return this.client.request<Delivery>('GET', `/api/deliveries/${id}`);
  }

  /** Resolves once the delivery reaches `status` (default: a final status); throws if it ends otherwise. */
  async waitForDelivery(id: string, options: WaitForDeliveryOptions = {}): Promise<Delivery> {
    const { status, timeoutMs = 10_000 } = options;
    const deadline = Date.now() + timeoutMs;
    // Deliveries have no long-poll route; reading one record a few times a second is cheap.
    for (let pause = 20; ; pause = Math.min(pause * 1.5, 250)) {
      const delivery = await this.delivery(id);
      if (status ? delivery.status === status : FINAL.includes(delivery.status)) return delivery;
      if (status && FINAL.includes(delivery.status)) {
        throw new DeliveryWaitError(`Delivery ${id} ended ${delivery.status}, not ${status}.`, delivery);
      }
      if (Date.now() >= deadline) {
        throw new DeliveryWaitError(
          `Timed out after ${timeoutMs} ms waiting for delivery ${id} to be ${status ?? 'done'}; it is ${delivery.status}.`,
          delivery,
        );
      }
      await sleep(Math.min(pause, Math.max(0, deadline - Date.now())), undefined, { signal: this.closing.signal }).catch(() => {
        // Closed while waiting: the same error a wait on an inbox gives.
        throw new HookbenchApiError(`Waiting for delivery ${id} was cancelled: this Hookbench was closed.`, 0, 'closed');
      });
    }
  }

  /** Any other control API call (see the README's Control API), with the same errors. */
  request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
    return this.client.request<T>(method, path, { body });
  }

  /** Ends pending waits, deletes the inboxes and hooks made here, and stops a started core. Safe to call twice. */
  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    this.closing.abort();
    try {
      const removals = [...[...this.hookIds].map((id) => `/api/hooks/${id}`), ...[...this.inboxIds].map((id) => `/api/inboxes/${id}`)].map(
        (path) => this.client.request('DELETE', path).catch((error: unknown) => ignoreGone(error)),
      );
      await Promise.all(removals);
    } finally {
      await this.client.close();
      await this.stop();
    }
  }
}

/** Deleted already (by the test itself) is fine; anything else is worth reporting. */
function ignoreGone(error: unknown): void {
  if (error instanceof HookbenchApiError && error.status === 404) return;
  throw error;
}
