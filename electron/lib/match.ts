/**
 * Matching captures against what a test expects, and saying field by field why one does not
 * match: a failed wait is only useful if it shows the nearest miss.
 */
import type { Capture } from '../shared/schemas.js';

/** A partial JSON value: objects match when every listed key matches, RegExp matches strings. */
export type JsonPattern = string | number | boolean | null | RegExp | readonly JsonPattern[] | { readonly [key: string]: JsonPattern };

/** What a capture must look like; every field given must match, the others are ignored. */
export interface CaptureMatch {
  /** Case-insensitive. */
  method?: string;
  /** The path below the inbox URL: `/orders` for `${inbox.url}/orders`, `/` for the inbox itself. */
  path?: string | RegExp;
  /** Query parameters (names case-sensitive); a parameter matches if any of its values does. */
  query?: Readonly<Record<string, string | RegExp>>;
  /** Header names are case-insensitive; a repeated header matches if any of its values does. */
  headers?: Readonly<Record<string, string | RegExp>>;
  /** A partial deep object: listed keys must match; arrays match element by element and by length. */
  json?: JsonPattern;
  /** The body as text: a string must be equal, a RegExp must match. */
  body?: string | RegExp;
}

export type CapturePredicate = (capture: Capture) => boolean;
export type Match = CaptureMatch | CapturePredicate;

/** One field of a match checked against one capture. */
export interface FieldCheck {
  /** e.g. `json.order.id`, `headers.x-signature`. */
  field: string;
  ok: boolean;
  expected: string;
  /** `missing` when the capture has no such field. */
  actual: string;
}

const MISSING = 'missing';

export function matches(capture: Capture, match: Match | undefined): boolean {
  if (match === undefined) return true;
  if (typeof match === 'function') return match(capture);
  return checkCapture(capture, match).every((check) => check.ok);
}

/** Every field of `match`, checked against `capture`. */
export function checkCapture(capture: Capture, match: CaptureMatch): FieldCheck[] {
  const checks: FieldCheck[] = [];
  if (match.method !== undefined) {
    checks.push(check('method', match.method.toUpperCase(), capture.method.toUpperCase(), (e, a) => e === a));
  }
  if (match.path !== undefined) checks.push(checkText('path', match.path, inboxPath(capture.path)));
  for (const [name, expected] of Object.entries(match.query ?? {})) {
    checks.push(checkValues(`query.${name}`, expected, valuesOf(capture.query, name, false)));
  }
  for (const [name, expected] of Object.entries(match.headers ?? {})) {
    checks.push(checkValues(`headers.${name.toLowerCase()}`, expected, valuesOf(capture.headers, name, true)));
  }
  if (match.body !== undefined) checks.push(checkText('body', match.body, bodyText(capture)));
  if (match.json !== undefined) {
    if (capture.json === undefined) {
      checks.push({
        field: 'json',
        ok: false,
        expected: show(match.json),
        actual: `no JSON body (${capture.contentType ?? 'no content-type'})`,
      });
    } else {
      checkJson('json', match.json, capture.json, checks);
    }
  }
  return checks;
}

/** The capture with the most matching fields (the newest among equals), with its checks. */
export function nearest(captures: readonly Capture[], match: CaptureMatch): { capture: Capture; checks: FieldCheck[] } | undefined {
  let best: { capture: Capture; checks: FieldCheck[]; score: number } | undefined;
  for (const capture of captures) {
    const checks = checkCapture(capture, match);
    const score = checks.filter((c) => c.ok).length;
    if (!best || score >= best.score) best = { capture, checks, score };
  }
  return best && { capture: best.capture, checks: best.checks };
}

/** A capture's path below its inbox: `/in/<slug>/orders` → `/orders`. */
export function inboxPath(path: string): string {
  return path.replace(/^\/in\/[^/]+/, '') || '/';
}

/** The body as text (a binary body is decoded as UTF-8, which is what a text pattern can mean). */
export function bodyText(capture: Capture): string {
  return capture.bodyEncoding === 'base64' ? Buffer.from(capture.body, 'base64').toString('utf8') : capture.body;
}

/** A pattern as a test author would write it, for messages. */
export function describeMatch(match: Match | undefined): string {
  if (match === undefined) return 'any capture';
  if (typeof match === 'function') return `the predicate ${match.name || '(anonymous)'}`;
  const parts = Object.entries(match)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${show(value as JsonPattern)}`);
  return `{ ${parts.join(', ')} }`;
}

function checkJson(field: string, pattern: JsonPattern, actual: unknown, checks: FieldCheck[]): void {
  if (pattern instanceof RegExp || pattern === null || typeof pattern !== 'object') {
    checks.push(check(field, pattern, actual, leafMatches));
    return;
  }
  if (isArray(pattern)) {
    if (!Array.isArray(actual)) {
      checks.push({ field, ok: false, expected: `an array of ${pattern.length}`, actual: showValue(actual) });
      return;
    }
    if (actual.length !== pattern.length) {
      checks.push({ field: `${field}.length`, ok: false, expected: String(pattern.length), actual: String(actual.length) });
    }
    pattern.forEach((item, index) => checkJson(`${field}[${index}]`, item, actual[index], checks));
    return;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
    checks.push({ field, ok: false, expected: 'an object', actual: showValue(actual) });
    return;
  }
  const record = actual as Record<string, unknown>;
  for (const [key, value] of Object.entries(pattern)) {
    const child = `${field}.${key}`;
    if (!Object.hasOwn(record, key)) checks.push({ field: child, ok: false, expected: show(value), actual: MISSING });
    else checkJson(child, value, record[key], checks);
  }
}

function isArray(pattern: JsonPattern): pattern is readonly JsonPattern[] {
  return Array.isArray(pattern);
}

function leafMatches(pattern: JsonPattern, actual: unknown): boolean {
  if (pattern instanceof RegExp) return typeof actual === 'string' && test(pattern, actual);
  return Object.is(pattern, actual);
}

function checkText(field: string, pattern: string | RegExp, actual: string): FieldCheck {
  return check(field, pattern, actual, (e, a) => (e instanceof RegExp ? test(e, a) : e === a));
}

function checkValues(field: string, pattern: string | RegExp, values: string[]): FieldCheck {
  if (values.length === 0) return { field, ok: false, expected: show(pattern), actual: MISSING };
  const ok = values.some((value) => (pattern instanceof RegExp ? test(pattern, value) : pattern === value));
  return { field, ok, expected: show(pattern), actual: values.map((value) => showValue(value)).join(', ') };
}

function check<E extends JsonPattern, A>(field: string, expected: E, actual: A, compare: (e: E, a: A) => boolean): FieldCheck {
  return { field, ok: compare(expected, actual), expected: show(expected), actual: showValue(actual) };
}

function valuesOf(pairs: readonly (readonly [string, string])[], name: string, ignoreCase: boolean): string[] {
  const wanted = ignoreCase ? name.toLowerCase() : name;
  return pairs.filter(([key]) => (ignoreCase ? key.toLowerCase() : key) === wanted).map(([, value]) => value);
}

/** A global or sticky RegExp keeps state between calls; reset it so every check starts fresh. */
function test(pattern: RegExp, value: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(value);
}

function show(pattern: JsonPattern | undefined): string {
  if (pattern instanceof RegExp) return String(pattern);
  if (pattern !== null && typeof pattern === 'object') {
    const inner = isArray(pattern)
      ? `[${pattern.map(show).join(', ')}]`
      : `{ ${Object.entries(pattern)
          .map(([key, value]) => `${key}: ${show(value)}`)
          .join(', ')} }`;
    return clip(inner);
  }
  return showValue(pattern);
}

function showValue(value: unknown): string {
  if (value === undefined) return MISSING;
  return clip(JSON.stringify(value) ?? String(value));
}

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
