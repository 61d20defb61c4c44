/**
 * A first-in first-out queue with O(1) take. Array.prototype.shift copies the whole array once
 * it is large, which made draining a big fan-out quadratic.
 */
export class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The item `offset` places after the oldest (0: the oldest), without taking it. */
  at(offset: number): T | undefined {
    return this.items[this.head + offset];
  }

  /** The oldest item, or undefined when empty. */
  take(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head]!;
    this.head += 1;
    // Taken items are dropped in one go once they are half of the array.
    if (this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
