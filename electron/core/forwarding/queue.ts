/** Runs tasks one after another, in the order pushed: a forward waits for the one before it. */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Tasks pushed and not yet finished (the one running included). */
  get size(): number {
    return this.waiting;
  }

  /** `task` never rejects the queue: a failed task is the task's own business to record. */
  push(task: () => Promise<void>, onIdle?: () => void): void {
    this.waiting += 1;
    this.tail = this.tail
      .then(task)
      .catch(() => undefined)
      .finally(() => {
        this.waiting -= 1;
        if (this.waiting === 0) onIdle?.();
      });
  }

  /** Resolves once everything pushed so far has run. */
  idle(): Promise<void> {
    return this.tail;
  }
}
