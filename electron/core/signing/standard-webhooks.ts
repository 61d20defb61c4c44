import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

/** Standard Webhooks (standardwebhooks.com), the scheme of generic hooks. */
export const SECRET_PREFIX = 'whsec_';

export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** Decoded keys, so each attempt does not decode its secret again (a KeyObject is also not copied per HMAC). */
const keys = new Map<string, KeyObject>();
const KEYS_CACHED = 1024;

function key(secret: string): KeyObject {
  let decoded = keys.get(secret);
  if (!decoded) {
    decoded = createSecretKey(Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64'));
    if (keys.size >= KEYS_CACHED) keys.clear();
    keys.set(secret, decoded);
  }
  return decoded;
}

/**
 * The three headers for one attempt: the id is stable across retries, the timestamp fresh,
 * and every secret still valid signs (space-separated), so a rotation breaks no receiver.
 */
export function standardWebhookHeaders(id: string, timestampSeconds: number, body: string, secrets: string[]): [string, string][] {
  // The signed content is `${id}.${timestamp}.${body}`, fed in two parts so the body is not copied.
  const prefix = `${id}.${timestampSeconds}.`;
  const signatures = secrets.map((secret) => `v1,${createHmac('sha256', key(secret)).update(prefix).update(body).digest('base64')}`);
  return [
    ['webhook-id', id],
    ['webhook-timestamp', String(timestampSeconds)],
    ['webhook-signature', signatures.join(' ')],
  ];
}
