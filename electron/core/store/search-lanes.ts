import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ScanAnswer, ScanRequest } from './search-worker.js';

/** Helper threads a search may use besides its own: one per spare core, a few at most. */
const MAX_WORKERS = 3;

/**
 * A search helper thread. It is started on the first search that can use it and holds the process
 * open only while it has work. If it cannot start or dies, searches go on without it.
 */
export class ScanWorker {
  private readonly waiting = new Map<number, { resolve(lines: string[] | undefined): void; reject(error: Error): void }>();
  private nextId = 0;
  broken = false;

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (answer: ScanAnswer) => {
      const waiter = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (this.waiting.size === 0) worker.unref();
      if ('error' in answer) waiter?.reject(new Error(answer.error));
      else waiter?.resolve(answer.lines);
    });
    const fail = (error: Error) => {
      this.broken = true;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('the search worker stopped')));
  }

  static start(): ScanWorker | undefined {
    try {
      const built = new URL('./search-worker.js', import.meta.url);
      // From source (tests, tsx) the worker first registers tsx's loader, then loads the TypeScript.
      const source = new URL('./search-worker.ts', import.meta.url).href;
      const worker = existsSync(fileURLToPath(built))
        ? new Worker(built)
        : new Worker(`import('tsx/esm/api').then(({ register }) => register()).then(() => import(${JSON.stringify(source)}))`, {
            eval: true,
          });
      return new ScanWorker(worker);
    } catch {
      return undefined;
    }
  }

  scan(path: string, needle: string): Promise<string[] | undefined> {
    return new Promise((resolve, reject) => {
      const id = (this.nextId += 1);
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, path, needle } satisfies ScanRequest);
    });
  }
}

let workers: ScanWorker[] | undefined;

/** The helper threads still working, started on first use. */
export function scanWorkers(): ScanWorker[] {
  workers ??= Array.from({ length: Math.min(MAX_WORKERS, availableParallelism() - 1) }, () => ScanWorker.start()).filter(
    (worker): worker is ScanWorker => worker !== undefined,
  );
  return workers.filter((worker) => !worker.broken);
}
