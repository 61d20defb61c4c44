import { safeEqual } from './compare.js';
import type { HeaderLookup, HeaderProblem, SecretCandidate } from './types.js';

export const CODEWARS_HEADER = 'X-Webhook-Secret';

/**
 * Codewars signs nothing: it sends the shared secret itself in `X-Webhook-Secret`. Verifying is
 * comparing it with the secret (in constant time), and the body is not covered at all.
 */
export function checkCodewars(
  header: HeaderLookup,
  candidates: SecretCandidate[],
): ({ ok: false } & HeaderProblem) | { ok: true; matched: SecretCandidate | undefined } {
  const sent = header(CODEWARS_HEADER);
  if (sent === undefined) {
    return {
      ok: false,
      reason: 'missing_header',
      header: CODEWARS_HEADER,
      message: `The request has no ${CODEWARS_HEADER} header: Codewars sends it only when the webhook has a secret set in its settings.`,
    };
  }
  const matched = candidates.find((candidate) => safeEqual(Buffer.from(sent, 'utf8'), Buffer.from(candidate.secret, 'utf8')));
  return { ok: true, matched };
}
