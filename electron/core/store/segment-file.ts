import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { corruptName, type StorageNotices } from './notices.js';

/** Where one record sits in a segment file, plus what lists need to show it. */
export interface Entry<S> {
  id: string;
  offset: number;
  length: number;
  /** Bytes the record costs on disk: its line plus any files stored beside it. */
  weight: number;
  summary: S;
}

export interface StoredRecord {
  id: string;
}

export interface RecordCodec<T extends StoredRecord, S> {
  /** Checks a parsed line; false means the line is damaged. */
  accept(value: unknown): value is T;
  summarize(record: T): S;
  /** Bytes a record keeps outside its line (for example a large body in its own file). */
  extraBytes?(record: T): number;
}

const NEWLINE = 0x0a;

/**
 * Reads a segment into entries. A file whose last line was cut short by a crash is trimmed; a
 * file with damaged lines is moved aside and rewritten with the lines that survive, so the
 * app keeps running and the user is told what was lost.
 */
export async function readSegment<T extends StoredRecord, S>(
  file: string,
  codec: RecordCodec<T, S>,
  notices: StorageNotices,
): Promise<Entry<S>[]> {
  const bytes = await readFile(file);
  const entries: Entry<S>[] = [];
  const goodLines: Buffer[] = [];
  let damagedLines = 0;
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(NEWLINE, start);
    const lineEnd = end === -1 ? bytes.length : end;
    const line = bytes.subarray(start, lineEnd);
    const record = end === -1 ? undefined : parseLine(line, codec);
    if (record) {
      entries.push(entryFor(record, start, line.length + 1, codec));
      goodLines.push(bytes.subarray(start, lineEnd + 1));
    } else if (line.length > 0) {
      damagedLines += 1;
    }
    start = lineEnd + 1;
  }
  const cleanLength = goodLines.reduce((sum, line) => sum + line.length, 0);
  if (damagedLines === 0 && cleanLength === bytes.length) return entries;

  const aside = corruptName(file);
  await rename(file, aside);
  const clean = Buffer.concat(goodLines, cleanLength);
  await writeFile(file, clean, { mode: 0o600 });
  notices.add(
    basename(file),
    `${damagedLines} damaged or incomplete record(s)`,
    `kept ${entries.length} good record(s), original moved aside to ${basename(aside)}`,
  );
  return reindex(entries);
}

function parseLine<T extends StoredRecord, S>(line: Buffer, codec: RecordCodec<T, S>): T | undefined {
  try {
    const value: unknown = JSON.parse(line.toString('utf8'));
    return codec.accept(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function entryFor<T extends StoredRecord, S>(record: T, offset: number, length: number, codec: RecordCodec<T, S>): Entry<S> {
  return { id: record.id, offset, length, weight: length + (codec.extraBytes?.(record) ?? 0), summary: codec.summarize(record) };
}

/** Offsets after damaged lines were dropped from the rewritten file. */
function reindex<S>(entries: Entry<S>[]): Entry<S>[] {
  let offset = 0;
  return entries.map((entry) => {
    const moved = { ...entry, offset };
    offset += entry.length;
    return moved;
  });
}

/** Index of the entry with this id in an id-sorted list, or -1. */
export function findEntry<S>(entries: Entry<S>[], id: string): number {
  let low = 0;
  let high = entries.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = entries[middle]!.id;
    if (candidate === id) return middle;
    if (candidate < id) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** Index of the first entry (in ascending order) whose id is >= id. */
export function lowerBound<S>(entries: Entry<S>[], id: string): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (entries[middle]!.id < id) low = middle + 1;
    else high = middle;
  }
  return low;
}
