import type { StatsWindow } from '../../shared/stats.js';
import { MinuteRing, minuteOf } from './minutes.js';

interface InboxMinute {
  minute: number;
  count: number;
  methods: Map<string, number>;
  statuses: Map<number, number>;
}

/** What one capture contributes: when it was received, its method and the status it was answered. */
export interface CaptureFacts {
  id: string;
  receivedAt: number;
  method: string;
  responseStatus: number;
}

/**
 * One inbox's captures per minute over the last day. Captures up to `boundary` (the newest one
 * stored when counting began) come from the scan of its log, later ones from the capture path,
 * so each is counted once however the two interleave.
 */
export class InboxTraffic {
  private readonly minutes = new MinuteRing<InboxMinute>((minute) => ({ minute, count: 0, methods: new Map(), statuses: new Map() }));
  /** The newest capture counted. */
  newestId: string | null = null;

  constructor(readonly boundary: string) {}

  add(capture: CaptureFacts, now: number): void {
    const slot = this.minutes.take(minuteOf(capture.receivedAt), minuteOf(now));
    if (!slot) return;
    slot.count += 1;
    slot.methods.set(capture.method, (slot.methods.get(capture.method) ?? 0) + 1);
    slot.statuses.set(capture.responseStatus, (slot.statuses.get(capture.responseStatus) ?? 0) + 1);
    if (this.newestId === null || capture.id > this.newestId) this.newestId = capture.id;
  }

  read(window: StatsWindow, now: number) {
    const captures = new Array<number>(window.buckets).fill(0);
    const methods: Record<string, number> = {};
    const statuses: Record<string, number> = {};
    this.minutes.forEach(window, now, (slot, bucket) => {
      captures[bucket]! += slot.count;
      for (const [method, count] of slot.methods) methods[method] = (methods[method] ?? 0) + count;
      for (const [status, count] of slot.statuses) statuses[status] = (statuses[status] ?? 0) + count;
    });
    return { captures, methods, statuses, total: captures.reduce((sum, count) => sum + count, 0), asOf: this.newestId };
  }
}
