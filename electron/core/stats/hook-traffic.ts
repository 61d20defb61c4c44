import type { DeliveryStatus } from '../../shared/hooks.js';
import { attemptsListOf, LATENCY_EDGES, latencyBucket, latencyOf, OUTCOMES, type Outcome, type StatsWindow } from '../../shared/stats.js';
import { MinuteRing, minuteOf, RING_MINUTES } from './minutes.js';

/** What the statistics read of a delivery's state (a StoredDelivery has all of it). */
export interface DeliveryFacts {
  id: string;
  hookId: string | null | undefined;
  status: DeliveryStatus;
  attempts: readonly { startedAt: string; durationMs: number }[];
  updatedAt?: string | undefined;
}

interface HookMinute {
  minute: number;
  succeeded: number;
  failed: number;
  retrying: number;
  /** Attempts started in this minute, by latency bucket (made on the first one). */
  latency: Uint32Array | undefined;
  /** Deliveries whose latest attempt is in this minute, by their number of attempts. */
  attempts: Map<number, number>;
}

/** Where a delivery is counted now, so its next state can take it out again. */
interface Counted {
  hookId: string;
  minute: number;
  outcome: Outcome | undefined;
  attempts: number;
}

/** Cancelled deliveries and those not attempted yet are not counted; pending ones with attempts are retrying. */
function outcomeOf(status: DeliveryStatus): Outcome | undefined {
  if (status === 'succeeded' || status === 'failed') return status;
  return status === 'cancelled' ? undefined : 'retrying';
}

const SWEEP_EVERY_MINUTES = 10;

/**
 * Every hook's deliveries per minute over the last day. A delivery is counted once, in the minute
 * of its latest attempt, under how it stands now; each new state moves it (O(1)). Each attempt's
 * duration is counted once, in the minute it started.
 */
export class DeliveryTraffic {
  private readonly counted = new Map<string, Counted>();
  private readonly hooks = new Map<string, MinuteRing<HookMinute>>();
  private sweptAt = 0;
  /** The newest delivery change counted (updatedAt). */
  newestChange: string | null = null;

  apply(delivery: DeliveryFacts, now: number): void {
    const { hookId, attempts } = delivery;
    const latest = attempts.at(-1);
    if (!hookId || !latest) return;
    const nowMinute = minuteOf(now);
    const ring = this.ring(hookId);
    const before = this.counted.get(delivery.id);
    if (before?.outcome) {
      const slot = ring.peek(before.minute);
      if (slot) {
        slot[before.outcome] -= 1;
        slot.attempts.set(before.attempts, (slot.attempts.get(before.attempts) ?? 1) - 1);
      }
    }
    for (let index = before?.attempts ?? 0; index < attempts.length; index += 1) {
      const attempt = attempts[index]!;
      const slot = ring.take(minuteOf(Date.parse(attempt.startedAt)), nowMinute);
      if (slot) (slot.latency ??= new Uint32Array(LATENCY_EDGES.length))[latencyBucket(attempt.durationMs)]! += 1;
    }
    const outcome = outcomeOf(delivery.status);
    const minute = minuteOf(Date.parse(latest.startedAt));
    const slot = outcome && ring.take(minute, nowMinute);
    if (slot) {
      slot[outcome] += 1;
      slot.attempts.set(attempts.length, (slot.attempts.get(attempts.length) ?? 0) + 1);
    }
    this.counted.set(delivery.id, { hookId, minute, outcome, attempts: attempts.length });
    if (delivery.updatedAt && (this.newestChange === null || delivery.updatedAt > this.newestChange))
      this.newestChange = delivery.updatedAt;
    if (nowMinute - this.sweptAt >= SWEEP_EVERY_MINUTES) this.sweep(nowMinute);
  }

  /** A deleted hook's numbers go with it. */
  forgetHook(hookId: string): void {
    this.hooks.delete(hookId);
    for (const [id, counted] of this.counted) if (counted.hookId === hookId) this.counted.delete(id);
  }

  read(hookId: string, window: StatsWindow, now: number) {
    const outcomes = { succeeded: zeros(window), failed: zeros(window), retrying: zeros(window) };
    const latency = new Array<number>(LATENCY_EDGES.length).fill(0);
    const perDelivery = new Map<number, number>();
    this.hooks.get(hookId)?.forEach(window, now, (slot, bucket) => {
      for (const outcome of OUTCOMES) outcomes[outcome][bucket]! += slot[outcome];
      slot.latency?.forEach((count, index) => (latency[index]! += count));
      for (const [attempts, count] of slot.attempts) perDelivery.set(attempts, (perDelivery.get(attempts) ?? 0) + count);
    });
    const histogram = LATENCY_EDGES.map((le, index) => ({ le, count: latency[index]! }));
    return {
      outcomes,
      latency: latencyOf(histogram),
      attemptsPerDelivery: attemptsListOf(perDelivery),
      total: OUTCOMES.reduce((sum, outcome) => sum + outcomes[outcome].reduce((a, b) => a + b, 0), 0),
    };
  }

  private ring(hookId: string): MinuteRing<HookMinute> {
    let ring = this.hooks.get(hookId);
    if (!ring) {
      ring = new MinuteRing((minute) => ({ minute, succeeded: 0, failed: 0, retrying: 0, latency: undefined, attempts: new Map() }));
      this.hooks.set(hookId, ring);
    }
    return ring;
  }

  /** Deliveries whose latest attempt left the ring are counted nowhere any more: forget where they were. */
  private sweep(nowMinute: number): void {
    this.sweptAt = nowMinute;
    for (const [id, counted] of this.counted) if (counted.minute <= nowMinute - RING_MINUTES) this.counted.delete(id);
  }
}

const zeros = (window: StatsWindow) => new Array<number>(window.buckets).fill(0);
