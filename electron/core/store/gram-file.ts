import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from './files.js';
import { GramFilter } from './gram-filter.js';

/** A segment's filter is kept beside it, in `<segment>.grams`. */
export const FILTER_SUFFIX = '.grams';

/** The stored filter of a segment, if there is one built from the segment as it is now. */
export function readFilterSync(segment: string): GramFilter | undefined {
  try {
    return current(GramFilter.fromBuffer(readFileSync(segment + FILTER_SUFFIX)), statSync(segment).size);
  } catch {
    return undefined;
  }
}

export async function readFilter(segment: string): Promise<GramFilter | undefined> {
  try {
    const [stored, stats] = await Promise.all([readFile(segment + FILTER_SUFFIX), stat(segment)]);
    return current(GramFilter.fromBuffer(stored), stats.size);
  } catch {
    return undefined;
  }
}

/**
 * Builds a segment's filter and stores it beside the segment; its bytes, or undefined if the
 * segment is gone. Runs on a search helper thread, or on the main thread when there is none.
 * The file is not fsynced: a filter lost or torn by a power cut fails its checks and is built
 * again, and an fsync would compete with the ones captures wait for.
 */
export async function buildFilter(segment: string): Promise<Uint8Array | undefined> {
  const bytes = await readFile(segment).catch(() => undefined);
  if (!bytes) return undefined;
  const filter = GramFilter.of(bytes).toBuffer();
  await writeFileAtomic(segment + FILTER_SUFFIX, filter, false).catch(() => {});
  return filter;
}

/** A filter of an earlier version of the file (a segment reopened after a crash) would miss what was added since. */
function current(filter: GramFilter | undefined, segmentBytes: number): GramFilter | undefined {
  return filter?.segmentBytes === segmentBytes ? filter : undefined;
}
