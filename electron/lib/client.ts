/**
 * The control API over one undici Pool (the global fetch is several times slower and shares
 * its connections with the code under test). start() and connect() both go through it, so a
 * suite behaves the same against an in-process core and a `hookbench serve`.
 */
import { Pool } from 'undici';
import { HookbenchApiError } from './errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
}

export class ControlClient {
  readonly url: string;
  private readonly pool: Pool;

  constructor(
    url: string,
    private readonly token: string,
  ) {
    this.url = new URL(url).origin;
    this.pool = new Pool(this.url);
  }

  /** Calls the control API; answers the parsed JSON, or throws HookbenchApiError. */
  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const query = Object.entries(options.query ?? {}).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
    const search = query.length ? `?${new URLSearchParams(query.map(([key, value]): [string, string] => [key, String(value)]))}` : '';
    const hasBody = options.body !== undefined;
    let response;
    try {
      response = await this.pool.request({
        method,
        path: `${path}${search}`,
        headers: { authorization: `Bearer ${this.token}`, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
        body: hasBody ? JSON.stringify(options.body) : undefined,
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) {
        throw new HookbenchApiError(`${method} ${path} was cancelled: this Hookbench was closed while it ran.`, 0, 'closed');
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new HookbenchApiError(
        `Cannot reach Hookbench's control API at ${this.url} (${reason}). Is it running? Start it with "hookbench serve", or use Hookbench.start().`,
        0,
        'unreachable',
      );
    }
    const text = await response.body.text();
    if (response.statusCode >= 400) throw apiError(method, path, response.statusCode, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Waits for requests in flight, then closes the connections. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

function apiError(method: string, path: string, status: number, text: string): HookbenchApiError {
  let detail: { code?: string; message?: string; field?: string } = {};
  try {
    detail = (JSON.parse(text) as { error?: typeof detail }).error ?? {};
  } catch {
    // Not the API's error shape (a proxy in between?): the raw text below says what happened.
  }
  const hint = status === 401 ? ' Check the token (HOOKBENCH_TOKEN, or the one `hookbench serve` printed).' : '';
  const message = `${method} ${path} answered ${status}: ${detail.message ?? text.slice(0, 200)}${hint}`;
  return new HookbenchApiError(message, status, detail.code ?? `http_${status}`, detail.field);
}
