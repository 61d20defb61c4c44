import type { Worker } from 'node:worker_threads';
import type { Logger } from '../log.js';
import { startThread } from '../threads.js';
import { HttpSender, type OutgoingRequest, type Sender, type Sent } from './http-client.js';
import type { TargetPolicy } from './policy.js';
import {
  BodyTable,
  MAX_QUEUED_MS,
  readAnswers,
  writeRequest,
  type SendAnswer,
  type SendBatch,
  type SendSettings,
} from './send-protocol.js';

/** An attempt handed to the thread, kept until it answers. */
interface Handed {
  outgoing: OutgoingRequest;
  resolve(sent: Sent | undefined): void;
}

/**
 * Sends attempts on a thread of their own (send-thread.ts), so the HTTP work of a busy dispatch
 * runs beside the storing and signing rather than after it. The thread keeps `concurrency`
 * attempts on the network (`connectionsPerOrigin` to each origin) and holds more, ready to start
 * the moment a slot frees. Requests made in one turn of the event loop cross in one message. If
 * the thread cannot start or stops, attempts are sent from this thread; those it had not
 * answered go back to the dispatcher first.
 */
export class ThreadedSender implements Sender {
  private readonly waiting = new Map<number, Handed>();
  private readonly seqOf = new Map<OutgoingRequest, number>();
  private readonly bodies = new BodyTable();
  private outbox: (string | number)[] = [];
  private nextSeq = 0;
  private flushQueued = false;
  private holding = false;
  private fallback: HttpSender | undefined;
  private destroyed: Promise<void> | undefined;
  private exited = false;

  private constructor(
    private readonly worker: Worker,
    private readonly policy: TargetPolicy,
    private readonly settings: Omit<SendSettings, 'controlPort'>,
    private readonly controlPort: () => number,
    private readonly log: Logger,
  ) {
    worker.unref();
    worker.on('message', (answer: SendAnswer) => {
      if (Array.isArray(answer)) this.settle(answer);
    });
    worker.on('error', (error) => {
      this.log.error(`the sending thread failed, attempts are sent from the main thread from now on: ${error.stack ?? error}`);
      this.stopped();
    });
    worker.on('exit', () => {
      this.exited = true;
      this.stopped();
    });
  }

  /** The sender for the dispatcher: on its own thread, or in this one if no thread can start. */
  static start(
    policy: TargetPolicy,
    settings: Pick<SendSettings, 'concurrency' | 'connectionsPerOrigin'> & { maxQueuedMs?: number },
    controlPort: () => number,
    log: Logger,
  ): Sender {
    try {
      const worker = startThread(import.meta.url, 'send-thread');
      return new ThreadedSender(worker, policy, { maxQueuedMs: MAX_QUEUED_MS, ...settings }, controlPort, log);
    } catch (error) {
      log.error(`no sending thread, attempts are sent from the main thread: ${(error as Error).message}`);
      return new HttpSender(policy, settings.connectionsPerOrigin);
    }
  }

  /**
   * Four attempts per slot, three of them queued on the thread: its queue outlasts the few
   * milliseconds this thread may be busy elsewhere (storing a large fan-out), so its
   * connections do not sit idle meanwhile.
   */
  get depth(): number {
    return this.fallback ? 1 : 4;
  }

  send(outgoing: OutgoingRequest, timeoutMs: number): Promise<Sent | undefined> {
    if (this.fallback) return this.fallback.send(outgoing, timeoutMs);
    if (this.holding || this.destroyed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const seq = (this.nextSeq += 1);
      this.waiting.set(seq, { outgoing, resolve });
      this.seqOf.set(outgoing, seq);
      writeRequest(this.outbox, seq, outgoing, timeoutMs, this.bodies);
      if (!this.flushQueued) {
        this.flushQueued = true;
        this.worker.ref();
        queueMicrotask(() => this.flush());
      }
    });
  }

  withdraw(outgoing: OutgoingRequest[]): void {
    if (this.fallback) return this.fallback.withdraw(outgoing);
    const seqs = outgoing.map((request) => this.seqOf.get(request)).filter((seq) => seq !== undefined);
    if (seqs.length === 0 || this.destroyed) return;
    // After the batch that carried them, so the thread knows them when it reads this.
    this.flush();
    this.worker.postMessage({ withdraw: seqs } satisfies SendBatch);
  }

  hold(): void {
    if (this.holding) return;
    this.holding = true;
    this.fallback?.hold();
    if (this.fallback || this.destroyed) return;
    this.flush();
    this.worker.postMessage({ hold: true } satisfies SendBatch);
  }

  async destroy(): Promise<void> {
    this.destroyed ??= this.shutDown();
    await this.destroyed;
    await this.fallback?.destroy();
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.outbox.length === 0) return;
    this.worker.postMessage({
      settings: { ...this.settings, controlPort: this.controlPort() },
      requests: this.outbox,
    } satisfies SendBatch);
    this.outbox = [];
  }

  private settle(answers: (string | number)[]): void {
    readAnswers(answers, (seq, sent) => {
      const handed = this.waiting.get(seq);
      if (!handed) return;
      this.waiting.delete(seq);
      this.seqOf.delete(handed.outgoing);
      handed.resolve(sent);
    });
    // While shutting down the thread stays referenced until it has said `destroyed`.
    if (this.waiting.size === 0 && !this.destroyed) this.worker.unref();
  }

  private async shutDown(): Promise<void> {
    if (this.exited) return;
    this.flush();
    const done = new Promise<void>((resolve) => {
      this.worker.on('message', (answer: SendAnswer) => {
        if (!Array.isArray(answer)) resolve();
      });
      this.worker.once('exit', () => resolve());
    });
    this.worker.ref();
    this.worker.postMessage({ destroy: true } satisfies SendBatch);
    await done;
    await this.worker.terminate();
  }

  /**
   * The thread is gone: what it had not answered goes back unsent, so the dispatcher queues it
   * again under its own limits and signs it afresh (an attempt that was on the network may then
   * reach its receiver twice, with the same id); later attempts are sent from this thread.
   */
  private stopped(): void {
    const unanswered = [...this.waiting.values()];
    this.waiting.clear();
    this.seqOf.clear();
    if (!this.holding && !this.destroyed) {
      this.fallback ??= new HttpSender(this.policy, this.settings.connectionsPerOrigin, this.settings.maxQueuedMs);
    }
    for (const handed of unanswered) handed.resolve(undefined);
  }
}
