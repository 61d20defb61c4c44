import { Fifo } from './fifo.js';

/**
 * Items queued per receiving origin and taken in turn across origins, so a receiver with a long
 * queue (a slow one given a big fan-out) does not hold up the others. An origin that may not
 * start more (it has as many attempts under way as it is allowed) is parked, costing nothing
 * per take, until its owner says one of them ended (`unpark`).
 */
export class FairQueue<T> {
  private readonly byOrigin = new Map<string, Fifo<T>>();
  /** Origins with items, each once, in turn; an origin with items is here or parked. */
  private readonly turns = new Fifo<string>();
  private readonly parked = new Set<string>();
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(item: T, origin: string): void {
    let queue = this.byOrigin.get(origin);
    if (!queue) {
      queue = new Fifo<T>();
      this.byOrigin.set(origin, queue);
      this.turns.push(origin);
    }
    queue.push(item);
    this.count += 1;
  }

  /** The oldest item of the next origin `mayStart` allows, with its origin; the origins it refuses are parked. */
  take(mayStart: (origin: string) => boolean): [T, string] | undefined {
    for (let origin = this.turns.take(); origin !== undefined; origin = this.turns.take()) {
      if (!mayStart(origin)) {
        this.parked.add(origin);
        continue;
      }
      const queue = this.byOrigin.get(origin)!;
      const item = queue.take()!;
      this.count -= 1;
      if (queue.length > 0) this.turns.push(origin);
      else this.byOrigin.delete(origin);
      return [item, origin];
    }
    return undefined;
  }

  /** One of the origin's attempts ended: its items take their turn again. */
  unpark(origin: string): void {
    if (this.parked.delete(origin)) this.turns.push(origin);
  }
}
