import { readFileSync } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './files.js';
import { GramFilter } from './gram-filter.js';
import { scanWorkers } from './search-lanes.js';

/** Indexing waits until the log has taken no records for this long: captures come in bursts. */
const QUIET_MS = 500;
/** What was stored before a start is indexed once the app is up and settled. */
const SETTLE_MS = 2000;
const SUFFIX = '.grams';

/**
 * The trigram filters of a log's full segments (see gram-filter.ts), which let a search skip
 * segments that cannot hold its needle. Full segments never change, so each filter is built
 * once, in a quiet moment after the segment fills (about 4 ns a byte: never on the path that
 * acknowledges a capture), and kept in a file beside it for the next start. A segment without
 * a filter yet is simply read, as it would be without the index.
 */
export class GramIndex {
  private readonly filters = new Map<string, GramFilter>();
  /** Full segments still to index, oldest first (the newest is indexed first). */
  private readonly waiting: string[] = [];
  private readonly present = new Set<string>();
  /** Segments found at start whose filter files have not been read yet. */
  private readonly unread = new Set<string>();
  private appends = 0;
  private timer: NodeJS.Timeout | null = null;
  private working: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly durable: boolean,
  ) {}

  /**
   * Full segments found at start: a search reads their filter files when it first needs them
   * (a few kilobytes each); those without one are built once the app has settled.
   */
  start(names: string[]): void {
    for (const name of names) {
      this.present.add(name);
      this.unread.add(name);
      this.waiting.push(name);
    }
    this.soon(SETTLE_MS);
  }

  /** The log took records: indexing waits for a quiet moment. */
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
    await unlink(join(this.dir, name + SUFFIX)).catch(() => {});
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
    await this.working;
  }

  private soon(delayMs = QUIET_MS): void {
    if (this.timer || this.working || this.closed || this.waiting.length === 0) return;
    this.appends = 0;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.working = this.work().finally(() => {
        this.working = null;
        this.soon();
      });
    }, delayMs);
    this.timer.unref();
  }

  /** One segment at a time, newest first, giving way between them and stopping when records come in. */
  private async work(): Promise<void> {
    while (!this.closed && this.appends === 0 && this.waiting.length > 0) {
      await this.index(this.waiting.pop()!);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** A search needs the filter now: reading it is cheaper than reading the segment. */
  private readStored(name: string): void {
    this.unread.delete(name);
    try {
      const filter = GramFilter.fromBuffer(readFileSync(join(this.dir, name + SUFFIX)));
      if (filter) this.filters.set(name, filter);
    } catch {
      // None yet, or unreadable: it is built in the background.
    }
  }

  private async index(name: string): Promise<void> {
    if (this.filters.has(name)) return;
    const file = join(this.dir, name);
    this.unread.delete(name);
    const stored = await readFile(file + SUFFIX).then(GramFilter.fromBuffer, () => undefined);
    const filter = stored ?? (await this.build(file));
    if (!this.present.has(name)) {
      // Dropped meanwhile: its filter goes with it.
      await unlink(file + SUFFIX).catch(() => {});
      return;
    }
    if (filter) this.filters.set(name, filter);
  }

  /** On a search thread when there is one (the build reads the whole segment), else here. */
  private async build(file: string): Promise<GramFilter | undefined> {
    const worker = scanWorkers()[0];
    const bytes = worker ? await worker.buildFilter(file, this.durable).catch(() => undefined) : await buildFilter(file, this.durable);
    return bytes && GramFilter.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
}

/**
 * Builds a full segment's filter and stores it beside the segment (a filter that cannot be saved
 * is built again next start); its bytes, or undefined if the segment is gone.
 */
export async function buildFilter(file: string, durable: boolean): Promise<Uint8Array | undefined> {
  const segment = await readFile(file).catch(() => undefined);
  if (!segment) return undefined;
  const bytes = GramFilter.of(segment).toBuffer();
  await writeFileAtomic(file + SUFFIX, bytes, durable).catch(() => {});
  return bytes;
}
