import { randomUUID } from 'node:crypto';
import { isSchemaObject } from './schema.js';

/**
 * A payload that fits a JSON Schema, for messages whose document gives no example: the
 * schema's own examples, defaults and enums first, then a plain value of the right type and
 * format. Every declared property is filled in (not only the required ones), so the sample
 * shows the whole shape of the message.
 */
export function sampleOf(schema: unknown, depth = 0): unknown {
  if (!isSchemaObject(schema) || depth > 8) return null;
  if ('const' in schema) return schema['const'];
  const examples = schema['examples'];
  if (Array.isArray(examples) && examples.length > 0) return examples[0];
  if ('example' in schema) return schema['example'];
  if ('default' in schema) return schema['default'];
  const choices = schema['enum'];
  if (Array.isArray(choices) && choices.length > 0) return choices[0];
  const branch = firstOf(schema['oneOf']) ?? firstOf(schema['anyOf']);
  if (branch !== undefined) return sampleOf(branch, depth + 1);
  const allOf = schema['allOf'];
  if (Array.isArray(allOf) && allOf.length > 0) return mergeAll(schema, allOf, depth);

  switch (typeOf(schema)) {
    case 'object':
      return objectSample(schema, depth);
    case 'array': {
      const minItems = typeof schema['minItems'] === 'number' ? schema['minItems'] : 1;
      const items = Array.isArray(schema['items']) ? schema['items'][0] : schema['items'];
      if (items === undefined) return [];
      return Array.from({ length: Math.max(1, Math.min(minItems, 10)) }, () => sampleOf(items, depth + 1));
    }
    case 'string':
      return stringSample(schema);
    case 'integer':
    case 'number':
      return numberSample(schema);
    case 'boolean':
      return true;
    default:
      return null;
  }
}

function firstOf(list: unknown): unknown {
  return Array.isArray(list) && list.length > 0 ? list[0] : undefined;
}

function typeOf(schema: Record<string, unknown>): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((each) => each !== 'null') ?? 'null';
  if (isSchemaObject(schema['properties'])) return 'object';
  if (schema['items'] !== undefined) return 'array';
  return undefined;
}

function objectSample(schema: Record<string, unknown>, depth: number): Record<string, unknown> {
  const properties = isSchemaObject(schema['properties']) ? schema['properties'] : {};
  const required = Array.isArray(schema['required']) ? schema['required'].filter((name) => typeof name === 'string') : [];
  const sample: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) sample[name] = sampleOf(property, depth + 1);
  for (const name of required) if (!(name in sample)) sample[name] = null;
  return sample;
}

function mergeAll(schema: Record<string, unknown>, parts: unknown[], depth: number): unknown {
  const { allOf: _ignored, ...own } = schema;
  const samples = [own, ...parts].map((part) => sampleOf(part, depth + 1));
  if (!samples.every((sample) => isSchemaObject(sample) || sample === null)) return samples.find((sample) => sample !== null) ?? null;
  return Object.assign({}, ...samples.filter(isSchemaObject));
}

function stringSample(schema: Record<string, unknown>): string {
  const now = new Date().toISOString();
  const byFormat: Record<string, string> = {
    'date-time': now,
    date: now.slice(0, 10),
    time: now.slice(11, 19) + 'Z',
    email: 'jane.doe@example.com',
    'idn-email': 'jane.doe@example.com',
    uri: 'https://example.com/',
    url: 'https://example.com/',
    'uri-reference': 'https://example.com/',
    iri: 'https://example.com/',
    uuid: randomUUID(),
    hostname: 'example.com',
    ipv4: '192.0.2.1',
    ipv6: '2001:db8::1',
  };
  const format = typeof schema['format'] === 'string' ? schema['format'] : '';
  let value = byFormat[format] ?? 'string';
  const minLength = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const maxLength = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
  if (value.length < minLength) value = value.padEnd(Math.min(minLength, 10_000), 'x');
  return value.slice(0, maxLength);
}

function numberSample(schema: Record<string, unknown>): number {
  const number = (key: string) => (typeof schema[key] === 'number' ? schema[key] : undefined);
  const exclusiveMinimum = number('exclusiveMinimum');
  let value = number('minimum') ?? (exclusiveMinimum === undefined ? 0 : exclusiveMinimum + 1);
  const maximum = number('maximum') ?? number('exclusiveMaximum');
  // Between two bounds, the middle reads more like a real reading than the lower edge.
  if (maximum !== undefined) value = value > maximum ? maximum : (value + maximum) / 2;
  return schema['type'] === 'integer' ? Math.ceil(value) : value;
}
