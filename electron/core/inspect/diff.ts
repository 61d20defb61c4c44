import type { CaptureDiff } from '../../shared/inspect.js';
import type { Capture, HeaderPairs } from '../../shared/schemas.js';

/** A diff of two large bodies could be huge; the first differences tell the story. */
export const MAX_DIFFERENCES = 500;

type HeaderChange = CaptureDiff['headers'][number];
type JsonChange = NonNullable<CaptureDiff['json']>[number];

/** Repeated headers joined as one value (RFC 9110's list form), by lower-case name. */
function headerMap(pairs: HeaderPairs): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const before = map.get(key);
    map.set(key, before === undefined ? value : `${before}, ${value}`);
  }
  return map;
}

/** Headers compared by name whatever their case or order. */
export function diffHeaders(a: HeaderPairs, b: HeaderPairs): HeaderChange[] {
  const left = headerMap(a);
  const right = headerMap(b);
  const names = [...new Set([...left.keys(), ...right.keys()])].sort();
  const changes: HeaderChange[] = [];
  for (const name of names) {
    const va = left.get(name) ?? null;
    const vb = right.get(name) ?? null;
    if (va === vb) continue;
    changes.push({ name, a: va, b: vb, change: va === null ? 'added' : vb === null ? 'removed' : 'changed' });
  }
  return changes;
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Leaves that differ, by JSON pointer; arrays compared index by index. */
export function diffJson(a: unknown, b: unknown, path = '', out: JsonChange[] = []): JsonChange[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
      const child = `${path}/${index}`;
      if (index >= b.length) out.push({ path: child, a: a[index], b: null, change: 'removed' });
      else if (index >= a.length) out.push({ path: child, a: null, b: b[index], change: 'added' });
      else diffJson(a[index], b[index], child, out);
    }
    return out;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const child = `${path}/${escape(key)}`;
      if (!Object.hasOwn(b, key)) out.push({ path: child, a: a[key], b: null, change: 'removed' });
      else if (!Object.hasOwn(a, key)) out.push({ path: child, a: null, b: b[key], change: 'added' });
      else diffJson(a[key], b[key], child, out);
    }
    return out;
  }
  // Different kinds (object vs list, number vs string) or different scalars: one change here.
  if (a !== b) out.push({ path, a, b, change: 'changed' });
  return out;
}

function firstDifference(a: Buffer, b: Buffer): number | null {
  const shorter = Math.min(a.length, b.length);
  for (let index = 0; index < shorter; index += 1) if (a[index] !== b[index]) return index;
  return a.length === b.length ? null : shorter;
}

/** Two captures side by side: headers, JSON bodies by path, and the raw bodies' first differing byte. */
export function diffCaptures(a: Capture, bodyA: Buffer, b: Capture, bodyB: Buffer): CaptureDiff {
  const headers = diffHeaders(a.headers, b.headers);
  const json = a.json !== undefined && b.json !== undefined ? diffJson(a.json, b.json) : null;
  const differing = firstDifference(bodyA, bodyB);
  const omitted = Math.max(0, headers.length - MAX_DIFFERENCES) + Math.max(0, (json?.length ?? 0) - MAX_DIFFERENCES);
  return {
    headers: headers.slice(0, MAX_DIFFERENCES),
    json: json && json.slice(0, MAX_DIFFERENCES),
    omitted,
    body: { equal: differing === null, firstDifference: differing, sizeA: bodyA.length, sizeB: bodyB.length },
  };
}
