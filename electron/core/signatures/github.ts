import { clip } from './compare.js';
import type { HeaderLookup, MacScheme, ParseResult } from './types.js';

const HEADER = 'X-Hub-Signature-256';

/** GitHub: `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the raw body keyed by the secret's UTF-8 bytes. */
export const github: MacScheme = {
  id: 'github',
  encoding: 'hex',

  parse(header: HeaderLookup): ParseResult {
    const value = header(HEADER);
    if (value === undefined) {
      const sha1 = header('X-Hub-Signature') !== undefined ? ' Only the legacy SHA-1 X-Hub-Signature is there; check the SHA-256 one.' : '';
      return {
        ok: false,
        reason: 'missing_header',
        header: HEADER,
        message: `The request has no ${HEADER} header: GitHub sends it only when the webhook has a secret.${sha1}`,
      };
    }
    if (!value.startsWith('sha256=')) {
      return {
        ok: false,
        reason: 'malformed_header',
        header: HEADER,
        message: `${HEADER} must read "sha256=<hex digest>"; it reads "${clip(value)}".`,
      };
    }
    return { ok: true, value: { header: HEADER, signatures: [value.slice('sha256='.length)], prefix: '' } };
  },

  key: (secret) => Buffer.from(secret, 'utf8'),
  mistakenKeys: () => [],
};
