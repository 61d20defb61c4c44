/**
 * Keeping fetched statistics current from the live stream, without asking the server again:
 * each new capture or delivery state increments the bucket it belongs to, and the window slides
 * as time passes. Plain functions over plain data (the slice calls them, coalesced).
 */
import type { CaptureSummary } from '../../../../electron/shared/schemas.js';
import type { Delivery } from '../../../../electron/shared/hooks.js';
import {
  attemptsListOf,
  latencyBucket,
  latencyOf,
  statsWindow,
  type HookStats,
  type InboxStats,
  type Outcome,
  type OutcomeSeries,
  type OverviewStats,
} from '../../../../electron/shared/stats.js';

type Windowed = { range: InboxStats['range']; bucketMs: number; from: string; to: string };

/** The bucket a time falls in, or -1 outside the window. */
function bucketOf(stats: Windowed, iso: string, length: number): number {
  const index = Math.floor((Date.parse(iso) - Date.parse(stats.from)) / stats.bucketMs);
  return index >= 0 && index < length ? index : -1;
}

/**
 * How many buckets the window has to move for `now` to be in its last one (0: none). A window
 * that moved past a bucket with counts in it cannot take them out of its totals by category
 * (methods, latency...): the caller reads it again then.
 */
export function slideBy(stats: Windowed, now: number): number {
  const current = statsWindow(stats.range, now).from;
  return Math.max(0, Math.round((current - Date.parse(stats.from)) / stats.bucketMs));
}

function shift(series: number[], by: number): number[] {
  return [...series.slice(by), ...new Array<number>(Math.min(by, series.length)).fill(0)];
}

function moved<T extends Windowed>(stats: T, by: number): T {
  const from = Date.parse(stats.from) + by * stats.bucketMs;
  const to = Date.parse(stats.to) + by * stats.bucketMs;
  return { ...stats, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** Counts in the buckets a slide of `by` drops. */
export function dropped(series: number[], by: number): number {
  return series.slice(0, by).reduce((sum, count) => sum + count, 0);
}

export function slideInbox(stats: InboxStats, by: number): InboxStats {
  return { ...moved(stats, by), captures: shift(stats.captures, by) };
}

const slideOutcomes = (outcomes: OutcomeSeries, by: number): OutcomeSeries => ({
  succeeded: shift(outcomes.succeeded, by),
  failed: shift(outcomes.failed, by),
  retrying: shift(outcomes.retrying, by),
});

export const outcomeTotal = (outcomes: OutcomeSeries): number[] =>
  outcomes.succeeded.map((count, index) => count + outcomes.failed[index]! + outcomes.retrying[index]!);

export function slideHook(stats: HookStats, by: number): HookStats {
  return { ...moved(stats, by), outcomes: slideOutcomes(stats.outcomes, by) };
}

export function slideOverview(stats: OverviewStats, by: number): OverviewStats {
  return {
    ...moved(stats, by),
    captures: shift(stats.captures, by),
    inboxes: stats.inboxes.map((inbox) => ({ ...inbox, captures: shift(inbox.captures, by) })),
    deliveries: slideOutcomes(stats.deliveries, by),
  };
}

const bump = (counts: Record<string, number>, key: string | number, by = 1) => (counts[key] = (counts[key] ?? 0) + by);

export function addCaptures(stats: InboxStats, inboxId: string, captures: CaptureSummary[]): InboxStats {
  const next = { ...stats, captures: [...stats.captures], methods: { ...stats.methods }, statuses: { ...stats.statuses } };
  for (const capture of captures) {
    if (capture.inboxId !== inboxId || (stats.asOf !== null && capture.id <= stats.asOf)) continue;
    const bucket = bucketOf(stats, capture.receivedAt, next.captures.length);
    if (bucket === -1) continue;
    next.captures[bucket]! += 1;
    next.total += 1;
    bump(next.methods, capture.method);
    bump(next.statuses, capture.responseStatus);
  }
  return next;
}

export function addCapturesToOverview(stats: OverviewStats, captures: CaptureSummary[]): OverviewStats {
  const inboxes = stats.inboxes.map((inbox) => ({ ...inbox, captures: [...inbox.captures] }));
  const next = { ...stats, inboxes, captures: [...stats.captures] };
  for (const capture of captures) {
    const inbox = inboxes.find((candidate) => candidate.id === capture.inboxId);
    if (!inbox || (inbox.asOf !== null && capture.id <= inbox.asOf)) continue;
    const bucket = bucketOf(stats, capture.receivedAt, next.captures.length);
    if (bucket === -1) continue;
    inbox.captures[bucket]! += 1;
    inbox.total += 1;
    next.captures[bucket]! += 1;
  }
  return next;
}

/** Where a delivery is counted: under which outcome, in the bucket of which attempt, with how many attempts. */
interface Counted {
  outcome: Outcome | undefined;
  at: string | undefined;
  attempts: number;
}

/** The deliveries each watched chart has seen change since it was read. */
export type SeenDeliveries = Map<string, Counted>;

function outcomeOf(delivery: Delivery): Outcome | undefined {
  if (delivery.status === 'succeeded' || delivery.status === 'failed') return delivery.status;
  return delivery.status === 'cancelled' || delivery.attempts.length === 0 ? undefined : 'retrying';
}

/**
 * Where the server counted a delivery before this state, when this page has not seen it: each
 * stored state follows one attempt (the one before was retrying, at the attempt before), except a
 * cancellation, which follows the last. (A delivery retried by hand after it had failed was
 * counted as failed: the next read of the window puts that right.)
 */
function before(delivery: Delivery, seen: SeenDeliveries): Counted {
  const known = seen.get(delivery.id);
  if (known) return known;
  const { attempts } = delivery;
  if (delivery.status === 'cancelled') {
    return { outcome: attempts.length > 0 ? 'retrying' : undefined, at: attempts.at(-1)?.startedAt, attempts: attempts.length };
  }
  const previous = attempts.length - 1;
  return previous > 0
    ? { outcome: 'retrying', at: attempts[previous - 1]!.startedAt, attempts: previous }
    : { outcome: undefined, at: undefined, attempts: 0 };
}

/** The deliveries whose change is newer than what the numbers hold; 'sending' changes nothing stored. */
function changes(deliveries: Delivery[], asOf: string | null, hookId?: string): Delivery[] {
  return deliveries.filter(
    (delivery) =>
      delivery.hookId !== null &&
      (hookId === undefined || delivery.hookId === hookId) &&
      delivery.status !== 'sending' &&
      (asOf === null || delivery.updatedAt > asOf),
  );
}

/** Moves each delivery from where it was counted to where it is now; calls `count` for both (-1, +1). */
function move(
  delivery: Delivery,
  seen: SeenDeliveries,
  count: (outcome: Outcome, at: string, attempts: number, by: number) => void,
): number {
  const was = before(delivery, seen);
  if (was.outcome && was.at) count(was.outcome, was.at, was.attempts, -1);
  const now: Counted = { outcome: outcomeOf(delivery), at: delivery.attempts.at(-1)?.startedAt, attempts: delivery.attempts.length };
  if (now.outcome && now.at) count(now.outcome, now.at, now.attempts, 1);
  seen.set(delivery.id, now);
  return was.attempts;
}

export function applyToHook(stats: HookStats, hookId: string, deliveries: Delivery[], seen: SeenDeliveries): HookStats {
  const outcomes = { succeeded: [...stats.outcomes.succeeded], failed: [...stats.outcomes.failed], retrying: [...stats.outcomes.retrying] };
  const histogram = stats.latency.histogram.map((bucket) => ({ ...bucket }));
  const perDelivery = new Map(stats.attemptsPerDelivery.map(({ attempts, count }) => [attempts, count]));
  let total = stats.total;
  for (const delivery of changes(deliveries, stats.asOf, hookId)) {
    const counted = move(delivery, seen, (outcome, at, attempts, by) => {
      const bucket = bucketOf(stats, at, outcomes[outcome].length);
      if (bucket === -1) return;
      outcomes[outcome][bucket]! += by;
      total += by;
      perDelivery.set(attempts, (perDelivery.get(attempts) ?? 0) + by);
    });
    for (const attempt of delivery.attempts.slice(counted)) {
      if (bucketOf(stats, attempt.startedAt, outcomes.succeeded.length) === -1) continue;
      histogram[latencyBucket(attempt.durationMs)]!.count += 1;
    }
  }
  return {
    ...stats,
    outcomes,
    total,
    latency: latencyOf(histogram),
    attemptsPerDelivery: attemptsListOf(perDelivery),
  };
}

export function applyToOverview(stats: OverviewStats, deliveries: Delivery[], seen: SeenDeliveries): OverviewStats {
  const series = {
    succeeded: [...stats.deliveries.succeeded],
    failed: [...stats.deliveries.failed],
    retrying: [...stats.deliveries.retrying],
  };
  const hooks = stats.hooks.map((hook) => ({ ...hook }));
  for (const delivery of changes(deliveries, stats.deliveriesAsOf)) {
    const hook = hooks.find((candidate) => candidate.id === delivery.hookId);
    if (!hook) continue;
    move(delivery, seen, (outcome, at, _attempts, by) => {
      const bucket = bucketOf(stats, at, series[outcome].length);
      if (bucket === -1) return;
      series[outcome][bucket]! += by;
      hook[outcome] += by;
      hook.total += by;
    });
  }
  return { ...stats, hooks, deliveries: series };
}
