import { Fifo } from '../fifo.js';

/**
 * Items queued per receiving origin and taken in turn across origins, so a receiver with a long
 * queue (a slow one given a big fan-out) does not hold up the others. It also counts what is
 * under way per origin: an origin with `limit()` under way is parked, costing nothing per take,
 * until one of them ends.
 */
export class FairQueue<T> {
  private readonly byOrigin = new Map<string, Fifo<T>>();
  /** Origins with items, each once, in turn; an origin with items is here or parked. */
  private readonly turns = new Fifo<string>();
  private readonly parked = new Set<string>();
  private readonly underWay = new Map<string, number>();

  /** `limit`: how many may be under way per origin (asked on each take: it can change). */
  constructor(private readonly limit: () => number) {}

  push(item: T, origin: string): void {
    let queue = this.byOrigin.get(origin);
    if (!queue) {
      queue = new Fifo<T>();
      this.byOrigin.set(origin, queue);
      this.turns.push(origin);
    }
    queue.push(item);
  }

  /** The oldest item of the next origin below its limit, with that origin; undefined if none is. */
  take(): [T, string] | undefined {
    const limit = this.limit();
    for (let origin = this.turns.take(); origin !== undefined; origin = this.turns.take()) {
      if ((this.underWay.get(origin) ?? 0) >= limit) {
        this.parked.add(origin);
        continue;
      }
      const queue = this.byOrigin.get(origin)!;
      const item = queue.take()!;
      if (queue.length > 0) this.turns.push(origin);
      else this.byOrigin.delete(origin);
      return [item, origin];
    }
    return undefined;
  }

  /** A taken item of `origin` is under way (counted against its limit until `ended`). */
  started(origin: string): void {
    this.underWay.set(origin, (this.underWay.get(origin) ?? 0) + 1);
  }

  /** One of the origin's items under way ended: its queue takes its turn again. */
  ended(origin: string): void {
    const left = this.underWay.get(origin)! - 1;
    if (left > 0) this.underWay.set(origin, left);
    else this.underWay.delete(origin);
    if (this.parked.delete(origin)) this.turns.push(origin);
  }
}
