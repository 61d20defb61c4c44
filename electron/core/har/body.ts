import { isUtf8 } from 'node:buffer';
import type { HarNameValue, HarPostData } from './schema.js';

/**
 * A body as HAR `postData`, byte-exact: UTF-8 text as `text`; anything else as base64 in `text`
 * with the custom `_encoding: 'base64'` (HAR 1.2 defines `encoding` on response content only).
 * An empty body has no postData at all.
 */
export function toPostData(body: Buffer, contentType: string | null): HarPostData | undefined {
  if (body.length === 0) return undefined;
  const mimeType = contentType ?? 'application/octet-stream';
  return isUtf8(body) ? { mimeType, text: body.toString('utf8') } : { mimeType, text: body.toString('base64'), _encoding: 'base64' };
}

/** What any HAR writer may have put in postData (ours, Chrome's, Firefox's, hand-written). */
export interface LoosePostData {
  text?: string | undefined;
  encoding?: string | undefined;
  _encoding?: string | undefined;
  params?: { name: string; value?: string | undefined }[] | undefined;
}

/** The bytes a postData stands for: base64 when `_encoding` or `encoding` says so, else UTF-8 text. */
export function fromPostData(postData: LoosePostData | undefined): Buffer {
  if (!postData) return Buffer.alloc(0);
  const encoding = postData._encoding ?? postData.encoding;
  if (postData.text !== undefined) return Buffer.from(postData.text, encoding === 'base64' ? 'base64' : 'utf8');
  // Only params (some writers do this for forms): re-encode them as a urlencoded body.
  if (postData.params)
    return Buffer.from(new URLSearchParams(postData.params.map((p): [string, string] => [p.name, p.value ?? ''])).toString());
  return Buffer.alloc(0);
}

export const nameValues = (pairs: readonly (readonly [string, string])[]): HarNameValue[] =>
  pairs.map(([name, value]) => ({ name, value }));

export const headerValue = (pairs: readonly (readonly [string, string])[], name: string): string | null =>
  pairs.find(([candidate]) => candidate.toLowerCase() === name)?.[1] ?? null;
