import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How long one window of event-loop delay covers: short enough to show a stall, long enough for a stable p99. */
const WINDOW_MS = 10_000;
/** Sampling every 20 ms costs next to nothing; delays shorter than this are not worth reporting. */
const RESOLUTION_MS = 20;

export interface EventLoopDelayFigures {
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

/**
 * Event-loop delay over rolling windows, reported in /api/health so a soak run (or a user
 * wondering why the app feels slow) sees whether the process stays responsive, without a profiler.
 */
export class EventLoopDelay {
  private readonly histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private last: EventLoopDelayFigures | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(windowMs = WINDOW_MS) {
    this.histogram.enable();
    this.timer = setInterval(() => {
      this.last = this.current();
      this.histogram.reset();
    }, windowMs);
    // Never what keeps the process alive.
    this.timer.unref();
  }

  /** The last full window, or the one under way before the first has ended. */
  read(): EventLoopDelayFigures {
    return this.last ?? this.current();
  }

  close(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }

  private current(): EventLoopDelayFigures {
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    if (this.histogram.count === 0) return { eventLoopDelayP99Ms: 0, eventLoopDelayMaxMs: 0 };
    return { eventLoopDelayP99Ms: ms(this.histogram.percentile(99)), eventLoopDelayMaxMs: ms(this.histogram.max) };
  }
}
