import type { CaptureSummary } from '../../shared/schemas.js';
import { MINUTE_MS, statsWindow, type HookStats, type InboxStats, type OverviewStats, type StatsRange } from '../../shared/stats.js';
import { HttpError } from '../errors.js';
import type { EventBus } from '../events.js';
import type { HookService } from '../hooks/service.js';
import type { InboxService } from '../inboxes/service.js';
import type { CaptureStore } from '../store/captures.js';
import type { DeliveryStore } from '../store/deliveries.js';
import { scanCaptures, scanDeliveries } from '../store/traffic-scan.js';
import { DeliveryTraffic, type DeliveryFacts } from './hook-traffic.js';
import { InboxTraffic } from './inbox-traffic.js';
import { RING_MINUTES, windowFields } from './minutes.js';

export interface StatsSources {
  inboxes: InboxService;
  hooks: HookService;
  captures: CaptureStore;
  deliveries: DeliveryStore;
  bus: EventBus;
  now?: () => number;
}

interface Counting<T> {
  traffic: T;
  ready: Promise<void>;
}

/**
 * Traffic statistics, counted in memory. Nothing is counted until someone asks: the first
 * question about an inbox (or any hook) scans the last day of its log once, newest first; from
 * then on the capture and dispatch paths keep the counts current with an O(1) call each. Until
 * then those calls cost one map lookup. Clearing or deleting an inbox, or deleting a hook,
 * drops its counts (the next question counts again from what is stored).
 */
export class StatsService {
  private readonly inboxTraffic = new Map<string, Counting<InboxTraffic>>();
  private deliveryTraffic: (Counting<DeliveryTraffic> & { early: DuringScan | null }) | undefined;
  private readonly now: () => number;
  private readonly unsubscribe: () => void;

  constructor(private readonly sources: StatsSources) {
    this.now = sources.now ?? Date.now;
    this.unsubscribe = sources.bus.subscribe(
      (event) => {
        if (event.type === 'inbox.changed' && (event.data.change === 'cleared' || event.data.change === 'deleted')) {
          this.inboxTraffic.delete(event.data.inbox.id);
        } else if (event.type === 'hook.changed' && event.data.change === 'deleted') {
          this.deliveryTraffic?.traffic.forgetHook(event.data.hook.id);
        }
      },
      ['inbox.changed', 'hook.changed'],
    );
  }

  /** A capture was stored: counted if its inbox is being counted and the scan does not cover it. */
  captured(summary: CaptureSummary): void {
    const counting = this.inboxTraffic.get(summary.inboxId);
    if (!counting || summary.id <= counting.traffic.boundary) return;
    const { id, method, responseStatus } = summary;
    counting.traffic.add({ id, receivedAt: Date.parse(summary.receivedAt), method, responseStatus }, this.now());
  }

  /**
   * A delivery's new state was stored (a deleted hook's are not counted). While the first scan
   * runs, the newest state of each is kept for after it.
   */
  deliverySaved(delivery: DeliveryFacts): void {
    const counting = this.deliveryTraffic;
    if (!counting || !delivery.hookId || !this.sources.hooks.find(delivery.hookId)) return;
    if (counting.early) counting.early.saved.set(delivery.id, { ...delivery, attempts: delivery.attempts.slice() });
    else counting.traffic.apply(delivery, this.now());
  }

  /**
   * A delivery left the store: where it is counted need not be remembered any more. While the
   * first scan runs, it is forgotten after it (the scan may still count it, and its newest state
   * saved meanwhile is counted then).
   */
  deliveryForgotten(deliveryId: string, hookId: string): void {
    const counting = this.deliveryTraffic;
    if (!counting) return;
    if (counting.early) counting.early.forgotten.push({ deliveryId, hookId });
    else counting.traffic.forget(deliveryId, hookId);
  }

  /** Deliveries whose counts are remembered: at most what the store keeps. */
  get countedDeliveries(): number {
    return this.deliveryTraffic?.traffic.remembered ?? 0;
  }

  async inbox(id: string, range: StatsRange): Promise<InboxStats> {
    const traffic = await this.countInbox(id);
    const now = this.now();
    const window = statsWindow(range, now);
    return { ...windowFields(window), ...traffic.read(window, now) };
  }

  async hook(id: string, range: StatsRange): Promise<HookStats> {
    this.sources.hooks.get(id);
    const traffic = await this.countDeliveries();
    // Deleted while the deliveries were counted: 404 too.
    this.sources.hooks.get(id);
    const now = this.now();
    const window = statsWindow(range, now);
    return { ...windowFields(window), ...traffic.read(id, window, now), asOf: traffic.newestChange };
  }

  async overview(range: StatsRange): Promise<OverviewStats> {
    const inboxList = this.sources.inboxes.list();
    const hookList = this.sources.hooks.list();
    const [inboxTraffic, deliveries] = await Promise.all([
      Promise.all(inboxList.map((inbox) => this.countInbox(inbox.id).catch(goneAsUndefined))),
      this.countDeliveries(),
    ]);
    const now = this.now();
    const window = statsWindow(range, now);
    // An inbox deleted while it was being counted is not in the overview.
    const inboxes = inboxList.flatMap((inbox, index) => {
      const traffic = inboxTraffic[index];
      if (!traffic) return [];
      const { captures, total, asOf } = traffic.read(window, now);
      return [{ id: inbox.id, slug: inbox.slug, name: inbox.name, total, captures, asOf }];
    });
    const sum = (series: number[][]) =>
      Array.from({ length: window.buckets }, (_, bucket) => series.reduce((all, one) => all + one[bucket]!, 0));
    const perHook = hookList.map((hook) => ({ hook, stats: deliveries.read(hook.id, window, now) }));
    const total = (series: number[]) => series.reduce((all, count) => all + count, 0);
    return {
      ...windowFields(window),
      inboxes,
      hooks: perHook.map(({ hook, stats: { outcomes, total: all } }) => ({
        id: hook.id,
        name: hook.name,
        total: all,
        succeeded: total(outcomes.succeeded),
        failed: total(outcomes.failed),
        retrying: total(outcomes.retrying),
      })),
      captures: sum(inboxes.map((inbox) => inbox.captures)),
      deliveries: {
        succeeded: sum(perHook.map(({ stats }) => stats.outcomes.succeeded)),
        failed: sum(perHook.map(({ stats }) => stats.outcomes.failed)),
        retrying: sum(perHook.map(({ stats }) => stats.outcomes.retrying)),
      },
      deliveriesAsOf: deliveries.newestChange,
    };
  }

  close(): void {
    this.unsubscribe();
  }

  /**
   * The inbox's counts, scanning its log the first time. The boundary is taken, and the counter
   * registered, in the same turn: captures stored after it are counted live, the rest by the scan.
   * Cleared while counting? The counts asked for are of the inbox as it is now: count again.
   * Deleted (before or while counting)? 404, and nothing is registered for it.
   */
  private async countInbox(id: string): Promise<InboxTraffic> {
    for (;;) {
      this.sources.inboxes.get(id);
      let counting = this.inboxTraffic.get(id);
      if (!counting) {
        const { captures } = this.sources;
        const traffic = new InboxTraffic(captures.newestId(id) ?? '');
        const since = this.now() - RING_MINUTES * MINUTE_MS;
        const ready = scanCaptures(captures.segmentFiles(id), { upTo: traffic.boundary, since }, (capture) =>
          traffic.add(capture, this.now()),
        );
        counting = { traffic, ready };
        this.inboxTraffic.set(id, counting);
        ready.catch(() => this.inboxTraffic.get(id) === counting && this.inboxTraffic.delete(id));
      }
      await counting.ready;
      if (this.inboxTraffic.get(id) === counting) return counting.traffic;
    }
  }

  /** Every hook's counts: one scan of the deliveries log (there is one for all hooks), the first time. */
  private async countDeliveries(): Promise<DeliveryTraffic> {
    if (!this.deliveryTraffic) {
      const { deliveries, hooks } = this.sources;
      const traffic = new DeliveryTraffic();
      const early: DuringScan = { saved: new Map(), forgotten: [] };
      const bounds = { upTo: deliveries.newestId ?? '', since: this.now() - RING_MINUTES * MINUTE_MS };
      const counting = { traffic, early: early as DuringScan | null, ready: Promise.resolve() };
      counting.ready = scanDeliveries(
        deliveries.segmentFiles,
        bounds,
        (id) => deliveries.hookOf(id),
        (delivery) => {
          // A state saved meanwhile is newer than any the scan finds.
          if (!early.saved.has(delivery.id) && delivery.hookId && hooks.find(delivery.hookId)) traffic.apply(delivery, this.now());
        },
      ).then(
        () => {
          for (const delivery of early.saved.values()) {
            if (delivery.hookId && hooks.find(delivery.hookId)) traffic.apply(delivery, this.now());
          }
          for (const { deliveryId, hookId } of early.forgotten) traffic.forget(deliveryId, hookId);
          counting.early = null;
        },
        (error: unknown) => {
          this.deliveryTraffic = undefined;
          throw error;
        },
      );
      this.deliveryTraffic = counting;
    }
    await this.deliveryTraffic.ready;
    return this.deliveryTraffic.traffic;
  }
}

/** What happens to deliveries while the first scan runs, applied once it is done. */
interface DuringScan {
  /** The newest state of each delivery saved meanwhile. */
  saved: Map<string, DeliveryFacts>;
  /** Deliveries the store let go of meanwhile. */
  forgotten: { deliveryId: string; hookId: string }[];
}

function goneAsUndefined(error: unknown): undefined {
  if (error instanceof HttpError && error.statusCode === 404) return undefined;
  throw error;
}
