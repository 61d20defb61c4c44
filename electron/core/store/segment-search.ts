import type { ByteSearch } from './search.js';
import { scanWorkers } from './search-lanes.js';
import { matchingLines } from './segment-scan.js';
import type { RecordCodec, StoredRecord } from './segment-file.js';
import type { PageResult } from './segment-log.js';

export interface SearchRequest {
  search: ByteSearch;
  limit: number;
  before?: string | undefined;
  /** Stops early once the asker has gone away (a superseded filter). */
  signal?: AbortSignal | undefined;
}

/**
 * Searches segment files (given newest first): each is read once and scanned once, and only the
 * lines holding a match are parsed, so no index is needed and searching 100,000 records costs one
 * pass over their bytes. This thread and a helper thread per spare core (a search of a big inbox
 * is bound by that pass) each claim the next file from a shared counter until none is left;
 * results are taken in file order, so the page is the same however the work was split, and
 * everyone stops claiming once it is full.
 */
export async function searchSegments<T extends StoredRecord, S extends StoredRecord>(
  files: string[],
  codec: RecordCodec<T, S>,
  { search, limit, before, signal }: SearchRequest,
): Promise<PageResult<S>> {
  const found: (string[] | undefined)[] = [];
  const items: S[] = [];
  let taken = 0;
  let nextCursor: string | null = null;
  const claim = new SharedArrayBuffer(4);
  const next = new Int32Array(claim);
  const stop = () => Atomics.store(next, 0, files.length);
  let complete = () => {};
  /** Every file taken, or the page full: a helper still starting up (or busy) is not waited for. */
  const completed = new Promise<void>((resolve) => (complete = resolve));

  /** Takes the lines of every file scanned so far in order, up to a full page and one more. */
  const take = () => {
    for (; nextCursor === null && taken < files.length && taken in found; taken += 1) {
      const lines = found[taken] ?? [];
      for (let index = lines.length - 1; index >= 0 && nextCursor === null; index -= 1) {
        const record = parseLine(lines[index]!);
        if (!record || !codec.accept(record) || (before !== undefined && record.id >= before)) continue;
        if (items.length === limit) nextCursor = items.at(-1)!.id;
        else items.push(codec.summarize(record));
      }
    }
    if (nextCursor !== null) stop();
    if (nextCursor !== null || taken === files.length) complete();
  };
  const scanned = (index: number, lines: string[] | undefined) => {
    found[index] = lines;
    take();
  };

  const here = async () => {
    for (let index = Atomics.add(next, 0, 1); index < files.length; index = Atomics.add(next, 0, 1)) {
      scanned(index, matchingLines(files[index]!, search));
      // Other work gets its turn between segments (the helpers' answers among it).
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) stop();
    }
  };
  const helped = scanWorkers().map((worker) =>
    worker.scan(files, search.texts, claim, scanned).catch(() => {
      // A helper that failed may have claimed files it never answered for: they are scanned below.
    }),
  );
  await here();
  // The files a helper claimed are on their way, unless it failed (then they are scanned below).
  await Promise.race([completed, Promise.all(helped)]);
  for (let index = taken; nextCursor === null && !signal?.aborted && index < files.length; index += 1) {
    if (!(index in found)) scanned(index, matchingLines(files[index]!, search));
  }
  return { items, nextCursor };
}

/** A stored line as JSON; undefined for a damaged one (search skips it, as reads do). */
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
