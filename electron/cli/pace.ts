import type { FireOptions } from './options.js';

/** Runs `fire` count times: at --rate per second, or each after the previous one. */
export async function paced(options: Pick<FireOptions, 'count' | 'rate'>, fire: () => Promise<void>): Promise<void> {
  const started = performance.now();
  const running = new Set<Promise<void>>();
  let failure: unknown;
  for (let index = 0; index < options.count && failure === undefined; index += 1) {
    if (options.rate === undefined) {
      await fire();
      continue;
    }
    const due = started + (index * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const run: Promise<void> = fire()
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => running.delete(run));
    running.add(run);
  }
  await Promise.all(running);
  if (failure !== undefined) throw failure;
}

/** Runs `work` count times, `concurrency` at once. */
export async function inParallel(count: number, concurrency: number, work: () => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      await work();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
