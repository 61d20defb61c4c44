import { parentPort } from 'node:worker_threads';
import { ByteSearch } from './search.js';
import { matchingLines } from './segment-scan.js';

/** A search helper thread: scans the segment files it is sent, answers with the matching lines. */
export interface ScanRequest {
  id: number;
  path: string;
  needle: string;
}

export type ScanAnswer = { id: number; lines: string[] | undefined } | { id: number; error: string };

let search: ByteSearch | undefined;

parentPort?.on('message', ({ id, path, needle }: ScanRequest) => {
  try {
    if (search?.text !== needle) search = new ByteSearch(needle);
    parentPort!.postMessage({ id, lines: matchingLines(path, search) } satisfies ScanAnswer);
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message } satisfies ScanAnswer);
  }
});
