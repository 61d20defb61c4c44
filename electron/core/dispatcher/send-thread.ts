import { parentPort } from 'node:worker_threads';
import { Fifo } from './fifo.js';
import { HttpSender, type OutgoingRequest, type Sent } from './http-client.js';
import { createTargetPolicy } from './policy.js';
import { BodyTable, type SendBatch, type SendSettings } from './send-protocol.js';

/**
 * The sending thread: makes the attempts the dispatcher hands it (see send-protocol.ts), at most
 * `concurrency` at a time, through its own undici Agent. When one ends the next starts at once,
 * without a round trip to the dispatcher; outcomes go back in a batch per turn of the event loop.
 */
const port = parentPort!;
let settings: SendSettings = { controlPort: 0, concurrency: 1, connectionsPerOrigin: 1 };
const policy = createTargetPolicy(() => settings.controlPort);
let sender: HttpSender | undefined;
const bodies = new BodyTable();
const waiting = new Fifo<{ seq: number; outgoing: OutgoingRequest; timeoutMs: number }>();
/** Attempts on the network. */
const active = new Set<Promise<void>>();
let answers: (string | number)[] = [];
let flushQueued = false;

port.on('message', (batch: SendBatch) => {
  if ('destroy' in batch) {
    // Attempts not started yet are handed back unsent; those under way are aborted.
    for (let item = waiting.take(); item; item = waiting.take()) answer(item.seq, undefined);
    void shutDown();
    return;
  }
  settings = batch.settings;
  sender ??= new HttpSender(policy, settings.connectionsPerOrigin);
  const { requests } = batch;
  for (let index = 0; index < requests.length;) {
    const seq = requests[index++] as number;
    const method = requests[index++] as string;
    const url = requests[index++] as string;
    const timeoutMs = requests[index++] as number;
    const headerCount = requests[index++] as number;
    const headers: [string, string][] = [];
    for (let header = 0; header < headerCount; header += 1) headers.push([requests[index++] as string, requests[index++] as string]);
    const body = bodies.resolve(requests[index++] as string | number, requests[index++] as number);
    waiting.push({ seq, outgoing: { method, url, headers, body }, timeoutMs });
  }
  startMore();
});

function startMore(): void {
  while (active.size < settings.concurrency && waiting.length > 0) {
    const { seq, outgoing, timeoutMs } = waiting.take()!;
    const attempt: Promise<void> = sender!.send(outgoing, timeoutMs).then((sent) => {
      active.delete(attempt);
      answer(seq, sent);
      startMore();
    });
    active.add(attempt);
  }
}

/** Answers everything it was given (the last outcomes before `destroyed`), then closes its connections. */
async function shutDown(): Promise<void> {
  await sender?.destroy();
  await Promise.all(active);
  flush();
  port.postMessage({ destroyed: true });
}

function answer(seq: number, sent: Sent | undefined): void {
  if (!sent) {
    answers.push(seq, 0, 2);
  } else if ('response' in sent) {
    const { status, headers, body, truncated } = sent.response;
    answers.push(seq, sent.durationMs, 0, status, truncated ? 1 : 0, body, headers.length);
    for (const [name, value] of headers) answers.push(name, value);
  } else {
    answers.push(seq, sent.durationMs, 1, sent.error.kind, sent.error.message);
  }
  if (!flushQueued) {
    flushQueued = true;
    setImmediate(flush);
  }
}

function flush(): void {
  flushQueued = false;
  if (answers.length === 0) return;
  port.postMessage(answers);
  answers = [];
}
