/**
 * AsyncAPI schema objects are a JSON Schema superset: this keeps the JSON Schema, dropping
 * extension keys (`x-…`, including the parser's own `x-parser-schema-id`) and cutting
 * recursive schemas, which the parser resolves into object cycles that cannot be stored as JSON.
 */

type SchemaObject = Record<string, unknown>;

/** Keywords whose value is a map of names to subschemas (the names are data, not keywords). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
/** Keywords whose value is one subschema (`items` may also be a list, in older drafts). */
const SCHEMA_ONE = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
]);

export function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function cleanSchema(schema: unknown): SchemaObject {
  const cleaned = clean(schema, new Set());
  return isSchemaObject(cleaned) ? cleaned : {};
}

function clean(schema: unknown, ancestors: Set<object>): unknown {
  if (typeof schema === 'boolean') return schema;
  // A cycle: the recursive part accepts anything rather than recursing forever.
  if (!isSchemaObject(schema) || ancestors.has(schema)) return {};
  ancestors.add(schema);
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-')) continue;
    if (SCHEMA_MAPS.has(key) && isSchemaObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, clean(sub, ancestors)]));
    } else if ((SCHEMA_LISTS.has(key) || key === 'items') && Array.isArray(value)) {
      out[key] = value.map((sub) => clean(sub, ancestors));
    } else if (SCHEMA_ONE.has(key)) {
      out[key] = clean(value, ancestors);
    } else {
      out[key] = plainData(value);
    }
  }
  ancestors.delete(schema);
  return out;
}

/** Examples, enums and defaults as plain JSON data (a cycle becomes null). */
export function plainData(value: unknown, ancestors = new Set<object>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) return null;
  ancestors.add(value);
  const copy = Array.isArray(value)
    ? value.map((item) => plainData(item, ancestors))
    : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainData(item, ancestors)]));
  ancestors.delete(value);
  return copy;
}
