import type { StoredCapture } from '../store/captures.js';
import { headerValue, nameValues, toPostData } from './body.js';
import { NO_CACHE, timings } from './log.js';
import type { HarEntry } from './schema.js';

/**
 * One captured request as a HAR entry. The request is exactly what arrived (headers in order,
 * duplicates kept, raw query string in the URL); the response holds the status the inbox
 * answered, which is all a capture records of its answer.
 */
export function captureEntry(record: StoredCapture, body: Buffer, ingressUrl: string, inboxSlug: string | undefined): HarEntry {
  const url = `${ingressUrl}${record.path}${record.search ? `?${record.search}` : ''}`;
  const postData = toPostData(body, record.contentType ?? headerValue(record.headers, 'content-type'));
  const entry: HarEntry = {
    startedDateTime: record.receivedAt,
    time: 0,
    request: {
      method: record.method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nameValues(record.headers),
      queryString: nameValues([...new URLSearchParams(record.search)]),
      ...(postData ? { postData } : {}),
      headersSize: -1,
      bodySize: record.size,
    },
    response: {
      status: record.responseStatus,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'x-unknown', comment: 'Hookbench records the status an inbox answered, not its body.' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: NO_CACHE,
    timings: timings(0),
    _hookbenchId: record.id,
  };
  if (inboxSlug !== undefined) entry._hookbenchInbox = inboxSlug;
  if (record.truncated) {
    entry._truncated = true;
    entry.comment = `The body was over the limit: ${record.size} bytes arrived, only the first ${body.length} were kept.`;
  }
  return entry;
}
