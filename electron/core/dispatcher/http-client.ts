import { Agent, buildConnector, errors, request } from 'undici';
import type { Attempt, ErrorKind } from '../../shared/hooks.js';
import { TargetRefusedError, type TargetPolicy } from './policy.js';

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: string;
}

export type Outcome = { response: NonNullable<Attempt['response']> } | { error: NonNullable<Attempt['error']> };

/** Stored response bodies stop here; the rest is read and dropped. */
export const RESPONSE_BODY_CAP = 64 * 1024;

/**
 * Sends attempts through one undici Agent (not the global fetch, many times slower here).
 * Every connection resolves its host itself and passes the address through the target
 * policy, so a name that turns into a refused address after the hook was saved is caught.
 * Redirects are never followed: a 3xx is an answer like any other.
 */
export class HttpSender {
  private readonly agent: Agent;

  constructor(policy: TargetPolicy, connectionsPerOrigin: number) {
    const connect = buildConnector({ timeout: 10_000 });
    this.agent = new Agent({
      connections: connectionsPerOrigin,
      keepAliveTimeout: 4_000,
      connect: (options, callback) => {
        const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
        policy.resolve(options.hostname, port).then(
          ({ address }) => connect({ ...options, hostname: address }, callback),
          (error: unknown) => callback(error as Error, null),
        );
      },
    });
  }

  async send(outgoing: OutgoingRequest, timeoutMs: number): Promise<Outcome> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new AttemptTimeout(timeoutMs)), timeoutMs);
    try {
      const response = await request(outgoing.url, {
        dispatcher: this.agent,
        method: outgoing.method as 'POST',
        headers: outgoing.headers.flat(),
        body: outgoing.method === 'GET' || outgoing.method === 'HEAD' ? undefined : outgoing.body,
        signal: deadline.signal,
      });
      const { body, truncated } = await readCapped(response.body);
      return { response: { status: response.statusCode, headers: headerPairs(response.headers), body, truncated } };
    } catch (error) {
      return { error: classify(deadline.signal.aborted ? deadline.signal.reason : error) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Aborts whatever is still under way. */
  destroy(): Promise<void> {
    return this.agent.destroy();
  }
}

class AttemptTimeout extends Error {
  constructor(ms: number) {
    super(`no complete answer within ${ms} ms`);
  }
}

async function readCapped(body: AsyncIterable<Buffer>): Promise<{ body: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body) {
    if (size < RESPONSE_BODY_CAP) chunks.push(chunk);
    size += chunk.length;
    truncated ||= size > RESPONSE_BODY_CAP;
  }
  return { body: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_CAP).toString('utf8'), truncated };
}

function headerPairs(headers: Record<string, string | string[] | undefined>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const item of value) pairs.push([name, item]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}

/** Turns whatever went wrong into one of the kinds a user can act on. */
export function classify(error: unknown): { kind: ErrorKind; message: string } {
  if (error instanceof AttemptTimeout) return { kind: 'timeout', message: error.message };
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
