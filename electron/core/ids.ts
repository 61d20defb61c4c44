import { randomBytes } from 'node:crypto';

/**
 * Ids sort by creation time as plain strings, so "newest first" and cursors are string
 * comparisons: 9 base36 digits of milliseconds, 4 of a per-millisecond counter, 3 random.
 * Ids are not secrets (everything that shows them needs the token), so the random part
 * uses Math.random: a crypto call per capture cost a tenth of the ingress's CPU.
 */
const TIME_DIGITS = 9;
const COUNTER_DIGITS = 4;

let lastMs = 0;
let counter = 0;
/** lastMs in base 36: ids made in the same millisecond (most of them, under load) reuse it. */
let lastTime = '';
let lastTimeOf = -1;

export function newId(prefix: string): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else {
    counter += 1;
    if (counter >= 36 ** COUNTER_DIGITS) {
      lastMs += 1;
      counter = 0;
    }
  }
  if (lastTimeOf !== lastMs) {
    lastTime = lastMs.toString(36).padStart(TIME_DIGITS, '0');
    lastTimeOf = lastMs;
  }
  const time = lastTime;
  const seq = counter.toString(36).padStart(COUNTER_DIGITS, '0');
  const random = Math.floor(Math.random() * 36 ** 3)
    .toString(36)
    .padStart(3, '0');
  return `${prefix}_${time}${seq}${random}`;
}

/** When an id was made (ms since the epoch); NaN for a string that is not one of these ids. */
export function idTime(id: string): number {
  const body = id.slice(id.indexOf('_') + 1);
  return parseInt(body.slice(0, TIME_DIGITS), 36);
}

/** Keeps new ids above every id already stored, even if the clock went back since. */
export function advanceIdClock(existingId: string): void {
  const body = existingId.slice(existingId.indexOf('_') + 1);
  const ms = parseInt(body.slice(0, TIME_DIGITS), 36);
  if (Number.isFinite(ms) && ms > lastMs) {
    lastMs = ms;
    counter = 36 ** COUNTER_DIGITS - 1;
  }
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function randomSlug(): string {
  return randomBytes(6).toString('hex');
}
