/**
 * The contract of the signature debugger (POST /api/requests/:id/verify). The scheme detector
 * lives here too, beside the header names it reads: it is a pure function both the server and
 * the capture detail's Signature tab use, so the tab can show the detected scheme before anyone
 * presses Verify.
 */
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './schema-kinds.js';

export const SIGNATURE_SCHEMES = ['standard-webhooks', 'github', 'stripe', 'codewars', 'none'] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

export const SCHEME_LABELS: Record<SignatureScheme, string> = {
  'standard-webhooks': 'Standard Webhooks (webhook-signature)',
  github: 'GitHub (X-Hub-Signature-256)',
  stripe: 'Stripe (Stripe-Signature)',
  codewars: 'Codewars (X-Webhook-Secret)',
  none: 'None (not signed)',
};

export const SIGNATURE_FAILURES = [
  'body_changed',
  'timestamp_outside_tolerance',
  'wrong_secret',
  'wrong_encoding',
  'missing_header',
  'malformed_header',
  /** The capture kept only the first bytes of a body over the limit: its signature cannot match. */
  'body_truncated',
  /** Scheme `none`: there is nothing to verify. */
  'not_signed',
] as const;
export type SignatureFailure = (typeof SIGNATURE_FAILURES)[number];

/** The secret used when nothing else is said: the hook that delivered the capture, if Hookbench sent it. */
export const VerifyRequest = Type.Object(
  {
    scheme: Type.Optional(StringEnum(SIGNATURE_SCHEMES)),
    secret: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    hookId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** The body as it was signed, base64: a pasted original to compare the capture with. */
    originalBody: Type.Optional(Type.String({ maxLength: 2_000_000 })),
  },
  { additionalProperties: false },
);
export type VerifyRequest = Static<typeof VerifyRequest>;

/** Both sides of the first differing byte of two bodies. */
const BodySide = Type.Object({
  /** Bytes from `from` on, as hex pairs. */
  hex: Type.String(),
  /** The same bytes as text, JSON-escaped so whitespace and control characters are visible. */
  text: Type.String(),
  size: Type.Integer(),
});

export const BODY_CHANGE_CAUSES = [
  'trailing_newline',
  'line_endings',
  'whitespace',
  'unicode_escaping',
  'json_reserialized',
  'content',
] as const;
export type BodyChangeCause = (typeof BODY_CHANGE_CAUSES)[number];

export const BodyDiff = Type.Object({
  /** Offset of the first differing byte. */
  offset: Type.Integer(),
  /** Where the shown bytes start (a little before `offset`, for context). */
  from: Type.Integer(),
  captured: BodySide,
  original: BodySide,
  cause: StringEnum(BODY_CHANGE_CAUSES),
  causeMessage: Type.String(),
});
export type BodyDiff = Static<typeof BodyDiff>;

export const SignatureDetails = Type.Object({
  /** The header the verdict is about. */
  header: Type.Optional(Type.String()),
  /** Which secret matched (e.g. `hook "Orders" (previous secret, until …)`). */
  matchedSecret: Type.Optional(Type.String()),
  /** Which of the header's signatures matched, counting from 1. */
  matchedSignature: Type.Optional(Type.Integer()),
  signatureCount: Type.Optional(Type.Integer()),
  secretsTried: Type.Optional(Type.Array(Type.String())),
  hookId: Type.Optional(Type.String()),
  timestamp: Type.Optional(Type.Integer()),
  /** Seconds between the signature's timestamp and the capture's arrival (negative: from the future). */
  ageSeconds: Type.Optional(Type.Integer()),
  toleranceSeconds: Type.Optional(Type.Integer()),
  /** wrong_encoding: what was sent versus what the scheme wants. */
  encoding: Type.Optional(Type.Object({ sent: Type.String(), expected: Type.String() })),
  /** Where the original body came from: Hookbench's own attempt log, or the caller. */
  originalSource: Type.Optional(StringEnum(['delivery', 'pasted'])),
  deliveryId: Type.Optional(Type.String()),
  attempt: Type.Optional(Type.Integer()),
  bodyDiff: Type.Optional(BodyDiff),
  /** body_changed: the secret that signs the original body, which confirms the body is what changed. */
  originalMatchedSecret: Type.Optional(Type.String()),
});
export type SignatureDetails = Static<typeof SignatureDetails>;

export const VerifyResult = Type.Object({
  scheme: StringEnum(SIGNATURE_SCHEMES),
  valid: Type.Boolean(),
  reason: Type.Optional(StringEnum(SIGNATURE_FAILURES)),
  message: Type.String(),
  details: SignatureDetails,
});
export type VerifyResult = Static<typeof VerifyResult>;

/** The scheme a request's headers say it was signed with; `none` when no known header is there. */
export function detectScheme(headers: readonly (readonly [string, string])[]): SignatureScheme {
  const names = new Set(headers.map(([name]) => name.toLowerCase()));
  const has = (...candidates: string[]) => candidates.some((name) => names.has(name));
  // Svix, the reference implementation, names the same headers `svix-*`.
  if (has('webhook-signature', 'webhook-id', 'svix-signature', 'svix-id')) return 'standard-webhooks';
  if (has('stripe-signature')) return 'stripe';
  if (has('x-hub-signature-256', 'x-hub-signature', 'x-github-event')) return 'github';
  if (has('x-webhook-secret')) return 'codewars';
  if (headers.some(([name, value]) => name.toLowerCase() === 'user-agent' && value.startsWith('Codewars'))) return 'codewars';
  return 'none';
}
