import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { buildFilter, FILTER_SUFFIX, readFilter, readFilterSync } from './gram-file.js';
import { GramFilter } from './gram-filter.js';
import { scanWorkers } from './search-lanes.js';

/** Indexing starts this long after a segment fills, and gives way while a burst of records comes in... */
const QUIET_MS = 500;
const BURST_PER_SECOND = 500;
/** ...but not for longer than this, or a steady stream would keep the index from ever being built. */
const MAX_DEFER_MS = 10_000;
/** What was stored before a start is indexed once the app is up and settled. */
const SETTLE_MS = 2000;

/**
 * The trigram filters of a log's full segments (see gram-filter.ts), which let a search skip
 * segments that cannot hold its needle. Full segments never change, so each filter is built
 * once, after the segment fills and outside bursts of captures (about 4 ns a byte, on a helper
 * thread: never on the path that acknowledges a capture), and kept in a file beside it for the
 * next start. A segment without
 * a filter yet is simply read, as it would be without the index.
 */
export class GramIndex {
  private readonly filters = new Map<string, GramFilter>();
  /** Full segments still to index, oldest first (the newest is indexed first). */
  private readonly waiting: string[] = [];
  private readonly present = new Set<string>();
  /** Segments found at start whose filter files have not been read yet. */
  private readonly unread = new Set<string>();
  /** Records taken since `countedSince`: how busy the log is. */
  private appends = 0;
  private countedSince = 0;
  /** When indexing first gave way to the burst under way (0: it is not giving way). */
  private deferredSince = 0;
  private timer: NodeJS.Timeout | null = null;
  private working: Promise<void> | null = null;
  private closed = false;
  private swept = false;

  constructor(private readonly dir: string) {}

  /**
   * Full segments found at start. Their filter files are read 2 s after start, or sooner by a
   * search that needs one (a few kilobytes each); filters missing or stale are built then.
   */
  start(names: string[]): void {
    for (const name of names) {
      this.present.add(name);
      this.unread.add(name);
      this.waiting.push(name);
    }
    this.soon(SETTLE_MS);
  }

  /** The log took records: indexing gives way to a burst. */
  appended(): void {
    this.appends += 1;
  }

  sealed(name: string): void {
    this.present.add(name);
    this.waiting.push(name);
    this.soon();
  }

  /** The segment is gone: so is its filter. */
  async dropped(name: string): Promise<void> {
    this.present.delete(name);
    this.unread.delete(name);
    this.filters.delete(name);
    const position = this.waiting.indexOf(name);
    if (position !== -1) this.waiting.splice(position, 1);
    await unlink(join(this.dir, name + FILTER_SUFFIX)).catch(() => {});
  }

  /** False only when the segment cannot hold a needle with these trigrams. */
  mayHold(name: string, grams: readonly number[]): boolean {
    if (grams.length === 0) return true;
    if (this.unread.has(name)) this.readStored(name);
    return this.filters.get(name)?.mayContain(grams) ?? true;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.settled();
  }

  /** Waits for the build under way, if any (one of a dropped segment removes its own file when done). */
  async settled(): Promise<void> {
    await this.working;
  }

  private soon(delayMs = QUIET_MS): void {
    if (this.timer || this.working || this.closed || this.waiting.length === 0) return;
    this.appends = 0;
    this.countedSince = Date.now();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.working = this.work().finally(() => {
        this.working = null;
        this.soon();
      });
    }, delayMs);
    this.timer.unref();
  }

  /** One segment at a time, newest first, giving way between them and stopping for a burst. */
  private async work(): Promise<void> {
    if (!this.swept) await this.sweep();
    while (!this.closed && this.waiting.length > 0 && !this.inBurst()) {
      await this.loadOrBuild(this.waiting.pop()!);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Whether records have been coming in fast since the last look (then indexing waits, up to MAX_DEFER_MS). */
  private inBurst(): boolean {
    const now = Date.now();
    const perSecond = (this.appends * 1000) / Math.max(1, now - this.countedSince);
    this.appends = 0;
    this.countedSince = now;
    if (perSecond < BURST_PER_SECOND) {
      this.deferredSince = 0;
      return false;
    }
    if (this.deferredSince === 0) this.deferredSince = now;
    if (now - this.deferredSince < MAX_DEFER_MS) return true;
    // Long enough: one segment now, then the burst gets its turn again.
    this.deferredSince = now;
    return false;
  }

  /** A search needs the filter now: reading it is cheaper than reading the segment. */
  private readStored(name: string): void {
    this.unread.delete(name);
    const filter = readFilterSync(join(this.dir, name));
    if (filter) this.filters.set(name, filter);
  }

  /** Reads the segment's stored filter, or builds one. */
  private async loadOrBuild(name: string): Promise<void> {
    if (this.filters.has(name)) return;
    const file = join(this.dir, name);
    this.unread.delete(name);
    const filter = (await readFilter(file)) ?? (await this.build(file));
    if (!this.present.has(name)) {
      // Dropped meanwhile: its filter goes with it.
      await unlink(file + FILTER_SUFFIX).catch(() => {});
      return;
    }
    if (filter) this.filters.set(name, filter);
  }

  /** On a search thread when there is one (the build reads the whole segment), else here. */
  private async build(file: string): Promise<GramFilter | undefined> {
    const worker = scanWorkers()[0];
    // A helper that fails (or died) leaves the build to this thread.
    const bytes = worker ? await worker.buildFilter(file).catch(() => buildFilter(file)) : await buildFilter(file);
    return bytes && GramFilter.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  /**
   * Filter files of segments that are gone, or of the open segment (a reopened file grows past
   * its filter), and temp files a crash left: none is of use, and nothing else removes them.
   */
  private async sweep(): Promise<void> {
    this.swept = true;
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      const stale = name.endsWith(FILTER_SUFFIX) && !this.present.has(name.slice(0, -FILTER_SUFFIX.length));
      if (stale || name.includes(`${FILTER_SUFFIX}.tmp-`)) await unlink(join(this.dir, name)).catch(() => {});
    }
  }
}
