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
}

/** One hook's minutes, and where each of its stored deliveries is counted. */
interface HookCounts {
  ring: MinuteRing<HookMinute>;
  /**
   * How each delivery is counted (`countedCode`), by id, so its next state can take it out again:
   * it is counted in the minute of its attempt number `countedAttempts(code)` (attempts are only
   * ever added). An entry goes when the delivery leaves the store (`forget`): only a stored
   * delivery can change, so this never holds more than the store keeps.
   */
  counted: Map<string, number>;
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
 * of its latest attempt, under how it stands now; each new state moves it (O(1)). Each attempt's
 * duration is counted once, in the minute it started. What a minute counted goes with its slot
 * when the slot is reused a day later; where each delivery is counted is remembered for as long
 * as the store keeps the delivery.
 */
export class DeliveryTraffic {
  private readonly hooks = new Map<string, HookCounts>();
  /** The newest delivery change counted (updatedAt). */
  newestChange: string | null = null;

  apply(delivery: DeliveryFacts, now: number): void {
    const { hookId, attempts } = delivery;
    const latest = attempts.at(-1);
    if (!hookId || !latest) return;
    const nowMinute = minuteOf(now);
    const { ring, counted } = this.hook(hookId);
    const before = counted.get(delivery.id);
    const beforeAttempts = before === undefined ? 0 : countedAttempts(before);
    const beforeOutcome = before === undefined ? undefined : countedOutcome(before);
    // Its minute still in the ring, the delivery's earlier state is taken out (a day old, it went with its slot).
    const beforeAttempt = attempts[beforeAttempts - 1];
    const beforeSlot = beforeAttempt && ring.peek(minuteOf(Date.parse(beforeAttempt.startedAt)));
    if (beforeSlot && beforeOutcome) {
      beforeSlot[beforeOutcome] -= 1;
      beforeSlot.attempts.set(beforeAttempts, (beforeSlot.attempts.get(beforeAttempts) ?? 1) - 1);
    }
    for (let index = beforeAttempts; index < attempts.length; index += 1) {
      const attempt = attempts[index]!;
      const slot = ring.take(minuteOf(Date.parse(attempt.startedAt)), nowMinute);
      if (slot) (slot.latency ??= new Uint32Array(LATENCY_EDGES.length))[latencyBucket(attempt.durationMs)]! += 1;
    }
    const outcome = outcomeOf(delivery.status);
    const slot = ring.take(minuteOf(Date.parse(latest.startedAt)), nowMinute);
    if (slot && outcome) {
      slot[outcome] += 1;
      slot.attempts.set(attempts.length, (slot.attempts.get(attempts.length) ?? 0) + 1);
    }
    counted.set(delivery.id, countedCode(attempts.length, outcome));
    if (delivery.updatedAt && (this.newestChange === null || delivery.updatedAt > this.newestChange))
      this.newestChange = delivery.updatedAt;
  }

  /** The delivery left the store: it cannot change any more, and its counts stay where they are. */
  forget(deliveryId: string, hookId: string): void {
    this.hooks.get(hookId)?.counted.delete(deliveryId);
  }

  /** A deleted hook's numbers go with it. */
  forgetHook(hookId: string): void {
    this.hooks.delete(hookId);
  }

  read(hookId: string, window: StatsWindow, now: number) {
    const outcomes = { succeeded: zeros(window), failed: zeros(window), retrying: zeros(window) };
    const latency = new Array<number>(LATENCY_EDGES.length).fill(0);
    const perDelivery = new Map<number, number>();
    this.hooks.get(hookId)?.ring.forEach(window, now, (slot, bucket) => {
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

  /** How many deliveries are remembered (where each is counted): what the counts cost in memory. */
  get remembered(): number {
    let total = 0;
    for (const { counted } of this.hooks.values()) total += counted.size;
    return total;
  }

  private hook(hookId: string): HookCounts {
    let counts = this.hooks.get(hookId);
    if (!counts) {
      counts = {
        ring: new MinuteRing((minute) => ({ minute, succeeded: 0, failed: 0, retrying: 0, latency: undefined, attempts: new Map() })),
        counted: new Map(),
      };
      this.hooks.set(hookId, counts);
    }
    return counts;
  }
}

const zeros = (window: StatsWindow) => new Array<number>(window.buckets).fill(0);
