import type { SignatureDetails, SignatureScheme, VerifyResult } from '../../shared/signatures.js';
import { diffBodies } from './body-diff.js';
import { checkCodewars } from './codewars.js';
import { decodeDigest, hmac, otherEncoding, safeEqual } from './compare.js';
import { github } from './github.js';
import { standardWebhooks } from './standard-webhooks.js';
import { stripe } from './stripe.js';
import { headerLookup, type MacScheme, type SecretCandidate, type SignedHeaders } from './types.js';

export const MAC_SCHEMES: Record<MacScheme['id'], MacScheme> = { 'standard-webhooks': standardWebhooks, github, stripe };

export interface VerifyInput {
  scheme: SignatureScheme;
  headers: readonly (readonly [string, string])[];
  /** The body as captured. */
  body: Buffer;
  /** Secrets to try, in order (a hook's current secret before its previous ones). */
  candidates: SecretCandidate[];
  /** The body as it was signed, when known: it tells a changed body from a wrong secret. */
  originalBody?: Buffer | undefined;
  /** When the capture arrived: a timestamp's age is judged as the receiver saw it, not now. */
  receivedAtMs: number;
  /** The capture kept only the first bytes of the body. */
  truncated?: boolean;
}

/** The verdict on one request's signature: pure, so every failure cause is unit-testable. */
export function verifySignature(input: VerifyInput): VerifyResult {
  const { scheme } = input;
  const header = headerLookup(input.headers);
  if (scheme === 'none') {
    return {
      scheme,
      valid: false,
      reason: 'not_signed',
      message:
        'Nothing to verify: this request carries no Standard Webhooks, GitHub, Stripe or Codewars signature header. Pick a scheme if it should have one.',
      details: {},
    };
  }
  if (scheme === 'codewars') {
    const checked = checkCodewars(header, input.candidates);
    if (!checked.ok) return { scheme, valid: false, reason: checked.reason, message: checked.message, details: { header: checked.header } };
    if (checked.matched) {
      return {
        scheme,
        valid: true,
        message: `X-Webhook-Secret equals ${checked.matched.label}. (Codewars sends the secret itself: it proves the sender knows it, not that the body is unchanged.)`,
        details: { header: 'X-Webhook-Secret', matchedSecret: checked.matched.label },
      };
    }
    return wrongSecret(scheme, { header: 'X-Webhook-Secret', secretsTried: labels(input.candidates) }, 'X-Webhook-Secret is not');
  }
  return verifyMac(MAC_SCHEMES[scheme], input, header);
}

function verifyMac(scheme: MacScheme, input: VerifyInput, header: ReturnType<typeof headerLookup>): VerifyResult {
  const id = scheme.id;
  const parsed = scheme.parse(header);
  if (!parsed.ok) return { scheme: id, valid: false, reason: parsed.reason, message: parsed.message, details: { header: parsed.header } };
  const signed = parsed.value;
  const base: SignatureDetails = { header: signed.header, signatureCount: signed.signatures.length };
  const age = timestampAge(scheme, signed, input.receivedAtMs);
  const late = age && Math.abs(age.ageSeconds) > age.toleranceSeconds ? age : undefined;
  const match = findMatch(scheme, signed, input.candidates, input.body);

  if (match) {
    const details = { ...base, ...age, matchedSecret: match.candidate.label, matchedSignature: match.index + 1 };
    if (late) {
      return {
        scheme: id,
        valid: false,
        reason: 'timestamp_outside_tolerance',
        message: `${describeAge(late.ageSeconds)}; receivers reject beyond ${late.toleranceSeconds / 60} minutes. The signature itself matches ${match.candidate.label}: this is a replay or the sender's clock is off.`,
        details,
      };
    }
    const which = signed.signatures.length > 1 ? `signature ${match.index + 1} of ${signed.signatures.length}` : 'The signature';
    return { scheme: id, valid: true, message: `${capitalize(which)} matches ${match.candidate.label}.`, details };
  }

  if (input.originalBody && !input.originalBody.equals(input.body)) {
    const bodyDiff = diffBodies(input.body, input.originalBody)!;
    const original = findMatch(scheme, signed, input.candidates, input.originalBody);
    const confirmed = original ? ` The original body does verify with ${original.candidate.label}, so the body is what changed.` : '';
    return {
      scheme: id,
      valid: false,
      reason: 'body_changed',
      message: `The body differs from the one that was signed, from byte ${bodyDiff.offset} on. ${bodyDiff.causeMessage}${confirmed}`,
      details: { ...base, ...age, bodyDiff, ...(original ? { originalMatchedSecret: original.candidate.label } : {}) },
    };
  }
  if (late) {
    return {
      scheme: id,
      valid: false,
      reason: 'timestamp_outside_tolerance',
      message: `${describeAge(late.ageSeconds)}; receivers reject beyond ${late.toleranceSeconds / 60} minutes (and the signature does not match any secret tried either).`,
      details: { ...base, ...age, secretsTried: labels(input.candidates) },
    };
  }
  const misencoded = findMisencoding(scheme, signed, input.candidates, input.body);
  if (misencoded) {
    return {
      scheme: id,
      valid: false,
      reason: 'wrong_encoding',
      message: `The signature was made with ${misencoded.candidate.label} but written wrongly: ${misencoded.sent} where ${id} wants ${misencoded.expected}.`,
      details: {
        ...base,
        ...age,
        matchedSecret: misencoded.candidate.label,
        encoding: { sent: misencoded.sent, expected: misencoded.expected },
      },
    };
  }
  if (!signed.signatures.some((signature) => decodeDigest(signature, scheme.encoding))) {
    return {
      scheme: id,
      valid: false,
      reason: 'malformed_header',
      message: `${signed.header} holds no ${scheme.encoding} SHA-256 digest (${scheme.encoding === 'hex' ? '64 hex digits' : '44 base64 characters'}).`,
      details: base,
    };
  }
  if (input.truncated) {
    return {
      scheme: id,
      valid: false,
      reason: 'body_truncated',
      message:
        'This capture kept only the first part of a body over the inbox body limit, so no signature over the whole body can match it.',
      details: base,
    };
  }
  const unchanged = input.originalBody ? ' The body is exactly the one that was signed, so only the secret can be wrong.' : '';
  return wrongSecret(
    id,
    { ...base, ...age, secretsTried: labels(input.candidates) },
    `no signature in ${signed.header} matches`,
    unchanged,
  );
}

function findMatch(scheme: MacScheme, signed: SignedHeaders, candidates: SecretCandidate[], body: Buffer) {
  const sent = signed.signatures.map((signature) => decodeDigest(signature, scheme.encoding));
  for (const candidate of candidates) {
    const expected = hmac(scheme.key(candidate.secret), signed.prefix, body);
    const index = sent.findIndex((digest) => digest !== undefined && safeEqual(digest, expected));
    if (index >= 0) return { candidate, index };
  }
  return undefined;
}

/** The right secret, written wrong: the other digest encoding, or a key derived the wrong way. */
function findMisencoding(scheme: MacScheme, signed: SignedHeaders, candidates: SecretCandidate[], body: Buffer) {
  const other = otherEncoding(scheme.encoding);
  const asOther = signed.signatures.map((signature) => decodeDigest(signature, other));
  const asSent = signed.signatures.map((signature) => decodeDigest(signature, scheme.encoding));
  for (const candidate of candidates) {
    const expected = hmac(scheme.key(candidate.secret), signed.prefix, body);
    if (asOther.some((digest) => digest && safeEqual(digest, expected))) {
      return { candidate, sent: `a ${other} digest`, expected: `a ${scheme.encoding} digest` };
    }
    for (const mistake of scheme.mistakenKeys(candidate.secret)) {
      const wrong = hmac(mistake.key, signed.prefix, body);
      if (asSent.some((digest) => digest && safeEqual(digest, wrong))) return { candidate, sent: mistake.sent, expected: mistake.expected };
    }
  }
  return undefined;
}

function timestampAge(scheme: MacScheme, signed: SignedHeaders, receivedAtMs: number) {
  if (signed.timestamp === undefined || scheme.toleranceSeconds === undefined) return undefined;
  return {
    timestamp: signed.timestamp,
    ageSeconds: Math.round(receivedAtMs / 1000 - signed.timestamp),
    toleranceSeconds: scheme.toleranceSeconds,
  };
}

function describeAge(ageSeconds: number): string {
  const span = duration(Math.abs(ageSeconds));
  return ageSeconds >= 0
    ? `The timestamp was ${span} old when the request arrived`
    : `The timestamp was ${span} in the future when the request arrived`;
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

function wrongSecret(scheme: SignatureScheme, details: SignatureDetails, lead: string, extra = ''): VerifyResult {
  const tried = (details.secretsTried ?? []).join(' or ') || 'any secret tried';
  return {
    scheme,
    valid: false,
    reason: 'wrong_secret',
    message: `Wrong secret: ${lead} ${tried}.${extra} The header is well-formed, so the sender uses another secret: compare it with the sender's settings (after a rotation, the sender may still use the old one).`,
    details,
  };
}

const labels = (candidates: SecretCandidate[]) => candidates.map((candidate) => candidate.label);
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
