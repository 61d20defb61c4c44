import type { Capture } from '../../shared/schemas.js';
import { decodeForm } from './form.js';

/** What a capture looks like: a provider's event of some type, and the part its schema describes. */
export interface Detected {
  provider: string;
  /** The type as the capture names it (an alias, such as Khan's `3`, is resolved by the catalog). */
  type: string;
  /** The payload as the event type's schema describes it (the envelope or wrapper removed). */
  payload: unknown;
  /** Where `payload` sits in the body, so problems point into what was captured. */
  at: string;
  /** Form and query values are text: they are coerced to what the schema expects before checking. */
  text: boolean;
}

type Detector = (capture: Capture) => Detected | undefined;

function header(capture: Capture, name: string): string | undefined {
  return capture.headers.find(([candidate]) => candidate.toLowerCase() === name)?.[1];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Codewars: `X-Webhook-Event` names the model, the body's `action` what happened. */
const codewars: Detector = (capture) => {
  const model = header(capture, 'x-webhook-event');
  if (!model || header(capture, 'user-agent') !== 'Codewars Hookbot' || !isObject(capture.json)) return undefined;
  const action = typeof capture.json['action'] === 'string' ? capture.json['action'] : '';
  return { provider: 'codewars', type: `${model}.${action}`, payload: capture.json, at: '', text: false };
};

/** Kazoo: X-Hook-ID and X-Account-ID; the payload is JSON, a form, or (http_verb get) the query string. */
const kazoo: Detector = (capture) => {
  if (!header(capture, 'x-hook-id') || !header(capture, 'x-account-id')) return undefined;
  const json = isObject(capture.json);
  const payload = json ? capture.json : capture.form ? decodeForm(capture.form) : decodeForm(capture.query);
  if (!isObject(payload)) return undefined;
  // Only `object` events carry no hook_event; theirs say which document changed and how.
  const type = typeof payload['hook_event'] === 'string' ? payload['hook_event'] : 'object';
  return { provider: 'kazoo', type, payload, at: '', text: !json };
};

/** Hookbench's generic convention: Standard Webhooks headers and a `{type, timestamp, data}` envelope. */
const generic: Detector = (capture) => {
  const body = capture.json;
  if (!header(capture, 'webhook-id') || !isObject(body)) return undefined;
  if (typeof body['type'] !== 'string' || !('timestamp' in body) || !('data' in body)) return undefined;
  return { provider: 'generic', type: body['type'], payload: body['data'], at: '/data', text: false };
};

/**
 * ChallengeMe: an `eventName`, sent by axios with `Authorization: token …` (the literal word), or
 * without it when the team set no token.
 */
const challengeme: Detector = (capture) => {
  const sentBy = /^token /i.test(header(capture, 'authorization') ?? '') || /^axios\//.test(header(capture, 'user-agent') ?? '');
  const body = capture.json;
  if (!sentBy || !isObject(body) || typeof body['eventName'] !== 'string') return undefined;
  return { provider: 'challengeme', type: body['eventName'], payload: body, at: '', text: false };
};

/** Khan: a JSON object its dispatcher gave an integer `type` (0..12), an `id` and a `timestamp`. */
const khan: Detector = (capture) => {
  const body = capture.json;
  if (!isObject(body) || !Number.isInteger(body['type']) || !('id' in body) || !('timestamp' in body)) return undefined;
  const code = body['type'] as number;
  if (code < 0 || code > 12) return undefined;
  // The schemas describe the handler's payload, before the dispatcher added these three.
  const { type: _type, id: _id, timestamp: _timestamp, ...payload } = body;
  return { provider: 'khan', type: String(code), payload, at: '', text: false };
};

/** Vyte: an array holding one action object. */
const vyte: Detector = (capture) => {
  const body = capture.json;
  if (!Array.isArray(body) || body.length !== 1 || !isObject(body[0]) || typeof body[0]['action'] !== 'string') return undefined;
  return { provider: 'vyte', type: body[0]['action'], payload: body[0], at: '/0', text: false };
};

/** Most telling first: headers a provider alone sends, then body shapes. */
const DETECTORS: Detector[] = [codewars, kazoo, generic, challengeme, khan, vyte];

export function detect(capture: Capture): Detected | undefined {
  for (const detector of DETECTORS) {
    const found = detector(capture);
    if (found) return found;
  }
  return undefined;
}
