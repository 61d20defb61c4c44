import { request } from 'undici';
import type { Capture } from '../../electron/shared/schemas.js';
import type { TestCore } from './core.js';

export interface TestInbox {
  id: string;
  /** Where to send: http://127.0.0.1:<ingress>/in/<slug>. */
  url: string;
  /** Waits for the next `count` captures (oldest first); fails after 10 s without them. */
  next(count?: number): Promise<Capture[]>;
}

/** A fresh inbox for one test, and a way to wait for what reaches it. */
export async function newInbox(core: TestCore, slug: string): Promise<TestInbox> {
  const { status, body } = await core.api('POST', '/api/inboxes', { slug });
  if (status !== 201) throw new Error(`creating inbox ${slug}: ${status} ${JSON.stringify(body)}`);
  let after = '';
  return {
    id: body.id,
    url: body.url,
    async next(count = 1) {
      const { body: result } = await core.api('GET', `/api/inboxes/${body.id}/requests/wait?count=${count}&timeoutMs=10000&after=${after}`);
      if (result.timedOut) throw new Error(`expected ${count} capture(s) at ${slug}, got ${result.items.length}`);
      after = result.items.at(-1).id;
      return result.items;
    },
  };
}

/** The first value of a captured header, by case-insensitive name. */
export function header(capture: Capture, name: string): string | undefined {
  return capture.headers.find(([candidate]) => candidate.toLowerCase() === name.toLowerCase())?.[1];
}

export interface IngressResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: any;
}

/**
 * A call to the ingress (where the emulated provider APIs live), made the way a provider's
 * own client library would: `body` is sent as given when a string, else as JSON.
 */
export async function ingressCall(
  core: TestCore,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<IngressResponse> {
  const raw = options.body === undefined || typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers = { ...(typeof options.body === 'object' ? { 'content-type': 'application/json' } : {}), ...options.headers };
  const response = await request(`${core.ingressUrl}${path}`, { method: method as 'GET', headers, body: raw as string | undefined });
  const text = await response.body.text();
  const isJson = String(response.headers['content-type'] ?? '').includes('json');
  return { status: response.statusCode, headers: response.headers, body: isJson && text ? JSON.parse(text) : text };
}
