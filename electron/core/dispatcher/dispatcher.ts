import type { Delivery, DeliveryStatus, Hook, RetryPolicy } from '../../shared/hooks.js';
import { HttpError, notFound } from '../errors.js';
import type { EventBus } from '../events.js';
import { hookDisabled, type HookService } from '../hooks/service.js';
import { captureIdOf, CaptureLinks } from '../inspect/links.js';
import { isoTime } from '../iso-time.js';
import type { Logger } from '../log.js';
import type { Catalog } from '../providers/catalog.js';
import type { DeliveryTarget, ProviderDefinition } from '../providers/types.js';
import { toDelivery, type DeliveryStore, type StoredDelivery } from '../store/deliveries.js';
import type { Clock } from './clock.js';
import { FairQueue } from './fair-queue.js';
import type { OutgoingRequest, Outcome, Sender } from './http-client.js';
import { nextDelay, parseRetryAfter } from './retry.js';
import { originOf } from './urls.js';

export const AD_HOC_TIMEOUT_MS = 15_000;
/** How long a lookup waits for the outcome of an attempt still under way (attemptsRecorded). */
const RECORD_WAIT_MS = 2_000;
const NO_RETRIES: RetryPolicy = { preset: 'none', schedule: [] };

/** What a delivery to a plain URL (no hook) is sent as. */
export function adHocTarget(url: string): DeliveryTarget {
  return { url, method: 'POST', format: 'json', headers: {}, customData: {}, secret: '', previousSecrets: [], providerOptions: {} };
}

export interface DispatcherOptions {
  store: DeliveryStore;
  hooks: HookService;
  catalog: Catalog;
  sender: Sender;
  bus: EventBus;
  clock: Clock;
  /** Attempts on the network at once, over all targets. */
  concurrency: number;
  /** Attempts on the network at once to any one origin (scheme, host and port). */
  connectionsPerOrigin: number;
  log: Logger;
  /** Told of every delivery state stored (the traffic statistics: an O(1) update, no event built). */
  onSaved?: (delivery: StoredDelivery) => void;
}

/**
 * Sends stored deliveries: a bounded pool of attempts, retries on the hook's schedule (and
 * Retry-After), every outcome stored before the next step. Receiving origins take turns and
 * each has a bound of its own, so a slow receiver with a long queue delays only the deliveries
 * to its origin while the others have slots left. What is pending at start, or was in flight
 * when the process died, is sent again: at least once, with the same delivery id.
 */
export class Dispatcher {
  /** Deliveries with attempts still to make. */
  private readonly live = new Map<string, StoredDelivery>();
  /**
   * Deliveries whose attempt is due, in order per origin, origins in turn; each id at most once.
   * Each origin may have `connectionsPerOrigin` times the sender's depth with the sender.
   */
  private readonly due = new FairQueue<string>(() => this.options.connectionsPerOrigin * this.options.sender.depth);
  private readonly dueIds = new Set<string>();
  private readonly timers = new Map<string, () => void>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** What each attempt with the sender was given, by delivery id, so it can be taken back. */
  private readonly handed = new Map<string, OutgoingRequest>();
  /** Outcomes being recorded after their attempt left the pool, by delivery id. */
  private readonly recording = new Map<string, Promise<void>>();
  /** States to store in the next batch, with whoever waits for each. */
  private unsaved = new Map<StoredDelivery, Waiter[]>();
  private stopped = false;
  private tellingFailed = false;
  /** Which attempt made which inbox capture (GET /api/requests/:id/delivery). */
  readonly captureLinks = new CaptureLinks();

  constructor(private readonly options: DispatcherOptions) {
    // The attempts of a hook not started yet are taken back when it is switched off or deleted
    // (they get no more attempts), or when its secret changes (they go again, signed afresh:
    // a secret rotated with no overlap must not sign what is still waiting for its turn).
    const secrets = new Map(options.hooks.list().map((hook) => [hook.id, hook.secret]));
    options.bus.subscribe(
      (event) => {
        if (event.type !== 'hook.changed') return;
        const { change, hook } = event.data;
        const rotated = change === 'updated' && secrets.get(hook.id) !== hook.secret;
        if (change === 'deleted') secrets.delete(hook.id);
        else secrets.set(hook.id, hook.secret);
        if (change === 'deleted' || !hook.enabled || rotated) this.withdraw((delivery) => delivery.hookId === hook.id);
      },
      ['hook.changed'],
    );
  }

  async resume(): Promise<void> {
    for (const id of this.options.store.pendingIds()) {
      const delivery = await this.options.store.get(id);
      if (delivery) this.schedule(delivery);
    }
  }

  /** Takes deliveries that are already stored and sends them. */
  enqueue(deliveries: StoredDelivery[]): void {
    for (const delivery of deliveries) this.schedule(delivery);
  }

  /** The delivery as it is now, with an attempt under way shown as `sending`. */
  async get(id: string): Promise<Delivery> {
    const delivery = this.live.get(id) ?? (await this.options.store.get(id));
    if (!delivery) throw notFound('delivery', id);
    return toDelivery(delivery);
  }

  async retryNow(id: string): Promise<Delivery> {
    const live = this.live.get(id);
    const delivery = live ?? (await this.options.store.get(id));
    if (!delivery) throw notFound('delivery', id);
    if (this.inFlight.has(id) || this.recording.has(id))
      throw new HttpError(409, 'attempt_under_way', 'An attempt of this delivery is under way; wait for its result.');
    if (delivery.hookId) {
      const hook = this.options.hooks.find(delivery.hookId);
      if (!hook) throw new HttpError(409, 'hook_deleted', 'The hook this delivery went to was deleted, so nothing can be sent for it.');
      if (!hook.enabled) throw hookDisabled(hook);
    }
    this.timers.get(id)?.();
    this.timers.delete(id);
    delivery.status = 'pending';
    delete delivery.nextAttemptAt;
    this.live.set(id, delivery);
    if (!live) {
      // A finished one is stored as pending first: retention keeps a pending delivery (copying it
      // forward), where it would let a finished one go while its new attempt is under way.
      await this.save(delivery).catch((error: unknown) => {
        this.live.delete(id);
        throw error;
      });
      // Cancelled meanwhile, or Hookbench stopping: it does not go.
      if ((delivery.status as DeliveryStatus) !== 'pending' || this.stopped) return toDelivery(delivery);
    }
    this.makeDue(delivery);
    this.pump();
    return toDelivery(delivery);
  }

  async cancel(id: string): Promise<Delivery> {
    const delivery = this.live.get(id) ?? (await this.options.store.get(id));
    if (!delivery) throw notFound('delivery', id);
    if (delivery.status !== 'pending' && delivery.status !== 'sending') {
      throw new HttpError(409, 'delivery_finished', `This delivery has ${delivery.status} already; only pending ones can be cancelled.`);
    }
    this.timers.get(id)?.();
    this.timers.delete(id);
    this.withdraw((candidate) => candidate.id === id);
    await this.finish(delivery, 'cancelled');
    return toDelivery(delivery);
  }

  /** Stops taking work; waits up to `graceMs` for attempts under way to be recorded. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    this.options.sender.hold();
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    await atMost(graceMs, this.drain());
  }

  /**
   * Waits, at most `ms`, until the attempts under way of the deliveries `which` picks have their
   * outcomes recorded. An inbox stores a capture before the attempt that sent it has its answer
   * back; "which attempt made this capture" asked in that moment waits here for the answer.
   */
  async attemptsRecorded(which: (delivery: StoredDelivery) => boolean, ms = RECORD_WAIT_MS): Promise<void> {
    const ids = [...this.inFlight.keys(), ...this.recording.keys()].filter((id) => {
      const delivery = this.live.get(id);
      return delivery !== undefined && which(delivery);
    });
    if (ids.length > 0) await atMost(ms, this.outcomesRecorded(ids));
  }

  /** Waits for attempts under way (after the sender was destroyed, they end at once) and their records. */
  drain(): Promise<void> {
    return this.outcomesRecorded([...this.inFlight.keys(), ...this.recording.keys()]);
  }

  /** Waits for these deliveries' attempts under way, then for their outcomes to be recorded. */
  private async outcomesRecorded(ids: string[]): Promise<void> {
    await Promise.allSettled(ids.map((id) => this.inFlight.get(id)));
    await Promise.allSettled(ids.map((id) => this.recording.get(id)));
  }

  private schedule(delivery: StoredDelivery): void {
    this.timers.get(delivery.id)?.();
    this.timers.delete(delivery.id);
    this.live.set(delivery.id, delivery);
    const wait = delivery.nextAttemptAt ? Date.parse(delivery.nextAttemptAt) - this.options.clock.now() : 0;
    if (wait <= 0) {
      this.makeDue(delivery);
      this.pump();
      return;
    }
    const cancel = this.options.clock.setTimeout(() => {
      this.timers.delete(delivery.id);
      this.makeDue(delivery);
      this.pump();
    }, wait);
    this.timers.set(delivery.id, cancel);
  }

  private makeDue(delivery: StoredDelivery): void {
    if (this.dueIds.has(delivery.id)) return;
    this.dueIds.add(delivery.id);
    this.due.push(delivery.id, originOf(delivery.url));
  }

  /**
   * Starts due attempts while there are slots: `concurrency` in all and `connectionsPerOrigin`
   * per origin, each times the sender's depth (what it holds ready beyond what is on the network).
   */
  private pump(): void {
    const slots = this.options.concurrency * this.options.sender.depth;
    while (!this.stopped && this.inFlight.size < slots) {
      const next = this.due.take();
      if (!next) return;
      const [id, origin] = next;
      this.dueIds.delete(id);
      if (this.inFlight.has(id)) continue;
      this.due.started(origin);
      this.inFlight.set(id, this.run(id, origin));
    }
  }

  /** One attempt in its slot (an async function rather than a chain: fewer promises per attempt). */
  private async run(id: string, origin: string): Promise<void> {
    let unsent = false;
    try {
      unsent = (await this.attempt(id)) === 'unsent';
    } catch (error) {
      await this.giveUp(id, error);
    } finally {
      this.inFlight.delete(id);
      this.due.ended(origin);
      // Handed back unsent (it waited too long, was withdrawn, or the sending thread died): it goes round again, signed afresh.
      const delivery = this.live.get(id);
      if (unsent && !this.stopped && delivery) this.makeDue(delivery);
      this.pump();
    }
  }

  /** Takes back the attempts with the sender that have not started, of the deliveries `which` picks. */
  private withdraw(which: (delivery: StoredDelivery) => boolean): void {
    const taken: OutgoingRequest[] = [];
    for (const [id, outgoing] of this.handed) {
      const delivery = this.live.get(id);
      if (delivery && which(delivery)) taken.push(outgoing);
    }
    if (taken.length > 0) this.options.sender.withdraw(taken);
  }

  /**
   * Makes one attempt. It holds its slot only while with the sender (on the network, or queued
   * just ahead of it): recording the outcome (hook counters, the stored snapshot, scheduling a
   * retry) runs after the slot is free. A crash before the record is stored means the attempt
   * is made again.
   */
  private async attempt(id: string): Promise<'unsent' | void> {
    const { hooks, catalog, sender, clock } = this.options;
    const delivery = this.live.get(id);
    if (!delivery || delivery.status !== 'pending') return;
    const hook = delivery.hookId ? hooks.find(delivery.hookId) : undefined;
    if (delivery.hookId && !hook?.enabled) return this.track(id, this.finish(delivery, 'cancelled'));

    const target = hook ?? adHocTarget(delivery.url);
    const signedAt = clock.now();
    const { method, url, headers, body } = delivery.request;
    const signature = catalog.provider(delivery.provider).signAttempt(target, delivery.request, delivery.id, signedAt);
    // The attempt's head is stored as sent; the body is the delivery's and stays shared.
    const sent = { method, url, headers: headers.concat(signature) };
    delivery.status = 'sending';
    this.changed(delivery);
    const outgoing = { method, url, headers: sent.headers, body };
    this.handed.set(id, outgoing);
    const outcome = await sender.send(outgoing, hook?.timeoutMs ?? AD_HOC_TIMEOUT_MS);
    this.handed.delete(id);
    if (!outcome) {
      // Never sent: no attempt to record, and it is still stored as it was (pending, unless just cancelled).
      if (delivery.status === 'sending') delivery.status = 'pending';
      return 'unsent';
    }
    const { durationMs, waitedMs = 0 } = outcome;
    const n = delivery.attempts.length + 1;
    // It went out once it had waited its turn with the sender, not when it was signed.
    const at = isoTime(signedAt + waitedMs);
    delivery.attempts.push(
      'response' in outcome
        ? { n, startedAt: at, durationMs, request: sent, response: outcome.response }
        : { n, startedAt: at, durationMs, request: sent, error: outcome.error },
    );
    const captureId = 'response' in outcome ? captureIdOf(outcome.response.headers) : undefined;
    if (captureId) this.captureLinks.note(captureId, { deliveryId: id, attempt: n });
    this.track(id, this.record(delivery, outcome, hook));
  }

  private async record(delivery: StoredDelivery, outcome: Outcome, hook: Hook | undefined): Promise<void> {
    const provider = this.options.catalog.provider(delivery.provider);
    const result = attemptResult(outcome, provider);
    const updatedHook = hook ? await this.options.hooks.recordAttempt(hook.id, result) : undefined;
    if ((delivery.status as DeliveryStatus) === 'cancelled') return this.save(delivery);
    if (result === 'succeeded') return this.finish(delivery, 'succeeded');
    const delay =
      provider.retryOn === 'transport' && 'response' in outcome ? undefined : this.retryDelay(delivery, outcome, result, updatedHook);
    if (delay === undefined) return this.finish(delivery, 'failed');
    delivery.status = 'pending';
    delivery.nextAttemptAt = isoTime(this.options.clock.now() + delay);
    await this.save(delivery);
    // A cancel may have come while the save ran.
    if (!this.stopped && (delivery.status as DeliveryStatus) === 'pending') this.schedule(delivery);
  }

  /** Keeps recording visible to drain() and retry-now; a failure to record gives the delivery up. */
  private track(id: string, work: Promise<void>): void {
    const tracked: Promise<void> = work.then(
      () => this.recorded(id, tracked),
      (error: unknown) => this.giveUp(id, error).finally(() => this.recorded(id, tracked)),
    );
    this.recording.set(id, tracked);
  }

  private recorded(id: string, tracked: Promise<void>): void {
    if (this.recording.get(id) === tracked) this.recording.delete(id);
  }

  /** Something unexpected broke an attempt: the delivery fails (retry-now can revive it) rather than hang. */
  private async giveUp(id: string, error: unknown): Promise<void> {
    this.options.log.error(`delivery ${id}: ${(error as Error).stack ?? error}`);
    const delivery = this.live.get(id);
    if (delivery) await this.finish(delivery, 'failed').catch(() => this.live.delete(id));
  }

  private retryDelay(delivery: StoredDelivery, outcome: Outcome, result: string, hook: Hook | undefined): number | undefined {
    if (result === 'gone' || (hook && !hook.enabled)) return undefined;
    const retryAfter =
      'response' in outcome ? outcome.response.headers.find(([name]) => name.toLowerCase() === 'retry-after')?.[1] : undefined;
    return nextDelay(hook?.retry ?? NO_RETRIES, delivery.attempts.length, parseRetryAfter(retryAfter, this.options.clock.now()));
  }

  private async finish(delivery: StoredDelivery, status: 'succeeded' | 'failed' | 'cancelled'): Promise<void> {
    delivery.status = status;
    delete delivery.nextAttemptAt;
    await this.save(delivery);
    this.live.delete(delivery.id);
  }

  /**
   * Stores the delivery's current state. States saved in the same turn go to the store as one
   * batch (a busy dispatch finishes dozens of attempts at once); each caller learns its own result.
   */
  private save(delivery: StoredDelivery): Promise<void> {
    delivery.updatedAt = isoTime(this.options.clock.now());
    if (this.unsaved.size === 0) queueMicrotask(() => void this.saveBatch());
    return new Promise((resolve, reject) => {
      const waiters = this.unsaved.get(delivery);
      if (waiters) waiters.push({ resolve, reject });
      else this.unsaved.set(delivery, [{ resolve, reject }]);
    });
  }

  private async saveBatch(): Promise<void> {
    const batch = this.unsaved;
    this.unsaved = new Map();
    const deliveries = [...batch.keys()];
    let results: PromiseSettledResult<void>[];
    try {
      await this.options.store.save(deliveries);
      results = deliveries.map(() => ({ status: 'fulfilled', value: undefined }));
    } catch {
      // Part of the batch may be stored: each is saved again alone, so each gets its own answer.
      results = await Promise.allSettled(deliveries.map((delivery) => this.options.store.save([delivery])));
    }
    deliveries.forEach((delivery, index) => {
      const result = results[index]!;
      for (const waiter of batch.get(delivery)!) {
        if (result.status === 'fulfilled') waiter.resolve();
        else waiter.reject(result.reason);
      }
      // Told before the waiters go on (they resume in a later microtask).
      if (result.status === 'fulfilled') this.told(delivery);
    });
  }

  /**
   * Tells the statistics and the stream of a stored state. The delivery is stored whatever they
   * do: a failure is logged (once) and never fails the delivery.
   */
  private told(delivery: StoredDelivery): void {
    try {
      this.options.onSaved?.(delivery);
    } catch (error) {
      this.toldFailed(delivery, error);
    }
    try {
      this.changed(delivery);
    } catch (error) {
      this.toldFailed(delivery, error);
    }
  }

  private toldFailed(delivery: StoredDelivery, error: unknown): void {
    if (this.tellingFailed) return;
    this.tellingFailed = true;
    this.options.log.error(`after storing delivery ${delivery.id} (reported once): ${(error as Error).stack ?? error}`);
  }

  private changed(delivery: StoredDelivery): void {
    if (!this.options.bus.wants('delivery.updated')) return;
    this.options.bus.emit({ type: 'delivery.updated', data: toDelivery(delivery) });
  }
}

/** Waits for `work`, or `ms`, whichever ends first. */
async function atMost(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * 2xx succeeds (unless the provider counts otherwise); 410 Gone tells the sender to stop;
 * everything else (3xx included) failed.
 */
function attemptResult(outcome: Outcome, provider: ProviderDefinition): 'succeeded' | 'failed' | 'gone' {
  if (!('response' in outcome)) return 'failed';
  const { status } = outcome.response;
  if (provider.succeeded ? provider.succeeded(status) : status >= 200 && status < 300) return 'succeeded';
  return status === 410 ? 'gone' : 'failed';
}
