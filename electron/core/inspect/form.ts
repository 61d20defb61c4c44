import type { HeaderPairs } from '../../shared/schemas.js';

/**
 * The inverse of providers/form.ts `encodeForm`: `k[sub]=v` makes objects, `k[]=v` lists.
 * Values stay text; `coerce` turns them into what a schema expects.
 */
export function decodeForm(pairs: HeaderPairs): Record<string, unknown> {
  // Field names come from strangers (a capture's query or form): on objects without a
  // prototype, `__proto__[polluted]=1` is an ordinary field and never reaches Object.prototype.
  const root: Record<string, unknown> = Object.create(null);
  for (const [name, value] of pairs) {
    const keys = parseKey(name);
    let node: Record<string, unknown> | unknown[] = root;
    keys.forEach((key, index) => {
      const last = index === keys.length - 1;
      const nextIsList = keys[index + 1] === '';
      if (Array.isArray(node)) {
        if (last) node.push(value);
        else {
          // `a[][b]=1` opens a new element each time; enough for what Kazoo sends.
          const child: Record<string, unknown> | unknown[] = nextIsList ? [] : Object.create(null);
          node.push(child);
          node = child;
        }
        return;
      }
      if (last) {
        node[key] = value;
        return;
      }
      const existing = node[key];
      const child: Record<string, unknown> | unknown[] =
        existing !== null && typeof existing === 'object'
          ? (existing as Record<string, unknown>)
          : nextIsList
            ? []
            : (Object.create(null) as Record<string, unknown>);
      node[key] = child;
      node = child;
    });
  }
  return root;
}

/** `a[b][]` → ['a', 'b', '']. */
function parseKey(name: string): string[] {
  const open = name.indexOf('[');
  if (open <= 0 || !name.endsWith(']')) return [name];
  return [name.slice(0, open), ...name.slice(open + 1, -1).split('][')];
}

type Schema = Record<string, unknown>;

function typesOf(schema: Schema): string[] {
  const own = schema['type'];
  const listed = typeof own === 'string' ? [own] : Array.isArray(own) ? own.filter((item): item is string => typeof item === 'string') : [];
  const alternatives = [schema['anyOf'], schema['oneOf']].flatMap((list) => (Array.isArray(list) ? (list as Schema[]) : []));
  return [...listed, ...alternatives.flatMap(typesOf)];
}

/** Form text as the schema's types: "12" for an integer, "true" for a boolean, "" for null. */
export function coerce(schema: unknown, value: unknown): unknown {
  if (schema === null || typeof schema !== 'object') return value;
  const node = schema as Schema;
  if (typeof value === 'string') {
    const types = typesOf(node);
    if (types.includes('string')) return value;
    if ((types.includes('integer') || types.includes('number')) && value.trim() !== '' && Number.isFinite(Number(value)))
      return Number(value);
    if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
    if (types.includes('null') && value === '') return null;
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => coerce(node['items'], item));
  if (value !== null && typeof value === 'object') {
    const properties = (node['properties'] ?? {}) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        coerce((Object.hasOwn(properties, key) ? properties[key] : undefined) ?? node['additionalProperties'], item),
      ]),
    );
  }
  return value;
}
