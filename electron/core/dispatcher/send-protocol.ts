import type { ErrorKind } from '../../shared/hooks.js';
import type { OutgoingRequest, Sent } from './http-client.js';

/**
 * What the dispatcher and its sending thread say to each other. Messages are flat arrays of
 * strings and numbers, the cheapest shape to copy between threads, and a fan-out's body crosses
 * once: both sides keep the same small table of recent bodies, so later attempts name it by id.
 *
 * A request:  seq, method, url, timeoutMs, headerCount, ...name/value, body, bodyId
 *   `body` is the text (kept under `bodyId` unless that is -1) or the id of a body sent before.
 * An answer:  seq, durationMs, waitedMs, 0, status, truncated (0/1), body, headerCount, ...name/value
 *        or:  seq, durationMs, waitedMs, 1, error kind, message
 *        or:  seq, 0, 0, 2 (never sent: withdrawn, held back while Hookbench stops, queued
 *                       for longer than MAX_QUEUED_MS, or cut off in a connection queue by destroy)
 *   `waitedMs` is how long the attempt waited in the thread's queue before it went out.
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

type Message = (string | number)[];

/** Appends a request to `out`; `bodies` is the sending side's table. */
export function writeRequest(out: Message, seq: number, outgoing: OutgoingRequest, timeoutMs: number, bodies: BodyTable): void {
  out.push(seq, outgoing.method, outgoing.url, timeoutMs);
  writePairs(out, outgoing.headers);
  out.push(...bodies.reference(outgoing.body));
}

/** Reads every request of a message, in order; `bodies` is the receiving side's table. */
export function readRequests(
  message: Message,
  bodies: BodyTable,
  each: (seq: number, outgoing: OutgoingRequest, timeoutMs: number) => void,
): void {
  for (let index = 0; index < message.length;) {
    const seq = message[index++] as number;
    const method = message[index++] as string;
    const url = message[index++] as string;
    const timeoutMs = message[index++] as number;
    const [headers, next] = readPairs(message, index);
    index = next + 2;
    each(seq, { method, url, headers, body: bodies.resolve(message[next]!, message[next + 1] as number) }, timeoutMs);
  }
}

/** Appends an attempt's outcome to `out` (undefined: it was never sent). */
export function writeAnswer(out: Message, seq: number, sent: Sent | undefined): void {
  if (!sent) {
    out.push(seq, 0, 0, 2);
  } else if ('response' in sent) {
    const { status, headers, body, truncated } = sent.response;
    out.push(seq, sent.durationMs, sent.waitedMs ?? 0, 0, status, truncated ? 1 : 0, body);
    writePairs(out, headers);
  } else {
    out.push(seq, sent.durationMs, sent.waitedMs ?? 0, 1, sent.error.kind, sent.error.message);
  }
}

/** Reads every outcome of a message, in order. */
export function readAnswers(message: Message, each: (seq: number, sent: Sent | undefined) => void): void {
  for (let index = 0; index < message.length;) {
    const seq = message[index++] as number;
    const durationMs = message[index++] as number;
    const waitedMs = message[index++] as number;
    const kind = message[index++];
    if (kind === 0) {
      const status = message[index++] as number;
      const truncated = message[index++] === 1;
      const body = message[index++] as string;
      const [headers, next] = readPairs(message, index);
      index = next;
      each(seq, { response: { status, headers, body, truncated }, durationMs, waitedMs });
    } else if (kind === 1) {
      const kindOfError = message[index++] as ErrorKind;
      each(seq, { error: { kind: kindOfError, message: message[index++] as string }, durationMs, waitedMs });
    } else {
      each(seq, undefined);
    }
  }
}

function writePairs(out: Message, pairs: [string, string][]): void {
  out.push(pairs.length);
  for (const [name, value] of pairs) out.push(name, value);
}

/** The pairs at `index` (a count, then name/value), and the index after them. */
function readPairs(message: Message, index: number): [[string, string][], number] {
  const count = message[index++] as number;
  const pairs: [string, string][] = [];
  for (let pair = 0; pair < count; pair += 1) pairs.push([message[index++] as string, message[index++] as string]);
  return [pairs, index];
}
