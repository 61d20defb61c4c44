import { readFile } from 'node:fs/promises';
import type { Delivery, FireResult } from '../shared/hooks.js';
import { ClientError, NoServerError, ControlClient } from './client.js';
import type { FireOptions } from './options.js';
import { paced } from './pace.js';
import { sendStandalone } from './standalone.js';

/** One delivery's first outcome, as fire prints it. */
export interface DeliveryLine {
  deliveryId: string;
  url: string;
  status: 'succeeded' | 'failed' | 'retrying';
  httpStatus?: number;
  error?: string;
  durationMs: number;
  retryAt?: string;
}

/** How long fire waits for outstanding first attempts after the last event went out. */
const SETTLE_MS = 130_000;

/**
 * `hookbench fire`: through the running server (stored, to every subscribed hook or --to), or
 * with --to and no server, straight from this process. Exits 1 if any delivery failed.
 */
export async function runFire(options: FireOptions): Promise<number> {
  const payload = options.payloadFile === undefined ? undefined : await readPayload(options.payloadFile);
  const client = options.standalone ? undefined : await connectUnlessStandalone(options);
  const report = new Report(options);
  try {
    if (client) await fireThroughServer(client, options, payload, report);
    else
      await sendStandalone(
        options,
        payload,
        (line) => report.add(line),
        (fired) => report.fired(fired),
      );
  } finally {
    await client?.close();
    report.finish();
  }
  return report.failed > 0 ? 1 : 0;
}

async function connectUnlessStandalone(options: FireOptions): Promise<ControlClient | undefined> {
  try {
    return await ControlClient.connect(options.server);
  } catch (error) {
    // Only when nothing listens there: a server that refused the token is an error to show.
    if (!options.to || !(error instanceof NoServerError)) throw error;
    console.error(`No server at ${options.server.url}; sending from this process (nothing is stored).`);
    return undefined;
  }
}

async function fireThroughServer(client: ControlClient, options: FireOptions, payload: unknown, report: Report): Promise<void> {
  const waiting = new Map<string, true>();
  const early = new Map<string, Delivery>();
  let allSettled: () => void = () => {};
  const settle = (delivery: Delivery) => {
    const line = firstOutcome(delivery);
    if (!line) return;
    if (!waiting.delete(delivery.id)) {
      early.set(delivery.id, delivery);
      return;
    }
    report.add(line);
    if (waiting.size === 0) allSettled();
  };
  // The stream is open before the first event, so no outcome can be missed.
  const stop = await client.stream((event) => {
    if (event.type === 'delivery.updated') settle(event.data);
  });
  try {
    const body = { provider: options.provider, type: options.type, payload, url: options.to, validate: options.validate };
    await paced(options, async () => {
      const fired = await client.request<FireResult>('POST', '/api/events', body);
      if (fired.deliveries.length === 0) {
        // With a payload, hooks of a scoped provider get it only when it names their game, team or account.
        const scoped =
          payload === undefined ? '' : ' in the scope the payload names (its game, team or account, for providers that have one)';
        throw new ClientError(
          `No enabled ${options.provider} hook subscribes to ${options.type}${scoped}, so nothing was sent (the event is recorded). Create one in the workbench, or send to a URL with --to.`,
        );
      }
      report.fired(fired.deliveries.length);
      for (const delivery of fired.deliveries) {
        waiting.set(delivery.id, true);
        const seen = early.get(delivery.id);
        if (seen) {
          early.delete(delivery.id);
          settle(seen);
        }
      }
    });
    if (waiting.size > 0) {
      await new Promise<void>((resolve) => {
        allSettled = resolve;
        setTimeout(resolve, SETTLE_MS).unref();
      });
    }
    if (waiting.size > 0) console.error(`${waiting.size} deliveries are still under way; follow them in the workbench.`);
  } finally {
    stop();
  }
}

/** The first attempt's outcome; undefined while none is recorded. */
export function firstOutcome(delivery: Delivery): DeliveryLine | undefined {
  const attempt = delivery.attempts[0];
  if (!attempt || delivery.status === 'sending') return undefined;
  const base = { deliveryId: delivery.id, url: delivery.url, durationMs: attempt.durationMs };
  const detail = attempt.response
    ? { httpStatus: attempt.response.status }
    : { error: `${attempt.error!.kind}: ${attempt.error!.message}` };
  if (delivery.status === 'succeeded') return { ...base, status: 'succeeded', ...detail };
  if (delivery.status === 'pending' && delivery.nextAttemptAt)
    return { ...base, status: 'retrying', retryAt: delivery.nextAttemptAt, ...detail };
  return { ...base, status: 'failed', ...detail };
}

async function readPayload(file: string): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new ClientError(`Cannot read the payload from ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ClientError(`The payload in ${file === '-' ? 'stdin' : file} is not JSON: ${(error as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Prints a line per delivery, a progress line each second on long runs, and a summary. */
class Report {
  private firedCount = 0;
  private answered = 0;
  failed = 0;
  private readonly progress: NodeJS.Timeout | undefined;

  constructor(private readonly options: FireOptions) {
    if (options.count > 1) {
      this.progress = setInterval(() => console.error(this.summary()), 1000);
      this.progress.unref();
    }
  }

  fired(deliveries: number): void {
    this.firedCount += deliveries;
  }

  add(line: DeliveryLine): void {
    this.answered += 1;
    if (line.status !== 'succeeded') this.failed += 1;
    if (this.options.json) {
      console.log(JSON.stringify(line));
      return;
    }
    const outcome = line.httpStatus !== undefined ? `${line.status} ${line.httpStatus}` : `${line.status} (${line.error})`;
    const retry = line.retryAt ? `, next attempt at ${line.retryAt}` : '';
    console.log(`${line.deliveryId}  ${outcome}  ${line.durationMs} ms  ${line.url}${retry}`);
  }

  finish(): void {
    clearInterval(this.progress);
    if (!this.options.json && this.firedCount > 0) console.error(this.summary());
  }

  private summary(): string {
    return `${this.firedCount} deliveries: ${this.answered - this.failed} succeeded, ${this.failed} failed or retrying, ${this.firedCount - this.answered} under way`;
  }
}
