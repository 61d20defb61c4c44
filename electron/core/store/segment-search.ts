import type { ByteSearch } from './search.js';
import { scanWorkers, type ScanWorker } from './search-lanes.js';
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
 * pass over their bytes. The files are shared out between this thread and a helper thread per
 * spare core (a search of a big inbox is bound by that pass); results are taken in file order, so
 * the page is the same however the work was split, and the search stops once it is full.
 */
export async function searchSegments<T extends StoredRecord, S extends StoredRecord>(
  files: string[],
  codec: RecordCodec<T, S>,
  { search, limit, before, signal }: SearchRequest,
): Promise<PageResult<S>> {
  const found: (string[] | undefined)[] = [];
  const items: S[] = [];
  let taken = 0;
  let next = 0;
  let nextCursor: string | null = null;
  let full = false;

  /** Takes the lines of every file scanned so far in order, up to a full page and one more. */
  const take = () => {
    for (; !full && taken < files.length && taken in found; taken += 1) {
      const lines = found[taken] ?? [];
      for (let index = lines.length - 1; index >= 0 && !full; index -= 1) {
        const record = parseLine(lines[index]!);
        if (!record || !codec.accept(record) || (before !== undefined && record.id >= before)) continue;
        if (items.length === limit) {
          nextCursor = items.at(-1)!.id;
          full = true;
        } else items.push(codec.summarize(record));
      }
    }
  };
  const more = () => !full && !signal?.aborted && next < files.length;

  const here = async () => {
    while (more()) {
      const index = next++;
      found[index] = matchingLines(files[index]!, search);
      take();
      // Other work gets its turn between segments.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const helper = async (worker: ScanWorker) => {
    while (more()) {
      const index = next++;
      try {
        found[index] = await worker.scan(files[index]!, search.text);
      } catch {
        // A helper that failed leaves its file to this thread.
        found[index] = matchingLines(files[index]!, search);
        return;
      }
      take();
    }
  };
  await Promise.all([here(), ...scanWorkers().map(helper)]);
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
