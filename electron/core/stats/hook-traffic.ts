import type { DeliveryStatus } from '../../shared/hooks.js';
import { attemptsListOf, LATENCY_EDGES, latencyBucket, latencyOf, OUTCOMES, type Outcome, type StatsWindow } from '../../shared/stats.js';
import { MinuteRing, minuteOf } from './minutes.js';

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
  /**
   * Where each delivery whose latest attempt is in this minute is counted (`countedCode`), so its
   * next state can take it out again. It lives and goes with its minute: when the slot is reused a
   * day later, the deliveries counted in it are forgotten at no cost, and no map grows past one
   * hook's deliveries of one minute.
   */
  deliveries: Map<string, number>;
}

/** Cancelled deliveries and those not attempted yet are not counted; pending ones with attempts are retrying. */
function outcomeOf(status: DeliveryStatus): Outcome | undefined {
  if (status === 'succeeded' || status === 'failed') return status;
  return status === 'cancelled' ? undefined : 'retrying';
}

// How a delivery is counted, as one small integer (no object per delivery): its number of
// attempts and its outcome (0: not counted, cancelled).
const OUTCOME_CODES = [undefined, 'succeeded', 'failed', 'retrying'] as const;
const countedCode = (attempts: number, outcome: Outcome | undefined) => attempts * 4 + OUTCOME_CODES.indexOf(outcome);
const countedAttempts = (code: number) => Math.floor(code / 4);
const countedOutcome = (code: number) => OUTCOME_CODES[code % 4];

/**
 * Every hook's deliveries per minute over the last day. A delivery is counted once, in the minute
 * of its latest attempt, under how it stands now; each new state moves it (O(1), plus one lookup per
 * earlier minute with an attempt of it). Each attempt's duration is counted once, in the minute it
 * started. Nothing is ever swept: what a delivery leaves behind goes with its minute's slot.
 */
export class DeliveryTraffic {
  private readonly hooks = new Map<string, MinuteRing<HookMinute>>();
  /** The newest delivery change counted (updatedAt). */
  newestChange: string | null = null;

  apply(delivery: DeliveryFacts, now: number): void {
    const { hookId, attempts } = delivery;
    const latest = attempts.at(-1);
    if (!hookId || !latest) return;
    const nowMinute = minuteOf(now);
    const ring = this.ring(hookId);
    const before = this.counted(ring, delivery);
    const beforeOutcome = before && countedOutcome(before.code);
    if (before) {
      before.slot.deliveries.delete(delivery.id);
      if (beforeOutcome) {
        const beforeAttempts = countedAttempts(before.code);
        before.slot[beforeOutcome] -= 1;
        before.slot.attempts.set(beforeAttempts, (before.slot.attempts.get(beforeAttempts) ?? 1) - 1);
      }
    }
    for (let index = before ? countedAttempts(before.code) : 0; index < attempts.length; index += 1) {
      const attempt = attempts[index]!;
      const slot = ring.take(minuteOf(Date.parse(attempt.startedAt)), nowMinute);
      if (slot) (slot.latency ??= new Uint32Array(LATENCY_EDGES.length))[latencyBucket(attempt.durationMs)]! += 1;
    }
    const outcome = outcomeOf(delivery.status);
    // Out of the ring, the delivery and all its attempts are counted nowhere: nothing to remember.
    const slot = ring.take(minuteOf(Date.parse(latest.startedAt)), nowMinute);
    if (slot) {
      if (outcome) {
        slot[outcome] += 1;
        slot.attempts.set(attempts.length, (slot.attempts.get(attempts.length) ?? 0) + 1);
      }
      slot.deliveries.set(delivery.id, countedCode(attempts.length, outcome));
    }
    if (delivery.updatedAt && (this.newestChange === null || delivery.updatedAt > this.newestChange))
      this.newestChange = delivery.updatedAt;
  }

  /** A deleted hook's numbers go with it. */
  forgetHook(hookId: string): void {
    this.hooks.delete(hookId);
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

  /** How many deliveries are remembered (where each is counted): what a day of traffic costs in memory. */
  get remembered(): number {
    let total = 0;
    for (const ring of this.hooks.values()) ring.forEachSlot((slot) => (total += slot.deliveries.size));
    return total;
  }

  private ring(hookId: string): MinuteRing<HookMinute> {
    let ring = this.hooks.get(hookId);
    if (!ring) {
      ring = new MinuteRing((minute) => ({
        minute,
        succeeded: 0,
        failed: 0,
        retrying: 0,
        latency: undefined,
        attempts: new Map(),
        deliveries: new Map(),
      }));
      this.hooks.set(hookId, ring);
    }
    return ring;
  }

  /**
   * Where the delivery is counted now: in the minute of its latest attempt when it was last
   * counted, which is one of its attempts' minutes (attempts are only ever added), newest first.
   */
  private counted(ring: MinuteRing<HookMinute>, delivery: DeliveryFacts): { slot: HookMinute; code: number } | undefined {
    let previous: number | undefined;
    for (let index = delivery.attempts.length - 1; index >= 0; index -= 1) {
      const minute = minuteOf(Date.parse(delivery.attempts[index]!.startedAt));
      if (minute === previous) continue;
      previous = minute;
      const slot = ring.peek(minute);
      const code = slot?.deliveries.get(delivery.id);
      if (code !== undefined) return { slot: slot!, code };
    }
    return undefined;
  }
}

const zeros = (window: StatsWindow) => new Array<number>(window.buckets).fill(0);
