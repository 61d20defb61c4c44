import type { HookEvent } from '../../../shared/hooks.js';
import type { OutgoingRequest } from '../../dispatcher/http-client.js';
import { standardWebhookHeaders } from '../../signing/standard-webhooks.js';
import { VERSION } from '../../version.js';
import { retryPolicy } from '../../dispatcher/retry.js';
import { uuid } from '../samples.js';
import { encodeForm, withCustomData } from '../form.js';
import type { DeliveryTarget, ProviderDefinition } from '../types.js';
import { withoutCredentials } from '../url-credentials.js';

const pingSchema = {
  type: 'object',
  properties: { message: { type: 'string' }, nonce: { type: 'string', format: 'uuid' } },
  required: ['message'],
};

/**
 * Hookbench's own convention for hooks that follow no provider: a `{type, timestamp, data}`
 * JSON body signed with Standard Webhooks. Users add their own event types over the API.
 */
export const generic: ProviderDefinition = {
  id: 'generic',
  name: 'Generic',
  description:
    'Your own events: a {type, timestamp, data} body signed with Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).',
  eventTypes: [
    {
      type: 'ping',
      name: 'Ping',
      description: 'A test event that checks a receiver is reachable and verifies signatures.',
      schema: pingSchema,
      sample: () => ({ message: 'Hello from Hookbench', nonce: uuid() }),
    },
  ],
  generatesSecret: true,
  hookDefaults: { method: 'POST', format: 'json', timeoutMs: 15_000, retry: retryPolicy({ preset: 'exponential' }) },

  buildRequest(target: DeliveryTarget, event: HookEvent): OutgoingRequest {
    const envelope = { type: event.type, timestamp: event.createdAt, data: withCustomData(event.payload, target.customData) };
    const { url: plainUrl, authorization } = withoutCredentials(target.url);
    const baseHeaders: [string, string][] = [['user-agent', `Hookbench/${VERSION}`]];
    if (authorization) baseHeaders.push(['authorization', authorization]);
    if (target.method === 'GET') {
      const url = new URL(plainUrl);
      url.search = [url.search.slice(1), encodeForm(envelope)].filter(Boolean).join('&');
      return { method: 'GET', url: url.toString(), headers: withUserHeaders(baseHeaders, target.headers), body: '' };
    }
    const json = target.format === 'json';
    const contentType = json ? 'application/json' : 'application/x-www-form-urlencoded';
    return {
      method: target.method,
      url: plainUrl,
      headers: withUserHeaders([...baseHeaders, ['content-type', contentType]], target.headers),
      body: json ? jsonBody(event, target.customData, envelope) : encodeForm(envelope),
    };
  },

  signAttempt(target, request, deliveryId, nowMs) {
    const secrets = signingSecrets(target, nowMs);
    if (secrets.length === 0) return [];
    return standardWebhookHeaders(deliveryId, Math.floor(nowMs / 1000), request.body, secrets);
  },
};

/**
 * Hooks without custom data all get the same JSON body for an event: a fan-out builds it once,
 * and its deliveries share one string instead of holding a copy each until they are done.
 */
const plainBodies = new WeakMap<HookEvent, string>();

function jsonBody(event: HookEvent, customData: Record<string, unknown>, envelope: unknown): string {
  if (Object.keys(customData).length > 0) return JSON.stringify(envelope);
  let body = plainBodies.get(event);
  if (body === undefined) {
    body = JSON.stringify(envelope);
    plainBodies.set(event, body);
  }
  return body;
}

/** The hook's own headers win over the defaults of the same name. */
export function withUserHeaders(defaults: [string, string][], user: Record<string, string>): [string, string][] {
  if (Object.keys(user).length === 0) return defaults;
  const overridden = new Set(Object.keys(user).map((name) => name.toLowerCase()));
  return [...defaults.filter(([name]) => !overridden.has(name.toLowerCase())), ...Object.entries(user)];
}

/** The current secret, plus rotated-out ones still inside their overlap window. */
export function signingSecrets(target: DeliveryTarget, nowMs: number): string[] {
  if (target.previousSecrets.length === 0) return target.secret ? [target.secret] : [];
  const previous = target.previousSecrets.filter((old) => Date.parse(old.expiresAt) > nowMs).map((old) => old.secret);
  return [target.secret, ...previous].filter(Boolean);
}
