import type { SignatureFailure, SignatureScheme } from '../../shared/signatures.js';

/** A secret to try, with the words that name it in a verdict (`the typed secret`, `hook "Orders"`). */
export interface SecretCandidate {
  label: string;
  secret: string;
}

/** Reads a header by name, case-insensitively; the first one when a name repeats. */
export type HeaderLookup = (name: string) => string | undefined;

export function headerLookup(headers: readonly (readonly [string, string])[]): HeaderLookup {
  return (name) => headers.find(([candidate]) => candidate.toLowerCase() === name.toLowerCase())?.[1];
}

export type Encoding = 'base64' | 'hex';

/** What a scheme's headers say, once parsed. */
export interface SignedHeaders {
  /** The header carrying the signatures, named as the sender's convention names it. */
  header: string;
  /** Each signature as sent (still encoded). */
  signatures: string[];
  /** Seconds since the epoch, for schemes that sign a timestamp. */
  timestamp?: number;
  /** What the signed content holds before the body (`id.timestamp.` for Standard Webhooks). */
  prefix: string;
}

export type HeaderProblem = { reason: Extract<SignatureFailure, 'missing_header' | 'malformed_header'>; header: string; message: string };
export type ParseResult = { ok: true; value: SignedHeaders } | ({ ok: false } & HeaderProblem);

/** An HMAC-SHA256 scheme: Standard Webhooks, GitHub, Stripe. */
export interface MacScheme {
  id: Exclude<SignatureScheme, 'codewars' | 'none'>;
  /** How the digest is written in the header. */
  encoding: Encoding;
  /** Seconds a receiver accepts between the signed timestamp and arrival. */
  toleranceSeconds?: number;
  parse(header: HeaderLookup): ParseResult;
  /** The HMAC key a correct sender derives from the secret. */
  key(secret: string): Buffer;
  /** Keys a confused sender may have derived instead, and what that mistake is called. */
  mistakenKeys(secret: string): { key: Buffer; sent: string; expected: string }[];
}
