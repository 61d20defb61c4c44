import { parentPort } from 'node:worker_threads';
import { FairQueue } from './fair-queue.js';
import { HttpSender, type OutgoingRequest, type Sent } from './http-client.js';
import { createTargetPolicy } from './policy.js';
import { BodyTable, MAX_QUEUED_MS, readRequests, writeAnswer, type SendBatch, type SendSettings } from './send-protocol.js';
import { originOf } from './urls.js';

/**
 * The sending thread: makes the attempts the dispatcher hands it (see send-protocol.ts), at most
 * `concurrency` at a time and `connectionsPerOrigin` to any one origin, through its own undici
 * Agent. When one ends the next starts at once, without a round trip to the dispatcher;
 * outcomes go back in a batch per turn of the event loop. Origins take turns, so attempts to a
 * busy receiver wait here, not on undici's connections, and never hold up those to another.
 * An attempt not started yet can be withdrawn, and one that waited too long goes back unsent, so
 * the dispatcher signs it again with a fresh timestamp (see MAX_QUEUED_MS).
 */
interface Queued {
  outgoing: OutgoingRequest;
  timeoutMs: number;
  queuedAt: number;
}

const port = parentPort!;
let settings: SendSettings = { controlPort: 0, concurrency: 1, connectionsPerOrigin: 1, maxQueuedMs: MAX_QUEUED_MS };
const policy = createTargetPolicy(() => settings.controlPort);
let sender: HttpSender | undefined;
const bodies = new BodyTable();
/** Attempts not started yet, by seq, and their turns per origin (a withdrawn seq is skipped). */
const queued = new Map<number, Queued>();
const turns = new FairQueue<number>(() => settings.connectionsPerOrigin);
/** Attempts given to undici (on a connection, or connecting), by seq. */
const active = new Map<number, { outgoing: OutgoingRequest; done: Promise<void> }>();
/** Once holding (Hookbench is stopping), nothing more starts. */
let holding = false;
let answers: (string | number)[] = [];
let flushQueued = false;

port.on('message', (batch: SendBatch) => {
  if ('withdraw' in batch) {
    for (const seq of batch.withdraw) {
      if (queued.delete(seq)) answer(seq, undefined);
      // One given to undici but not written yet (still connecting) is stopped there.
      else if (active.has(seq)) sender!.withdraw([active.get(seq)!.outgoing]);
    }
  } else if ('hold' in batch) {
    hold();
  } else if ('destroy' in batch) {
    hold();
    void shutDown();
  } else {
    settings = batch.settings;
    sender ??= new HttpSender(policy, settings.connectionsPerOrigin, settings.maxQueuedMs);
    take(batch.requests);
    startMore();
  }
});

function take(requests: (string | number)[]): void {
  const queuedAt = performance.now();
  readRequests(requests, bodies, (seq, outgoing, timeoutMs) => {
    if (holding) return answer(seq, undefined);
    queued.set(seq, { outgoing, timeoutMs, queuedAt });
    turns.push(seq, originOf(outgoing.url));
  });
}

function startMore(): void {
  while (!holding && active.size < settings.concurrency) {
    const next = turns.take();
    if (!next) return;
    const [seq, origin] = next;
    const item = queued.get(seq);
    if (!item) continue;
    queued.delete(seq);
    const waitedMs = performance.now() - item.queuedAt;
    if (waitedMs > settings.maxQueuedMs) {
      answer(seq, undefined);
      continue;
    }
    turns.started(origin);
    const done = sender!.send(item.outgoing, item.timeoutMs).then((sent) => {
      active.delete(seq);
      turns.ended(origin);
      if (sent) sent.waitedMs = Math.round(waitedMs);
      answer(seq, sent);
      startMore();
    });
    active.set(seq, { outgoing: item.outgoing, done });
  }
}

/** Nothing more starts: what waits, here or in undici while connecting, goes back unsent. */
function hold(): void {
  holding = true;
  sender?.hold();
  for (const seq of queued.keys()) answer(seq, undefined);
  queued.clear();
}

/** Answers everything it was given (the last outcomes before `destroyed`), then closes its connections. */
async function shutDown(): Promise<void> {
  await sender?.destroy();
  await Promise.all([...active.values()].map(({ done }) => done));
  flush();
  port.postMessage({ destroyed: true });
}

function answer(seq: number, sent: Sent | undefined): void {
  writeAnswer(answers, seq, sent);
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
