import { forwardedHeaders } from './headers.js';

/** What a snippet reproduces: one request, its body as bytes. */
export interface SnippetRequest {
  method: string;
  url: string;
  headers: readonly (readonly [string, string])[];
  body: Buffer;
  /** The file name a command reads a body from when it cannot be written inline. */
  bodyFileName: string;
  /** The stored body was cut at the body limit: no command can send the original bytes. */
  truncated?: boolean;
}

/** Bodies above this go to a file: one shell argument may not exceed 128 KiB on Linux. */
const INLINE_LIMIT = 64 * 1024;

/**
 * A body is written inline only if it is UTF-8 text a terminal paste keeps exact: no control
 * characters but newline and tab (a pasted carriage return becomes a newline, NUL cannot be
 * in an argument at all).
 */
export function inlineBody(body: Buffer): string | undefined {
  if (body.length === 0) return '';
  if (body.length > INLINE_LIMIT) return undefined;
  const text = body.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(body)) return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) return undefined;
  return text;
}

/** The comment lines every snippet starts with: what it leaves out and why. */
export function notes(request: SnippetRequest, tool: string): string[] {
  const { dropped } = forwardedHeaders(request.headers);
  const lines: string[] = [];
  const clientSet = dropped.filter((name) => name === 'host' || name === 'content-length');
  const hop = dropped.filter((name) => name !== 'host' && name !== 'content-length');
  if (clientSet.length > 0) lines.push(`${clientSet.join(' and ')}: set by ${tool} itself from the URL and the body.`);
  if (hop.length > 0) lines.push(`left out (they describe one connection, not the request): ${hop.join(', ')}.`);
  if (request.truncated) lines.push('WARNING: the captured body was cut at the body limit; this sends only the part that was kept.');
  return lines;
}
