import type { IncomingHttpHeaders } from 'node:http';
import { Agent, buildConnector, errors, type Dispatcher } from 'undici';
import type { Attempt, ErrorKind } from '../../shared/hooks.js';
import { TargetRefusedError, type TargetPolicy } from './policy.js';
import { splitUrl } from './urls.js';

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: string;
}

export type Outcome = { response: NonNullable<Attempt['response']> } | { error: NonNullable<Attempt['error']> };

/**
 * An attempt's outcome and how long it was on the network; `waitedMs`, when a sender queued it
 * (ThreadedSender), how long it waited there first, so the attempt's start is recorded as it was.
 */
export type Sent = Outcome & { durationMs: number; waitedMs?: number };

/** Makes attempts: in this thread (HttpSender) or on a thread of its own (ThreadedSender). */
export interface Sender {
  /**
   * Undefined when the attempt was not sent (withdrawn, held back, or cut off by destroy), or
   * its sending thread died before answering (then it may have gone out): it is to be made again.
   */
  send(outgoing: OutgoingRequest, timeoutMs: number): Promise<Sent | undefined>;
  /**
   * Attempts the sender takes per network slot (the concurrency, and each origin's connections):
   * 1 when it takes only what it starts at once; more when it holds some ready to start the
   * moment a slot frees, so a finished attempt's connection is used again without waiting for
   * the dispatcher.
   */
  readonly depth: number;
  /** Takes back attempts given to `send` that have not started; their sends resolve undefined. */
  withdraw(outgoing: OutgoingRequest[]): void;
  /** Starts nothing more; attempts not started yet resolve undefined. Those under way go on. */
  hold(): void;
  /** Aborts whatever is still under way. */
  destroy(): Promise<void>;
}

const BODIES_CACHED = 16;
const BODY_CACHE_CHARS = 64 * 1024;

/** Stored response bodies stop here; the rest is read and dropped. */
export const RESPONSE_BODY_CAP = 64 * 1024;

/**
 * Sends attempts through one undici Agent (not the global fetch, many times slower here).
 * Every connection resolves its host itself and passes the address through the target
 * policy, so a name that turns into a refused address after the hook was saved is caught.
 * Redirects are never followed: a 3xx is an answer like any other.
 */
export class HttpSender implements Sender {
  private readonly agent: Agent;
  private readonly bodies = new Map<string, Buffer>();
  private destroyed: Promise<void> | undefined;
  /** Set before the Agent is destroyed: destroying it fails the requests it still holds at once. */
  private destroying = false;
  private holding = false;
  /** Taken back: not sent if still waiting for a connection. */
  private readonly withdrawn = new WeakSet<OutgoingRequest>();
  readonly depth = 1;

  /**
   * `maxQueuedMs`: a request that waited longer than this for a free connection (every one
   * busy with a slow receiver) is not sent but handed back, to be signed again.
   */
  constructor(
    policy: TargetPolicy,
    connectionsPerOrigin: number,
    private readonly maxQueuedMs = Infinity,
  ) {
    this.agent = new Agent({ connections: connectionsPerOrigin, keepAliveTimeout: 4_000, connect: policyConnector(policy) });
  }

  /**
   * One attempt, with a deadline for the whole exchange. It uses undici's dispatch API
   * directly: no response stream or AbortSignal per attempt, which halves the client's cost.
   */
  send(outgoing: OutgoingRequest, timeoutMs: number): Promise<Sent | undefined> {
    if (this.holding || this.withdrawn.has(outgoing)) return Promise.resolve(undefined);
    const startedAt = performance.now();
    return new Promise((resolve) => {
      let controller: Dispatcher.DispatchController | undefined;
      /** Stopped just before it would have been written: never sent. */
      let notSent = false;
      let status = 0;
      let headers: IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const finish = (outcome: Outcome | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome && { ...outcome, durationMs: Math.round(performance.now() - startedAt) });
      };
      // A request still queued for a connection when the sender is destroyed was never sent.
      const fail = (error: unknown) => finish(notSent || (this.destroying && !controller) ? undefined : { error: classify(error) });
      const timer = setTimeout(() => {
        const timeout = new AttemptTimeout(timeoutMs);
        controller?.abort(timeout);
        fail(timeout);
      }, timeoutMs);
      try {
        const { origin, path } = splitUrl(outgoing.url);
        const hasBody = outgoing.method !== 'GET' && outgoing.method !== 'HEAD';
        this.agent.dispatch(
          {
            origin,
            path,
            method: outgoing.method as Dispatcher.HttpMethod,
            headers: flatten(outgoing.headers),
            body: hasBody ? this.encode(outgoing.body) : null,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          },
          {
            // Called once a connection is free, just before the request is written to it.
            onRequestStart: (started) => {
              if (!settled && (this.holding || this.withdrawn.has(outgoing) || performance.now() - startedAt > this.maxQueuedMs)) {
                notSent = true;
                return started.abort(new Error('not sent'));
              }
              controller = started;
              if (settled) started.abort(new AttemptTimeout(timeoutMs));
            },
            onResponseStart: (_controller, statusCode, responseHeaders) => {
              status = statusCode;
              headers = responseHeaders;
            },
            onResponseData: (_controller, chunk) => {
              if (size < RESPONSE_BODY_CAP) chunks.push(chunk);
              size += chunk.length;
            },
            onResponseEnd: () =>
              finish({
                response: {
                  status,
                  headers: headerPairs(headers),
                  body: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_CAP).toString('utf8'),
                  truncated: size > RESPONSE_BODY_CAP,
                },
              }),
            onResponseError: (_controller, error) => fail(error),
          },
        );
      } catch (error) {
        fail(error);
      }
    });
  }

  /**
   * The body as bytes. A fan-out sends one body string to many hooks, and retries send it
   * again: each is encoded once (undici would copy it per attempt). Large bodies are not kept.
   */
  private encode(body: string): Buffer | string {
    if (body.length > BODY_CACHE_CHARS) return body;
    let encoded = this.bodies.get(body);
    if (!encoded) {
      encoded = Buffer.from(body);
      if (this.bodies.size >= BODIES_CACHED) this.bodies.delete(this.bodies.keys().next().value!);
      this.bodies.set(body, encoded);
    }
    return encoded;
  }

  /** Those still waiting for a connection are not sent; the rest go on. */
  withdraw(outgoing: OutgoingRequest[]): void {
    for (const request of outgoing) this.withdrawn.add(request);
  }

  hold(): void {
    this.holding = true;
  }

  /** Aborts whatever is still under way. Safe to call again. */
  destroy(): Promise<void> {
    this.destroying = true;
    this.destroyed ??= this.agent.destroy();
    return this.destroyed;
  }
}

/**
 * An undici connector that resolves each host itself and lets the target policy check the
 * address before connecting, so a name that now points somewhere refused is caught at send time.
 */
export function policyConnector(policy: TargetPolicy): buildConnector.connector {
  const connect = buildConnector({ timeout: 10_000 });
  return (options, callback) => {
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    policy.resolve(options.hostname, port).then(
      ({ address }) => connect({ ...options, hostname: address }, callback),
      (error: unknown) => callback(error as Error, null),
    );
  };
}

class AttemptTimeout extends Error {
  constructor(ms: number) {
    super(`no complete answer within ${ms} ms`);
  }
}

function headerPairs(headers: Record<string, string | string[] | undefined>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const name in headers) {
    const value = headers[name];
    if (Array.isArray(value)) for (const item of value) pairs.push([name, item]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}

/** undici's flat [name, value, name, value...] form (Array.prototype.flat is much slower). */
function flatten(pairs: [string, string][]): string[] {
  const flat: string[] = [];
  for (const [name, value] of pairs) flat.push(name, value);
  return flat;
}

/** Turns whatever went wrong into one of the kinds a user can act on. */
export function classify(error: unknown): { kind: ErrorKind; message: string } {
  if (error instanceof AttemptTimeout) return { kind: 'timeout', message: error.message };
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError)
    return { kind: 'timeout', message: error.message };
  if (error instanceof TargetRefusedError) return { kind: 'blocked', message: error.message };
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof TargetRefusedError) return { kind: 'blocked', message: cause.message };
  const code = String((error as NodeJS.ErrnoException)?.code ?? (cause as NodeJS.ErrnoException)?.code ?? '');
  const message = (error as Error)?.message ?? String(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA')
    return { kind: 'dns', message: `could not resolve the host (${code})` };
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: 'connection refused: nothing is listening there' };
  if (code === 'ECONNRESET' || code === 'EPIPE' || error instanceof errors.SocketError)
    return { kind: 'reset', message: `the connection was reset (${message})` };
  if (error instanceof errors.ConnectTimeoutError || code === 'UND_ERR_CONNECT_TIMEOUT')
    return { kind: 'timeout', message: 'connecting timed out' };
  if (
    code.startsWith('ERR_TLS') ||
    code.startsWith('CERT_') ||
    code.includes('SSL') ||
    code === 'EPROTO' ||
    /certificate|tls/i.test(message)
  ) {
    return { kind: 'tls', message };
  }
  return { kind: 'connect', message: code ? `${message} (${code})` : message };
}
