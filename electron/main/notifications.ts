import type { CaptureSummary } from '../shared/schemas.js';

export interface Notice {
  title: string;
  body: string;
}

export interface NotifierClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: NotifierClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** At most one notification in this long: a test suite firing hundreds of webhooks must not bury the desktop. */
export const NOTIFY_INTERVAL_MS = 5000;

type Captured = Pick<CaptureSummary, 'method' | 'path'>;

/**
 * One native notification per captured request, throttled: the first shows at once; those that
 * arrive within the interval after it are summed into one notification at the interval's end.
 * Off until the user turns it on.
 */
export class CaptureNotifier {
  private enabled = false;
  private lastShownAt = Number.NEGATIVE_INFINITY;
  private pending: { count: number; latest: Captured } | undefined;
  private timer: unknown;

  constructor(
    private readonly show: (notice: Notice) => void,
    private readonly clock: NotifierClock = realClock,
    private readonly intervalMs = NOTIFY_INTERVAL_MS,
  ) {}

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) this.cancel();
  }

  captured(capture: Captured): void {
    if (!this.enabled) return;
    if (this.pending) {
      this.pending = { count: this.pending.count + 1, latest: capture };
      return;
    }
    const wait = this.lastShownAt + this.intervalMs - this.clock.now();
    if (wait <= 0) return this.notify(1, capture);
    this.pending = { count: 1, latest: capture };
    this.timer = this.clock.setTimeout(() => this.flush(), wait);
  }

  /** Drops what is waiting (notifications turned off, or the app quits). */
  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private flush(): void {
    const pending = this.pending;
    this.timer = undefined;
    this.pending = undefined;
    if (pending) this.notify(pending.count, pending.latest);
  }

  private notify(count: number, latest: Captured): void {
    this.lastShownAt = this.clock.now();
    this.show(captureNotice(count, latest));
  }
}

const MAX_LINE = 120;

/** What the notification says; the request line is text from the network, shown as plain text by the OS. */
export function captureNotice(count: number, latest: Captured): Notice {
  const full = `${latest.method} ${latest.path}`;
  // Paths can be kilobytes long; a notification shows a line.
  const line = full.length > MAX_LINE ? `${full.slice(0, MAX_LINE - 1)}…` : full;
  if (count === 1) return { title: 'Request captured', body: line };
  return { title: `${count} requests captured`, body: `Latest: ${line}` };
}
