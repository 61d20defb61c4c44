import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startThread } from '../threads.js';
import type { IndexRequest, ScanAnswer, ScanRequest } from './search-worker.js';

/** Helper threads a search may use besides its own: one per spare core, a few at most. */
const MAX_WORKERS = 3;

/**
 * A search helper thread. It is started on the first search that can use it and holds the process
 * open only while it has work. If it cannot start or dies, searches go on without it.
 */
export class ScanWorker {
  private readonly searches = new Map<number, { onFile: FileScanned; resolve(): void; reject(error: Error): void }>();
  private readonly builds = new Map<number, { resolve(filter: Uint8Array | undefined): void; reject(error: Error): void }>();
  private nextId = 0;
  broken = false;

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (answer: ScanAnswer) => {
      const build = this.builds.get(answer.id);
      if (build) {
        this.builds.delete(answer.id);
        this.idle();
        return 'filter' in answer ? build.resolve(answer.filter) : build.reject(new Error('error' in answer ? answer.error : 'no filter'));
      }
      const search = this.searches.get(answer.id);
      if (!search) return;
      if ('index' in answer) return search.onFile(answer.index, answer.lines);
      this.searches.delete(answer.id);
      this.idle();
      if ('error' in answer) search.reject(new Error(answer.error));
      else search.resolve();
    });
    const fail = (error: Error) => {
      this.broken = true;
      for (const job of [...this.searches.values(), ...this.builds.values()]) job.reject(error);
      this.searches.clear();
      this.builds.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('the search worker stopped')));
  }

  static start(): ScanWorker | undefined {
    try {
      return new ScanWorker(startThread(import.meta.url, 'search-worker'));
    } catch {
      return undefined;
    }
  }

  /**
   * Scans files claimed from the shared counter until none is left, telling `onFile` of each;
   * resolves when the worker has stopped claiming.
   */
  scan(paths: string[], needles: readonly string[], claim: SharedArrayBuffer, onFile: FileScanned): Promise<void> {
    return new Promise((resolve, reject) => {
      const id = (this.nextId += 1);
      this.searches.set(id, { onFile, resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, paths, needles: [...needles], claim } satisfies ScanRequest);
    });
  }

  /** Builds a full segment's trigram filter and stores it beside the segment; its bytes, or undefined if the segment is gone. */
  buildFilter(segment: string): Promise<Uint8Array | undefined> {
    return new Promise((resolve, reject) => {
      const id = (this.nextId += 1);
      this.builds.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, segment } satisfies IndexRequest);
    });
  }

  /** With nothing to do, the thread does not hold the process open. */
  private idle(): void {
    if (this.searches.size === 0 && this.builds.size === 0) this.worker.unref();
  }
}

export type FileScanned = (index: number, lines: string[] | undefined) => void;

let workers: ScanWorker[] | undefined;

/** The helper threads still working, started on first use. */
export function scanWorkers(): ScanWorker[] {
  workers ??= Array.from({ length: Math.min(MAX_WORKERS, availableParallelism() - 1) }, () => ScanWorker.start()).filter(
    (worker): worker is ScanWorker => worker !== undefined,
  );
  return workers.filter((worker) => !worker.broken);
}
