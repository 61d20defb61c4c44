import { Agent, buildConnector, request } from 'undici';
import { classify } from '../dispatcher/http-client.js';
import type { TargetPolicy } from '../dispatcher/policy.js';
import { fromPostData } from './body.js';
import type { HarReplayResult, LooseHarEntry, ReplayedRequest } from './replay-schema.js';

/** Never forwarded: they describe one connection, and undici sets host and length for the bytes it sends. */
const DROPPED = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Sends HAR requests through the target policy, like hook deliveries: checked at every connect. */
export class HarReplayer {
  private readonly agent: Agent;

  constructor(private readonly policy: TargetPolicy) {
    const connect = buildConnector({ timeout: 10_000 });
    this.agent = new Agent({
      connect: (options, callback) => {
        const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
        policy.resolve(options.hostname, port).then(
          ({ address }) => connect({ ...options, hostname: address }, callback),
          (error: unknown) => callback(error as Error, null),
        );
      },
    });
  }

  /** Replays the entries one after another, in order; a failed request does not stop the rest. */
  async replay(entries: LooseHarEntry[], target: string, timeoutMs: number): Promise<HarReplayResult> {
    const base = this.policy.checkUrl(target);
    const results: ReplayedRequest[] = [];
    for (const [index, entry] of entries.entries()) {
      const url = replayUrl(base, entry.request.url, entry._hookbenchInbox);
      results.push({ index, method: entry.request.method, url, ...(await this.send(entry, url, timeoutMs)) });
    }
    const statuses: Record<string, number> = {};
    for (const { status } of results) {
      const key = status === null ? 'error' : String(status);
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    return { target, results, statuses };
  }

  private async send(entry: LooseHarEntry, url: string, timeoutMs: number): Promise<{ status: number | null; error: string | null }> {
    const method = entry.request.method.toUpperCase();
    const headers: string[] = [];
    for (const { name, value } of entry.request.headers ?? []) {
      // HTTP/2 pseudo-headers (`:authority`) appear in browsers' HARs and are no headers at all.
      if (!name.startsWith(':') && !DROPPED.has(name.toLowerCase())) headers.push(name, value);
    }
    const body = method === 'GET' || method === 'HEAD' ? null : fromPostData(entry.request.postData);
    try {
      const response = await request(url, {
        dispatcher: this.agent,
        method,
        headers,
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await response.body.dump();
      return { status: response.statusCode, error: null };
    } catch (error) {
      const { kind, message } = classify(error);
      return { status: null, error: `${kind}: ${message}` };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/**
 * Where an entry goes: the target URL's path, then the entry's path and query. An entry a
 * Hookbench inbox captured drops its `/in/<slug>` prefix, so a HAR from one inbox replays
 * into another (or into an app) at the same sub-paths.
 */
export function replayUrl(target: URL, entryUrl: string, inboxSlug?: string): string {
  let entry: URL;
  try {
    entry = new URL(entryUrl);
  } catch {
    entry = new URL(entryUrl, 'http://relative.invalid');
  }
  let path = entry.pathname;
  const prefix = inboxSlug === undefined ? undefined : `/in/${inboxSlug}`;
  if (prefix !== undefined && (path === prefix || path.startsWith(`${prefix}/`))) path = path.slice(prefix.length);
  const joined = `${target.pathname.replace(/\/$/, '')}${path}` || '/';
  const search = [target.search.slice(1), entry.search.slice(1)].filter(Boolean).join('&');
  return `${target.origin}${joined}${search ? `?${search}` : ''}`;
}
