import { readFile } from 'node:fs/promises';
import { Pool } from 'undici';
import type { StreamEvent } from '../shared/schemas.js';
import type { ServerTarget } from './options.js';
import { SseReader } from '../shared/sse.js';

/** A problem a client command reports in one line, then exits 1. */
export class ClientError extends Error {}

interface ApiProblem {
  code?: string;
  message: string;
}

/** The command that lists what an error's code says was not found, in place of the API route its message names. */
const LISTED_BY: Record<string, string> = {
  provider_not_found: 'Run "hookbench providers" to list them.',
  unknown_event_type: 'Run "hookbench providers" for the catalog.',
  scenario_not_found: 'Run "hookbench scenarios" to list them.',
};

function forTheCommandLine(problem: ApiProblem | undefined): string | undefined {
  const hint = problem?.code ? LISTED_BY[problem.code] : undefined;
  if (!problem || !hint) return problem?.message;
  const sentences = problem.message.split(/(?<=\.) /).filter((sentence) => !sentence.includes('/api/'));
  return [...sentences, hint].join(' ');
}

/** Nothing listens at the server's URL (as opposed to a server that refused what it was sent). */
export class NoServerError extends ClientError {}

/** The control API of a running Hookbench, for the client commands (providers, fire). */
export class ControlClient {
  private constructor(
    readonly url: string,
    private readonly token: string,
    private readonly pool: Pool,
  ) {}

  /** Resolves once the server answered with this token; rejects with what to do otherwise. */
  static async connect(target: ServerTarget): Promise<ControlClient> {
    // Without a token the server is still asked, so "no server" and "no token" are told apart.
    const token = 'value' in target.token ? target.token.value : await readToken(target.token.file).catch((error: ClientError) => error);
    const client = new ControlClient(target.url, typeof token === 'string' ? token : '', new Pool(target.url, { connections: 8 }));
    try {
      await client.request('GET', '/api/health');
    } catch (error) {
      await client.close();
      throw token instanceof ClientError && !(error instanceof NoServerError) ? token : error;
    }
    return client;
  }

  async request<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response;
    try {
      response = await this.pool.request({
        method,
        path,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new NoServerError(`No Hookbench server answers at ${this.url} (${code}). Start one with "hookbench serve", or pass --server.`);
    }
    const text = await response.body.text();
    let answer: { error?: ApiProblem };
    try {
      answer = text ? (JSON.parse(text) as { error?: ApiProblem }) : {};
    } catch {
      throw new ClientError(
        `The server at ${this.url} answered ${response.statusCode} with something other than JSON: is it a Hookbench control URL?`,
      );
    }
    if (response.statusCode === 401) {
      throw new ClientError(
        `The server at ${this.url} refused the token. Set HOOKBENCH_TOKEN, or --data-dir to that server's data folder.`,
      );
    }
    if (response.statusCode >= 400) throw new ClientError(forTheCommandLine(answer.error) ?? `The server answered ${response.statusCode}.`);
    return answer as T;
  }

  /** Follows /api/stream; `onEvent` sees every event until the returned function is called. */
  async stream(onEvent: (event: StreamEvent) => void): Promise<() => void> {
    const response = await this.pool.request({ method: 'GET', path: '/api/stream', headers: { authorization: `Bearer ${this.token}` } });
    const reader = new SseReader();
    response.body.on('data', (chunk: Buffer) => {
      for (const event of reader.push(chunk.toString())) onEvent(event as StreamEvent);
    });
    response.body.on('error', () => {});
    return () => response.body.destroy();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

async function readToken(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    throw new ClientError(`No token: set HOOKBENCH_TOKEN, or --data-dir to the running server's data folder (looked in ${file}).`);
  }
}
