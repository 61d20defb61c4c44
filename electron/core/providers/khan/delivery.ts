import { createHash } from 'node:crypto';
import type { HookEvent } from '../../../shared/hooks.js';
import type { OutgoingRequest } from '../../dispatcher/http-client.js';
import { withUserHeaders } from '../generic/index.js';
import { withoutCredentials } from '../url-credentials.js';
import { withCustomData } from '../form.js';
import { rfc3339 } from '../samples.js';
import type { DeliveryTarget } from '../types.js';
import { codeOf } from './events.js';

/** What Khan's dispatcher (Go's net/http) sends besides the body. */
const KHAN_HEADERS: [string, string][] = [
  ['user-agent', 'Go-http-client/1.1'],
  ['content-type', 'application/json'],
];

/**
 * A delivery as Khan's dispatcher makes it (api/dispatcher.go): the payload plus `type` (the
 * event's number), `id` (a UUID v4) and `timestamp` (RFC 3339, the server's local offset); the
 * hook URL is a template filled from that body; `user:pass@` in it becomes Basic auth.
 */
export function buildKhanRequest(target: DeliveryTarget, event: HookEvent): OutgoingRequest {
  const created = new Date(event.createdAt);
  const body = {
    ...asObject(withCustomData(event.payload, target.customData)),
    type: codeOf.get(event.type) ?? -1,
    id: uuidOf(event.id),
    timestamp: rfc3339(created, -created.getTimezoneOffset()),
  };
  const { url, authorization } = withoutCredentials(interpolateUrl(target.url, body));
  const headers: [string, string][] = authorization ? [...KHAN_HEADERS, ['authorization', authorization]] : KHAN_HEADERS;
  return { method: target.method, url, headers: withUserHeaders(headers, target.headers), body: goJson(body) };
}

function asObject(payload: unknown): Record<string, unknown> {
  return payload !== null && typeof payload === 'object' && !Array.isArray(payload)
    ? (payload as Record<string, unknown>)
    : { value: payload };
}

/**
 * Khan sets one id per event, shared by every hook it reaches; deriving it from Hookbench's
 * event id keeps that (and a retry resends the same id). Shaped as a version 4 UUID.
 */
export function uuidOf(eventId: string): string {
  const bytes = createHash('sha256').update(eventId).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Fills `{{key}}` and `{{a.b.c}}` (fasttemplate's tags: everything up to the next `}}`) with
 * values of the body, escaped like Go's url.QueryEscape; a missing key gives an empty string.
 * An unclosed `{{` stays as written.
 */
export function interpolateUrl(template: string, body: Record<string, unknown>): string {
  return template.replace(/\{\{(.*?)\}\}/gs, (_tag, path: string) => queryEscape(text(lookup(body, path))));
}

function lookup(body: Record<string, unknown>, path: string): unknown {
  let item: unknown = body;
  for (const piece of path.split('.')) {
    if (item === null || typeof item !== 'object' || Array.isArray(item) || !Object.hasOwn(item, piece)) return undefined;
    item = (item as Record<string, unknown>)[piece];
  }
  return item;
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Go's url.QueryEscape: only letters, digits and `-_.~` stay; a space becomes `+`. */
export function queryEscape(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * JSON as Go's json.Marshal writes a map: keys sorted at every level, and `<`, `>`, `&`,
 * U+2028 and U+2029 escaped (they can only occur inside strings, so replacing is safe).
 */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
}
