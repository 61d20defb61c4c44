import { isUtf8 } from 'node:buffer';

export type BodyEncoding = 'utf8' | 'base64';

/** Text stays readable in storage and in the API; anything else is base64, byte-exact. */
export function encodeBody(body: Buffer): { body: string; bodyEncoding: BodyEncoding } {
  return isUtf8(body) ? { body: body.toString('utf8'), bodyEncoding: 'utf8' } : { body: body.toString('base64'), bodyEncoding: 'base64' };
}

export function decodeBody(body: string, encoding: BodyEncoding): Buffer {
  return Buffer.from(body, encoding);
}
