import type { InboxResponse } from '../../../shared/schemas.js';
import type { Answer } from '../../inboxes/service.js';
import type { RequestView } from '../../inboxes/request.js';
import type { StoredSecrets } from '../../inboxes/secrets.js';
import { renderResponse } from '../../inboxes/templates.js';

/** An answer ready to write: status, flat header list (with content-length), body bytes. */
export interface ReadyAnswer {
  status: number;
  headers: string[];
  body: Buffer;
  delayMs: number;
  /** Why a template could not be rendered; the answer is then a 500 template_error. */
  error?: string;
}

/**
 * The answer for one capture. A plain response is encoded once and reused for every request;
 * only a templated one is rendered per request, reading the inbox's `secrets`.
 */
export function readyAnswer(answer: Answer, request: RequestView, secrets: StoredSecrets | undefined): ReadyAnswer {
  const { response } = answer;
  if (!response.templated) return prepared(response);
  const rendered = renderResponse(response, request, answer.field, secrets);
  if ('error' in rendered) {
    const body = JSON.stringify({ error: { code: 'template_error', message: rendered.error } });
    return { ...encode(500, [['content-type', 'application/json; charset=utf-8']], body), delayMs: 0, error: rendered.error };
  }
  return { ...encode(rendered.status, rendered.headers, rendered.body), delayMs: response.delayMs };
}

/**
 * Each plain answer (an inbox's response, a script step, a rule's response), encoded once. A
 * changed inbox gets new response objects, so this never goes stale.
 */
const preparedResponses = new WeakMap<InboxResponse, ReadyAnswer>();

function prepared(source: InboxResponse): ReadyAnswer {
  let answer = preparedResponses.get(source);
  if (!answer) {
    answer = { ...encode(source.status, Object.entries(source.headers), source.body), delayMs: source.delayMs };
    preparedResponses.set(source, answer);
  }
  return answer;
}

function encode(status: number, headers: [string, string][], body: string): Omit<ReadyAnswer, 'delayMs'> {
  const kept = headers.filter(([name]) => !/^(content-length|transfer-encoding)$/i.test(name));
  // 204 and 304 answers never carry a body (RFC 9110), whatever the inbox's body says.
  const empty = status === 204 || status === 304;
  const bytes = empty ? Buffer.alloc(0) : Buffer.from(body);
  const length = empty ? [] : ['content-length', String(bytes.length)];
  return { status, headers: [...kept.flat(), ...length], body: bytes };
}
