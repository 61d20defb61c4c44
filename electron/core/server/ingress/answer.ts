import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { InboxResponse } from '../../../shared/answers.js';
import type { Answer, InboxService } from '../../inboxes/service.js';
import type { InboxRecord } from '../../store/state.js';
import type { RequestView } from '../../inboxes/request.js';
import type { StoredSecrets } from '../../inboxes/secrets.js';
import { renderResponse } from '../../inboxes/templates.js';

/** An answer ready to write: status, flat header list (with content-length), body bytes. */
export interface ReadyAnswer {
  status: number;
  headers: string[];
  body: Buffer;
  delayMs: number;
  /** Why the answer could not be made (a template error); the answer is then a 500 saying so. */
  error?: string;
}

/**
 * What answers one capture, chosen (a rule, a script step, the response) and made ready. Whatever
 * goes wrong here answers 500 with the reason, which the capture records: a request is never
 * lost to its answer.
 */
export function chooseAnswer(inboxes: InboxService, inbox: InboxRecord, request: RequestView): { answer?: Answer; ready: ReadyAnswer } {
  let answer: Answer | undefined;
  try {
    answer = inboxes.answer(inbox, request);
    return { answer, ready: readyAnswer(answer, request, inbox.secrets) };
  } catch (error) {
    return { answer, ready: errorAnswer('answer_error', `choosing the answer failed: ${(error as Error).message}`) };
  }
}

/**
 * The answer for one capture. A plain response is encoded once and reused for every request;
 * only a templated one is rendered per request, reading the inbox's `secrets`.
 */
function readyAnswer(answer: Answer, request: RequestView, secrets: StoredSecrets | undefined): ReadyAnswer {
  const { response } = answer;
  if (!response.templated) return prepared(response);
  const rendered = renderResponse(response, request, answer.field, secrets);
  if ('error' in rendered) return errorAnswer('template_error', rendered.error);
  return { ...encode(rendered.status, rendered.headers, rendered.body), delayMs: response.delayMs };
}

/**
 * Why Node would refuse to send one of these headers (a name that is not a token, a value with a
 * line break), or undefined. Saving refuses such headers (and rendering such values), but an
 * inbox saved before that was checked may still hold one.
 */
export function unsendableHeader(headers: [string, string][]): string | undefined {
  for (const [name, value] of headers) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch {
      return `the header "${name}" cannot be sent (a name is letters, digits and !#$%&'*+.^_\`|~-; a value has no control characters and nothing past U+00FF); correct it in the inbox's answer.`;
    }
  }
  return undefined;
}

function errorAnswer(code: string, message: string): ReadyAnswer {
  const body = JSON.stringify({ error: { code, message } });
  return { ...encode(500, [['content-type', 'application/json; charset=utf-8']], body), delayMs: 0, error: message };
}

/**
 * Each plain answer (an inbox's response, a script step, a rule's response), encoded once. A
 * changed inbox gets new response objects, so this never goes stale.
 */
const preparedResponses = new WeakMap<InboxResponse, ReadyAnswer>();

function prepared(source: InboxResponse): ReadyAnswer {
  let answer = preparedResponses.get(source);
  if (!answer) {
    const headers = Object.entries(source.headers);
    const problem = unsendableHeader(headers);
    // Saved before saving checked headers: answered as the error it is, never sent half-made.
    answer = problem ? errorAnswer('answer_error', problem) : { ...encode(source.status, headers, source.body), delayMs: source.delayMs };
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
