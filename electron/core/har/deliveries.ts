import type { Attempt, Delivery } from '../../shared/hooks.js';
import { isCredentialHeader, urlPassword, withPassword } from '../credentials.js';
import { headerValue, nameValues, toPostData } from './body.js';
import { NO_CACHE, timings } from './log.js';
import type { HarEntry, HarResponse } from './schema.js';

/**
 * A HAR file is made to be passed around, so, like Chrome's sanitized HAR export, it holds
 * `[secret]` in place of a hook's credentials and a receiver's session cookies unless asked.
 */
export const WITHHELD = '[secret]';

export interface DeliveryHarOptions {
  /** Credential headers as sent, rather than `[secret]`. */
  secrets: boolean;
}

/** Every attempt of every delivery as one HAR entry each, oldest first. */
export function deliveryEntries(deliveries: Delivery[], options: DeliveryHarOptions): HarEntry[] {
  return deliveries
    .flatMap((delivery) => delivery.attempts.map((attempt) => attemptEntry(delivery, options.secrets ? attempt : withheld(attempt))))
    .sort((a, b) => (a.startedDateTime < b.startedDateTime ? -1 : a.startedDateTime > b.startedDateTime ? 1 : 0));
}

/** The attempt with its credential headers' values replaced. */
function withheld(attempt: Attempt): Attempt {
  const hide = (headers: [string, string][], secret: (name: string) => boolean): [string, string][] =>
    headers.map(([name, value]) => [name, secret(name) ? WITHHELD : value]);
  const { request, response } = attempt;
  const url = urlPassword(request.url) ? withPassword(request.url, WITHHELD) : request.url;
  return {
    ...attempt,
    request: { ...request, url, headers: hide(request.headers, isCredentialHeader) },
    ...(response ? { response: { ...response, headers: hide(response.headers, (name) => name.toLowerCase() === 'set-cookie') } } : {}),
  };
}

function attemptEntry(delivery: Delivery, attempt: Attempt): HarEntry {
  const { request } = attempt;
  const body = Buffer.from(request.body, 'utf8');
  const sendsBody = request.method !== 'GET' && request.method !== 'HEAD';
  const postData = sendsBody ? toPostData(body, headerValue(request.headers, 'content-type')) : undefined;
  let search = '';
  try {
    search = new URL(request.url).search;
  } catch {
    // A URL stored before the target policy refused it may not parse; the entry still shows it.
  }
  return {
    startedDateTime: attempt.startedAt,
    time: Math.max(0, attempt.durationMs),
    request: {
      method: request.method,
      url: request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nameValues(request.headers),
      queryString: nameValues([...new URLSearchParams(search)]),
      ...(postData ? { postData } : {}),
      headersSize: -1,
      bodySize: sendsBody ? body.length : 0,
    },
    response: attemptResponse(attempt),
    cache: NO_CACHE,
    timings: timings(attempt.durationMs),
    _hookbenchId: delivery.id,
    comment: `delivery ${delivery.id}, attempt ${attempt.n}${delivery.hookId ? `, hook ${delivery.hookId}` : ''}, event ${delivery.eventId}`,
  };
}

function attemptResponse(attempt: Attempt): HarResponse {
  const base = { statusText: '', cookies: [], redirectURL: '', headersSize: -1 };
  const { response, error } = attempt;
  if (!response) {
    // HAR has no field for a failed exchange: status 0 and Chrome's custom `_error`.
    return {
      ...base,
      status: 0,
      httpVersion: '',
      headers: [],
      content: { size: 0, mimeType: 'x-unknown' },
      bodySize: -1,
      _error: error?.message ?? 'no answer was recorded',
      ...(error ? { _errorKind: error.kind } : {}),
    };
  }
  const size = Buffer.byteLength(response.body);
  return {
    ...base,
    status: response.status,
    httpVersion: 'HTTP/1.1',
    headers: nameValues(response.headers),
    content: {
      size,
      mimeType: headerValue(response.headers, 'content-type') ?? 'x-unknown',
      text: response.body,
      ...(response.truncated ? { comment: 'Only the start of the answer was kept.' } : {}),
    },
    bodySize: size,
  };
}
