import { createHash } from 'node:crypto';
import type { Hook, HookEvent } from '../../../shared/hooks.js';
import type { OutgoingRequest } from '../../dispatcher/http-client.js';
import { withCustomData } from '../form.js';
import { withUserHeaders } from '../generic/index.js';
import type { DeliveryTarget } from '../types.js';

/**
 * Codewars' only convention: a POST with a JSON body, whatever method or format the hook
 * names, since a receiver tested against Hookbench should see what Codewars would send.
 * `X-Webhook-Event` is the model (`code_challenge`), the body's `action` says what happened.
 * The secret travels in plain text, and only when the user set one.
 */
export function buildCodewarsRequest(target: DeliveryTarget, event: HookEvent): OutgoingRequest {
  const headers: [string, string][] = [
    ['User-Agent', 'Codewars Hookbot'],
    ['Content-Type', 'application/json'],
    ['X-Webhook-Event', modelOf(event.type)],
  ];
  if (target.secret) headers.push(['X-Webhook-Secret', target.secret]);
  return {
    method: 'POST',
    url: target.url,
    headers: withUserHeaders(headers, target.headers),
    body: JSON.stringify(withCustomData(event.payload, target.customData)),
  };
}

/** `code_challenge.created` → `code_challenge`. */
function modelOf(type: string): string {
  return type.slice(0, type.indexOf('.'));
}

/**
 * The Codewars webhook id of a hook: an ObjectId-shaped 24 hex digits that stays the same
 * for the hook's life, its first 8 digits the hook's creation time as in a real ObjectId.
 */
export function webhookIdOf(hook: Pick<Hook, 'id' | 'createdAt'>): string {
  const seconds = Math.floor(Date.parse(hook.createdAt) / 1000);
  const created = Number.isFinite(seconds) ? seconds.toString(16).padStart(8, '0') : '00000000';
  return created + createHash('sha256').update(hook.id).digest('hex').slice(0, 16);
}
