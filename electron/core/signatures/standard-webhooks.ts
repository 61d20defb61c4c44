import type { HeaderLookup, MacScheme, ParseResult } from './types.js';

const PREFIX = 'whsec_';

/**
 * Standard Webhooks (standardwebhooks.com): `webhook-signature: v1,<base64>` (several, space-separated,
 * during a rotation) over `${webhook-id}.${webhook-timestamp}.${body}`, keyed by the base64 after `whsec_`.
 * Svix, its reference implementation, sends the same headers named `svix-*`.
 */
export const standardWebhooks: MacScheme = {
  id: 'standard-webhooks',
  encoding: 'base64',
  toleranceSeconds: 5 * 60,

  parse(header: HeaderLookup): ParseResult {
    const family =
      header('webhook-signature') === undefined && header('webhook-id') === undefined && header('svix-id') ? 'svix' : 'webhook';
    const name = (field: string) => `${family}-${field}`;
    for (const field of ['signature', 'id', 'timestamp']) {
      if (header(name(field)) === undefined) {
        return {
          ok: false,
          reason: 'missing_header',
          header: name(field),
          message: `The request has no ${name(field)} header: Standard Webhooks senders send webhook-id, webhook-timestamp and webhook-signature together.`,
        };
      }
    }
    const id = header(name('id'))!;
    const timestamp = header(name('timestamp'))!.trim();
    if (!/^\d{1,12}$/.test(timestamp)) {
      return {
        ok: false,
        reason: 'malformed_header',
        header: name('timestamp'),
        message: `${name('timestamp')} is "${timestamp}", not whole seconds since 1970 (e.g. ${Math.floor(Date.now() / 1000)}).`,
      };
    }
    const entries = header(name('signature'))!.split(' ').filter(Boolean);
    const v1 = entries.filter((entry) => entry.startsWith('v1,')).map((entry) => entry.slice(3));
    if (v1.length === 0) {
      const shape = entries.some((entry) => entry.includes(','))
        ? 'it carries no v1 signature (Hookbench checks v1, the HMAC-SHA256 one)'
        : 'each signature must be written "v1,<base64>"';
      return { ok: false, reason: 'malformed_header', header: name('signature'), message: `${name('signature')} is malformed: ${shape}.` };
    }
    return { ok: true, value: { header: name('signature'), signatures: v1, timestamp: Number(timestamp), prefix: `${id}.${timestamp}.` } };
  },

  key: (secret) => Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64'),

  // The usual slip: the secret's text used as the key instead of the bytes its base64 stands for.
  mistakenKeys: (secret) => {
    const text = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
    return [
      { key: Buffer.from(secret, 'utf8'), sent: 'key: the secret as text', expected: 'key: the base64-decoded bytes after whsec_' },
      ...(text !== secret
        ? [{ key: Buffer.from(text, 'utf8'), sent: 'key: the text after whsec_', expected: 'key: the base64-decoded bytes after whsec_' }]
        : []),
    ];
  },
};
