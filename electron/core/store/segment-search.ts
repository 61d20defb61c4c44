import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isNotFound } from './files.js';
import type { ByteSearch } from './search.js';
import type { RecordCodec, StoredRecord } from './segment-file.js';
import type { PageResult } from './segment-log.js';

const NEWLINE = 0x0a;

export interface SearchRequest {
  search: ByteSearch;
  limit: number;
  before?: string | undefined;
  /** Stops early once the asker has gone away (a superseded filter). */
  signal?: AbortSignal | undefined;
}

/**
 * Searches segment files (given newest first): each is read once and scanned once, and only the
 * lines holding a match are parsed, so no index of the segment is needed and searching 100,000
 * records costs one pass over their bytes.
 */
export async function searchSegments<T extends StoredRecord, S extends StoredRecord>(
  files: string[],
  codec: RecordCodec<T, S>,
  { search, limit, before, signal }: SearchRequest,
): Promise<PageResult<S>> {
  const items: S[] = [];
  for (const path of files) {
    // A synchronous read of one segment (about a megabyte, from the page cache) is several
    // times cheaper than the thread-pool round trips of an async one; other work gets its
    // turn between segments.
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) break;
    const file = readIfPresent(path);
    if (!file) continue;
    const lines: [number, number][] = [];
    search.scan(file, (offset) => {
      const start = file.lastIndexOf(NEWLINE, offset) + 1;
      const end = file.indexOf(NEWLINE, offset);
      lines.push([start, end === -1 ? file.length : end]);
      return end === -1 ? file.length : end + 1;
    });
    for (let index = lines.length - 1; index >= 0; index -= 1) {
      const [start, end] = lines[index]!;
      const record = parseLine(file.toString('utf8', start, end));
      if (!record || !codec.accept(record) || (before !== undefined && record.id >= before)) continue;
      if (items.length === limit) return { items, nextCursor: items.at(-1)!.id };
      items.push(codec.summarize(record));
    }
  }
  return { items, nextCursor: null };
}

/** One buffer reused by every search read: no megabyte allocations for the collector to sweep. */
let scratch = Buffer.allocUnsafe(0);

/**
 * The file's bytes in the shared scratch buffer, or undefined if gone. They are valid until the
 * next read: a search uses them without awaiting anything in between.
 */
function readIfPresent(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, 2 * scratch.length));
    let read = 0;
    while (read < size) {
      const count = readSync(fd, scratch, read, size - read, read);
      if (count === 0) break;
      read += count;
    }
    return scratch.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** A stored line as JSON; undefined for a damaged one (search skips it, as reads do). */
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
