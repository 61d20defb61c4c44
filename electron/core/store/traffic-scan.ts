import { readFile } from 'node:fs/promises';
import type { CaptureFacts } from '../stats/inbox-traffic.js';
import type { DeliveryFacts } from '../stats/hook-traffic.js';
import { idTime } from '../ids.js';
import { isNotFound } from './files.js';
import { isDeliveryRecord } from './delivery-records.js';

/**
 * One-off scans of segment files for the traffic statistics: records newest first, from the
 * newest stored when the scan began (`upTo`) back to the first made before `since` (ids sort by
 * the time they were made, which is never before the time a record tells of).
 */
export interface ScanBounds {
  upTo: string;
  since: number;
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Complete lines of each file, newest first; false from `visit` ends the scan. A file gone meanwhile (retention) is skipped. */
async function eachLineNewestFirst(files: string[], visit: (line: Buffer) => boolean): Promise<void> {
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if (isNotFound(error)) continue;
      throw error;
    }
    // A line still being written has no newline yet; it is newer than `upTo` anyway.
    let end = bytes.lastIndexOf(NEWLINE) + 1;
    while (end > 0) {
      const start = bytes.lastIndexOf(NEWLINE, end - 2) + 1;
      if (end - 1 > start && !visit(bytes.subarray(start, end - 1))) return;
      end = start;
    }
  }
}

/**
 * Captures in an inbox's files. Only four short fields are read, straight from the bytes:
 * parsing whole records (headers and bodies) made the first look at an inbox of 100,000
 * captures several times slower. A key is found only where it is one (after `{` or `,`: inside
 * a JSON string every quote is escaped); a line that does not read that way is parsed whole.
 */
export async function scanCaptures(files: string[], bounds: ScanBounds, visit: (capture: CaptureFacts) => void): Promise<void> {
  await eachLineNewestFirst(files, (line) => {
    const capture = captureFacts(line);
    if (!capture) return true;
    if (idTime(capture.id) < bounds.since) return false;
    if (capture.id <= bounds.upTo) visit(capture);
    return true;
  });
}

const KEYS = { id: key('id'), receivedAt: key('receivedAt'), method: key('method'), responseStatus: key('responseStatus') };

function key(name: string): Buffer {
  return Buffer.from(`"${name}":`);
}

function captureFacts(line: Buffer): CaptureFacts | undefined {
  const id = stringAt(line, valueAt(line, KEYS.id));
  const receivedAt = stringAt(line, valueAt(line, KEYS.receivedAt));
  const method = stringAt(line, valueAt(line, KEYS.method));
  const status = numberAt(line, valueAt(line, KEYS.responseStatus));
  if (id !== undefined && receivedAt !== undefined && method !== undefined && status !== undefined) {
    return { id, receivedAt: Date.parse(receivedAt), method, responseStatus: status };
  }
  const record = parse(line) as Partial<Record<keyof CaptureFacts, unknown>> | undefined;
  if (typeof record?.id !== 'string' || typeof record.receivedAt !== 'string') return undefined;
  if (typeof record.method !== 'string' || typeof record.responseStatus !== 'number') return undefined;
  return { id: record.id, receivedAt: Date.parse(record.receivedAt), method: record.method, responseStatus: record.responseStatus };
}

/** Where the value of a top-level key starts, or -1. */
function valueAt(line: Buffer, name: Buffer): number {
  for (let at = line.indexOf(name); at !== -1; at = line.indexOf(name, at + 1)) {
    const before = line[at - 1];
    if (before === 0x7b || before === 0x2c) return at + name.length;
  }
  return -1;
}

/** A string value without escapes (ids, times and methods have none); undefined otherwise. */
function stringAt(line: Buffer, at: number): string | undefined {
  if (at === -1 || line[at] !== QUOTE) return undefined;
  const end = line.indexOf(QUOTE, at + 1);
  if (end === -1 || line.subarray(at + 1, end).includes(BACKSLASH)) return undefined;
  return line.toString('latin1', at + 1, end);
}

function numberAt(line: Buffer, at: number): number | undefined {
  if (at === -1) return undefined;
  let value = 0;
  let index = at;
  for (; index < line.length && line[index]! >= 0x30 && line[index]! <= 0x39; index += 1) value = value * 10 + line[index]! - 0x30;
  return index === at ? undefined : value;
}

/**
 * Each delivery's latest state in the deliveries log: the first record met of it, newest first.
 * Update records do not name the hook; `hookOf` (the store's index) does.
 */
export async function scanDeliveries(
  files: string[],
  bounds: ScanBounds,
  hookOf: (deliveryId: string) => string | null | undefined,
  visit: (delivery: DeliveryFacts) => void,
): Promise<void> {
  const seen = new Set<string>();
  await eachLineNewestFirst(files, (line) => {
    const record = parse(line);
    if (!isDeliveryRecord(record)) return true;
    if (idTime(record.id) < bounds.since) return false;
    if (record.id > bounds.upTo) return true;
    const states = 'deliveries' in record ? record.deliveries : [record.delivery];
    for (let index = states.length - 1; index >= 0; index -= 1) {
      const { id, hookId, status, attempts, updatedAt } = states[index]!;
      if (seen.has(id)) continue;
      seen.add(id);
      visit({ id, hookId: hookId === undefined ? hookOf(id) : hookId, status, attempts, updatedAt });
    }
    return true;
  });
}

function parse(line: Buffer): unknown {
  try {
    return JSON.parse(line.toString('utf8'));
  } catch {
    return undefined;
  }
}
