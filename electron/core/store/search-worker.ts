import { parentPort } from 'node:worker_threads';
import { buildFilter } from './gram-file.js';
import { ByteSearch } from './search.js';
import { matchingLines } from './segment-scan.js';

/**
 * A search helper thread. For each search it is sent the segment files and a counter shared with
 * the searching thread; both claim the next file from the counter until none is left, so neither
 * waits for the other to hand out work. It answers with each file's matching lines, then `done`.
 */
export interface ScanRequest {
  id: number;
  paths: string[];
  /** The search's alternatives (see ByteSearch). */
  needles: string[];
  /** The index of the next file to scan, claimed with Atomics.add by every thread of the search. */
  claim: SharedArrayBuffer;
}

/** Builds (and stores) the trigram filter of one full segment, off the thread that takes captures. */
export interface IndexRequest {
  id: number;
  segment: string;
}

export type ScanAnswer =
  | { id: number; index: number; lines: string[] | undefined }
  | { id: number; done: true }
  | { id: number; filter: Uint8Array | undefined }
  | { id: number; error: string };

parentPort?.on('message', (request: ScanRequest | IndexRequest) => {
  if ('segment' in request) {
    const { id, segment } = request;
    buildFilter(segment).then(
      (filter) => parentPort!.postMessage({ id, filter } satisfies ScanAnswer),
      (error: unknown) => parentPort!.postMessage({ id, error: (error as Error).message } satisfies ScanAnswer),
    );
    return;
  }
  const { id, paths, needles, claim } = request;
  const next = new Int32Array(claim);
  try {
    const search = new ByteSearch(needles);
    for (let index = Atomics.add(next, 0, 1); index < paths.length; index = Atomics.add(next, 0, 1)) {
      parentPort!.postMessage({ id, index, lines: matchingLines(paths[index]!, search) } satisfies ScanAnswer);
    }
    parentPort!.postMessage({ id, done: true } satisfies ScanAnswer);
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message } satisfies ScanAnswer);
  }
});
