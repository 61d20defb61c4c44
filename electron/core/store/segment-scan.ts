import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isNotFound } from './files.js';
import type { ByteSearch } from './search.js';

const NEWLINE = 0x0a;

/**
 * The lines of one segment file that hold a match, in file order; undefined if the file is gone.
 * Used by the searching thread and the search workers alike.
 */
export function matchingLines(path: string, search: ByteSearch): string[] | undefined {
  const file = readIfPresent(path);
  if (!file) return undefined;
  const ranges: [number, number][] = [];
  search.scan(file, (offset) => {
    const start = file.lastIndexOf(NEWLINE, offset) + 1;
    const end = file.indexOf(NEWLINE, offset);
    ranges.push([start, end === -1 ? file.length : end]);
    return end === -1 ? file.length : end + 1;
  });
  return ranges.map(([start, end]) => file.toString('utf8', start, end));
}

/** One buffer reused by every read of this thread: no megabyte allocations for the collector to sweep. */
let scratch = Buffer.allocUnsafe(0);

/**
 * The file's bytes in the shared scratch buffer, or undefined if gone. They are valid until the
 * next read. A synchronous read of one segment (about a megabyte, from the page cache) is several
 * times cheaper than the thread-pool round trips of an async one.
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
