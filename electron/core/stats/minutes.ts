import { MINUTE_MS, type StatsWindow } from '../../shared/stats.js';

/** A day of minutes: the longest window a range asks for (the day range starts less than 24 h back). */
export const RING_MINUTES = 24 * 60;

export const minuteOf = (ms: number): number => Math.floor(ms / MINUTE_MS);

/**
 * Counters per minute over the last day, in a fixed ring of slots: minute m lives in slot
 * m mod 1440, and a slot still holding a day-old minute is emptied when reused. Adding is O(1);
 * reading a window visits at most 1440 slots.
 */
export class MinuteRing<T extends { minute: number }> {
  private readonly slots: (T | undefined)[] = new Array<T | undefined>(RING_MINUTES);

  constructor(private readonly empty: (minute: number) => T) {}

  /** The slot of `minute`, made fresh if it held an older minute; undefined for a minute already out of the ring. */
  take(minute: number, nowMinute: number): T | undefined {
    if (minute <= nowMinute - RING_MINUTES) return undefined;
    const index = minute % RING_MINUTES;
    const slot = this.slots[index];
    if (slot?.minute === minute) return slot;
    // A newer minute never gives way to an older one (a late record of the day before).
    if (slot && slot.minute > minute) return undefined;
    const fresh = this.empty(minute);
    this.slots[index] = fresh;
    return fresh;
  }

  /** The slot of `minute` if it still holds that minute. */
  peek(minute: number): T | undefined {
    const slot = this.slots[minute % RING_MINUTES];
    return slot?.minute === minute ? slot : undefined;
  }

  /** Calls `visit` with each slot inside the window (up to now) and the window's bucket it falls in. */
  forEach(window: StatsWindow, now: number, visit: (slot: T, bucket: number) => void): void {
    const first = Math.max(minuteOf(window.from), minuteOf(now) - RING_MINUTES + 1);
    const last = minuteOf(window.from + window.buckets * window.bucketMs - 1);
    for (let minute = first; minute <= last; minute += 1) {
      const slot = this.peek(minute);
      if (slot) visit(slot, Math.floor((minute * MINUTE_MS - window.from) / window.bucketMs));
    }
  }
}

/** The window's bounds as the API answers them. */
export function windowFields(window: StatsWindow) {
  return {
    range: window.range,
    bucketMs: window.bucketMs,
    from: new Date(window.from).toISOString(),
    to: new Date(window.from + window.buckets * window.bucketMs).toISOString(),
  };
}
