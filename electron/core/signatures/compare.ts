import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Encoding } from './types.js';

const DIGEST_BYTES = 32;

/** Equal in time that does not depend on where the values differ; hashing first evens out lengths too. */
export function safeEqual(a: Buffer, b: Buffer): boolean {
  const digest = (value: Buffer) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function hmac(key: Buffer, prefix: string, body: Buffer): Buffer {
  return createHmac('sha256', key).update(prefix).update(body).digest();
}

/** A SHA-256 digest written in `encoding`, or undefined when the text is not one. */
export function decodeDigest(text: string, encoding: Encoding): Buffer | undefined {
  if (encoding === 'hex') return /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : undefined;
  // URL-safe base64 decodes too (Node accepts both alphabets); anything else is not a digest.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === DIGEST_BYTES ? bytes : undefined;
}

export const otherEncoding = (encoding: Encoding): Encoding => (encoding === 'hex' ? 'base64' : 'hex');

/** A header value short enough to quote in a message. */
export const clip = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max)}…` : text);
