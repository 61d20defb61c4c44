import type { RetryPolicy } from '../../shared/hooks.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * exponential: 5 s, then x4 each time, capped at 1 h (5 s, 20 s, 80 s, ~5 min, ~21 min,
 * 1 h, 1 h), with +-20 % jitter so that many failed deliveries do not retry in lockstep.
 * standard-webhooks: the schedule Svix documents (immediately, 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h). none: no retries.
 */
export const RETRY_SCHEDULES: Record<Exclude<RetryPolicy['preset'], 'custom'>, number[]> = {
  exponential: [5 * SECOND, 20 * SECOND, 80 * SECOND, 320 * SECOND, 1280 * SECOND, HOUR, HOUR],
  'standard-webhooks': [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  none: [],
};

export function retryPolicy(input: { preset?: RetryPolicy['preset']; schedule?: number[] } | undefined): RetryPolicy {
  if (input?.schedule) return { preset: 'custom', schedule: input.schedule };
  const preset = input?.preset ?? 'exponential';
  return preset === 'custom' ? { preset: 'custom', schedule: [] } : { preset, schedule: RETRY_SCHEDULES[preset] };
}

const MAX_RETRY_AFTER_MS = 24 * HOUR;

/**
 * The wait before attempt `failedAttempts + 1`, or undefined when the schedule is spent. A
 * Retry-After answer (seconds or an HTTP date) lengthens the wait, never shortens it.
 */
export function nextDelay(policy: RetryPolicy, failedAttempts: number, retryAfterMs?: number, random = Math.random): number | undefined {
  const base = policy.schedule[failedAttempts - 1];
  if (base === undefined) return undefined;
  const jittered = policy.preset === 'exponential' ? base * (0.8 + 0.4 * random()) : base;
  return Math.round(Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)));
}

export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * SECOND;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
