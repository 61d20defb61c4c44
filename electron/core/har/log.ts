import { VERSION } from '../version.js';
import type { Har, HarEntry } from './schema.js';

/** A HAR 1.2 document around entries (oldest first, as HAR viewers expect). */
export function harLog(entries: HarEntry[], comment: string): Har {
  return { log: { version: '1.2', creator: { name: 'Hookbench', version: VERSION }, entries, comment } };
}

/** HAR needs these on every entry; Hookbench has no cache and measures whole exchanges only. */
export const NO_CACHE = {};
export const timings = (durationMs: number) => ({ send: 0, wait: Math.max(0, durationMs), receive: 0 });
