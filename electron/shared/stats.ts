/**
 * The contract of the traffic statistics (GET /api/inboxes/:id/stats, /api/hooks/:id/stats,
 * /api/stats), and the few rules both sides apply to it: the window of a range and how a
 * latency percentile is read from the histogram.
 */
import { Type, type Static } from '@sinclair/typebox';
import { NullableString, StringEnum } from './schema-kinds.js';

export const STATS_RANGES = ['hour', 'day'] as const;
export type StatsRange = (typeof STATS_RANGES)[number];

export const StatsQuery = Type.Object({ range: Type.Optional(StringEnum(STATS_RANGES)) });

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** The last hour by minute, or the last day by hour; the last bucket is the one now runs in. */
export interface StatsWindow {
  range: StatsRange;
  bucketMs: number;
  buckets: number;
  /** Start of the oldest bucket (ms); bucket i covers [from + i·bucketMs, from + (i+1)·bucketMs). */
  from: number;
}

export function statsWindow(range: StatsRange, now: number): StatsWindow {
  const bucketMs = range === 'hour' ? MINUTE_MS : HOUR_MS;
  const buckets = range === 'hour' ? 60 : 24;
  return { range, bucketMs, buckets, from: Math.floor(now / bucketMs) * bucketMs - (buckets - 1) * bucketMs };
}

/** Upper edges (ms) of the latency histogram's buckets; a duration lands in the first bucket whose edge is >= it. */
export const LATENCY_EDGES = [
  1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000,
  2500, 3000, 4000, 5000, 6000, 8000, 10_000, 15_000, 20_000, 30_000, 60_000, 120_000, 300_000,
] as const;

/** Index of the histogram bucket a duration falls in (longer than the last edge: the last bucket). */
export function latencyBucket(durationMs: number): number {
  let low = 0;
  let high = LATENCY_EDGES.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (LATENCY_EDGES[middle]! >= durationMs) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The q-quantile (0..1) by nearest rank, read from a histogram: the upper edge of the bucket
 * holding the ceil(q·n)-th fastest attempt. "p95 = 150" means at least 95 % took at most 150 ms.
 */
export function percentileOf(histogram: readonly { le: number; count: number }[], q: number): number | null {
  const total = histogram.reduce((sum, bucket) => sum + bucket.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bucket of histogram) {
    seen += bucket.count;
    if (seen >= rank) return bucket.le;
  }
  return histogram.at(-1)!.le;
}

/** The latency figures of a histogram: its count and nearest-rank p50, p95, p99. */
export function latencyOf(histogram: { le: number; count: number }[]): LatencyStats {
  return {
    count: histogram.reduce((sum, bucket) => sum + bucket.count, 0),
    p50: percentileOf(histogram, 0.5),
    p95: percentileOf(histogram, 0.95),
    p99: percentileOf(histogram, 0.99),
    histogram,
  };
}

/** Deliveries by how many attempts each made, fewest first, leaving out counts of zero. */
export function attemptsListOf(perDelivery: Map<number, number>): HookStats['attemptsPerDelivery'] {
  return [...perDelivery]
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a - b)
    .map(([attempts, count]) => ({ attempts, count }));
}

const windowFields = {
  range: StringEnum(STATS_RANGES),
  bucketMs: Type.Integer(),
  /** Start of the oldest bucket, and end of the newest (exclusive). */
  from: Type.String(),
  to: Type.String(),
};
const Series = Type.Array(Type.Integer());
const Counts = Type.Record(Type.String(), Type.Integer());
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const InboxStats = Type.Object({
  ...windowFields,
  /** Captures per bucket, oldest first, by the time each was received. */
  captures: Series,
  /** The same captures by method, and by the status they were answered. */
  methods: Counts,
  statuses: Counts,
  total: Type.Integer(),
  /** The newest capture counted: a live `request.captured` with a greater id is not in these numbers yet. */
  asOf: NullableString(),
});
export type InboxStats = Static<typeof InboxStats>;

export const OutcomeSeries = Type.Object({ succeeded: Series, failed: Series, retrying: Series });
export type OutcomeSeries = Static<typeof OutcomeSeries>;
export const OUTCOMES = ['succeeded', 'failed', 'retrying'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const LatencyStats = Type.Object({
  /** Attempts started in the window. */
  count: Type.Integer(),
  p50: NullableNumber,
  p95: NullableNumber,
  p99: NullableNumber,
  histogram: Type.Array(Type.Object({ le: Type.Number(), count: Type.Integer() })),
});
export type LatencyStats = Static<typeof LatencyStats>;

export const HookStats = Type.Object({
  ...windowFields,
  /** Deliveries by the bucket of their latest attempt and how they stand now. */
  outcomes: OutcomeSeries,
  latency: LatencyStats,
  /** The same deliveries by how many attempts each has made. */
  attemptsPerDelivery: Type.Array(Type.Object({ attempts: Type.Integer(), count: Type.Integer() })),
  total: Type.Integer(),
  /** The newest delivery change counted (its updatedAt): a live `delivery.updated` not newer is in these numbers. */
  asOf: NullableString(),
});
export type HookStats = Static<typeof HookStats>;

export const OverviewStats = Type.Object({
  ...windowFields,
  inboxes: Type.Array(
    Type.Object({
      id: Type.String(),
      slug: Type.String(),
      name: Type.String(),
      total: Type.Integer(),
      captures: Series,
      asOf: NullableString(),
    }),
  ),
  hooks: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      total: Type.Integer(),
      succeeded: Type.Integer(),
      failed: Type.Integer(),
      retrying: Type.Integer(),
    }),
  ),
  /** Captures of every inbox per bucket. */
  captures: Series,
  /** Deliveries of every hook per bucket, by outcome. */
  deliveries: OutcomeSeries,
  deliveriesAsOf: NullableString(),
});
export type OverviewStats = Static<typeof OverviewStats>;
