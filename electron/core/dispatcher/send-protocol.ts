/**
 * What the dispatcher and its sending thread say to each other. Messages are flat arrays of
 * strings and numbers, the cheapest shape to copy between threads, and a fan-out's body crosses
 * once: both sides keep the same small table of recent bodies, so later attempts name it by id.
 *
 * A request:  seq, method, url, timeoutMs, headerCount, ...name/value, body, bodyId
 *   `body` is the text (kept under `bodyId` unless that is -1) or the id of a body sent before.
 * An answer:  seq, durationMs, 0, status, truncated (0/1), body, headerCount, ...name/value
 *        or:  seq, durationMs, 1, error kind, message
 *        or:  seq, 0, 2 (never sent: withdrawn, held back while Hookbench stops, queued for
 *                    longer than MAX_QUEUED_MS, or cut off in a connection queue by destroy)
 */
export interface SendSettings {
  /** Hookbench's own control port, which the target policy refuses. */
  controlPort: number;
  /** Attempts on the network at once. */
  concurrency: number;
  connectionsPerOrigin: number;
  /** How long an attempt may wait in the thread's queue (MAX_QUEUED_MS unless a test says). */
  maxQueuedMs: number;
}

export type SendBatch =
  | { settings: SendSettings; requests: (string | number)[] }
  /** Takes back attempts not started yet (a cancelled delivery, a disabled hook). */
  | { withdraw: number[] }
  /** Hookbench is stopping: start nothing more, hand back what waits. */
  | { hold: true }
  | { destroy: true };

/**
 * An attempt waits at most this long in the thread's queue (a receiver that holds every
 * connection); older ones go back unsent and are signed again, so no signature goes out stale.
 */
export const MAX_QUEUED_MS = 5_000;

export type SendAnswer = (string | number)[] | { destroyed: true };

/** Bodies longer than this cross every time rather than being kept. */
export const BODY_TABLE_CHARS = 64 * 1024;
const BODY_TABLE_SIZE = 16;

/**
 * The recent bodies, by id, first in first out. Both threads apply the same sequence of
 * additions, so their tables always hold the same ids.
 */
export class BodyTable {
  private readonly byId = new Map<number, string>();
  private readonly byText = new Map<string, number>();
  private nextId = 0;

  /** Sender side: the body as it goes in a request, `[body or its id, id to keep it under or -1]`. */
  reference(text: string): [string | number, number] {
    const known = this.byText.get(text);
    if (known !== undefined) return [known, -1];
    if (text.length > BODY_TABLE_CHARS) return [text, -1];
    const id = this.nextId++;
    this.add(id, text);
    return [text, id];
  }

  /** Receiver side: the body a request names, kept when it asks. */
  resolve(body: string | number, keepAs: number): string {
    if (typeof body === 'number') return this.byId.get(body)!;
    if (keepAs >= 0) this.add(keepAs, body);
    return body;
  }

  private add(id: number, text: string): void {
    if (this.byId.size >= BODY_TABLE_SIZE) {
      const [oldest, oldText] = this.byId.entries().next().value!;
      this.byId.delete(oldest);
      if (this.byText.get(oldText) === oldest) this.byText.delete(oldText);
    }
    this.byId.set(id, text);
    this.byText.set(text, id);
  }
}
