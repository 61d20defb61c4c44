import { Agent, type Dispatcher } from 'undici';
import { REPLAY_BODY_CAP, type ReplayResult } from '../../shared/snippets.js';
import { classify, policyConnector } from '../dispatcher/http-client.js';
import type { TargetPolicy } from '../dispatcher/policy.js';
import { splitUrl } from '../snippets/target.js';

export interface ReplayOutgoing {
  method: string;
  url: string;
  headers: [string, string][];
  body: Buffer;
}

/**
 * Sends replays through undici with the target policy checked at every connect, like hook
 * deliveries. It is not the dispatcher's HttpSender because a replay needs two things that one
 * does not do: a body of raw bytes, and a path sent exactly as captured (never re-encoded).
 */
export class ReplaySender {
  private readonly agent: Agent;

  constructor(policy: TargetPolicy) {
    this.agent = new Agent({ keepAliveTimeout: 4_000, connect: policyConnector(policy) });
  }

  async send(outgoing: ReplayOutgoing, timeoutMs: number): Promise<Omit<ReplayResult, 'method' | 'url'>> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const { origin, path } = splitUrl(outgoing.url);
      const response = await this.agent.request({
        origin,
        path,
        method: outgoing.method as Dispatcher.HttpMethod,
        headers: outgoing.headers.flat(),
        body: outgoing.method === 'GET' || outgoing.method === 'HEAD' || outgoing.body.length === 0 ? null : outgoing.body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        if (size < REPLAY_BODY_CAP) chunks.push(chunk);
        size += chunk.length;
      }
      const headers: [string, string][] = [];
      for (const [name, value] of Object.entries(response.headers)) {
        for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.push([name, item]);
      }
      return {
        durationMs: elapsed(),
        response: {
          status: response.statusCode,
          headers,
          body: Buffer.concat(chunks).subarray(0, REPLAY_BODY_CAP).toString('utf8'),
          truncated: size > REPLAY_BODY_CAP,
        },
      };
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      return {
        durationMs: elapsed(),
        error: timedOut ? { kind: 'timeout', message: `no complete answer within ${timeoutMs} ms` } : classify(error),
      };
    }
  }

  close(): Promise<void> {
    return this.agent.destroy();
  }
}
