import { clip } from './compare.js';
import type { HeaderLookup, MacScheme, ParseResult } from './types.js';

const HEADER = 'Stripe-Signature';

/**
 * Stripe: `Stripe-Signature: t=<seconds>,v1=<hex>[,v1=…]`, the HMAC-SHA256 of `${t}.${body}` keyed by
 * the whole secret as text (`whsec_` included). `v0` entries are test-mode leftovers and are ignored.
 */
export const stripe: MacScheme = {
  id: 'stripe',
  encoding: 'hex',
  toleranceSeconds: 5 * 60,

  parse(header: HeaderLookup): ParseResult {
    const value = header(HEADER);
    if (value === undefined) {
      return {
        ok: false,
        reason: 'missing_header',
        header: HEADER,
        message: `The request has no ${HEADER} header, which Stripe sends with every event.`,
      };
    }
    const pairs = value.split(',').map((item) => {
      const at = item.indexOf('=');
      return at < 0 ? ['', item] : [item.slice(0, at).trim(), item.slice(at + 1).trim()];
    });
    const timestamp = pairs.find(([name]) => name === 't')?.[1];
    const v1 = pairs.filter(([name]) => name === 'v1').map(([, signature]) => signature!);
    const problem =
      timestamp === undefined || !/^\d{1,12}$/.test(timestamp)
        ? 'it needs t=<seconds since 1970>'
        : v1.length === 0
          ? 'it carries no v1=<hex> signature'
          : undefined;
    if (problem) {
      return {
        ok: false,
        reason: 'malformed_header',
        header: HEADER,
        message: `${HEADER} is malformed: ${problem} (it reads "${clip(value)}").`,
      };
    }
    return { ok: true, value: { header: HEADER, signatures: v1, timestamp: Number(timestamp), prefix: `${timestamp}.` } };
  },

  key: (secret) => Buffer.from(secret, 'utf8'),
  mistakenKeys: () => [],
};
