import { Type, type Static } from '@sinclair/typebox';
import { generic } from './generic/index.js';
import type { ProviderDefinition } from './types.js';

/** One event type of a user's provider, as stored: its schema and a fixed sample. */
export const CustomEventType = Type.Object({
  type: Type.String(),
  name: Type.String(),
  description: Type.String(),
  schema: Type.Record(Type.String(), Type.Unknown()),
  sample: Type.Unknown(),
});
export type CustomEventType = Static<typeof CustomEventType>;

/** A provider the user brought (today: imported from an AsyncAPI document), kept in state.json. */
export const CustomProviderRecord = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  source: Type.Literal('asyncapi'),
  eventTypes: Type.Array(CustomEventType),
  createdAt: Type.String(),
});
export type CustomProviderRecord = Static<typeof CustomProviderRecord>;

// One definition per stored record: schemas keep their identity, so Ajv compiles each once.
const definitions = new WeakMap<CustomProviderRecord, ProviderDefinition>();

/**
 * A user's provider speaks the generic convention (a Standard Webhooks-signed
 * `{type, timestamp, data}` body): an AsyncAPI document describes messages, not how a
 * webhook carries them, so the catalog's own signed envelope is the honest default.
 */
export function customProviderDefinition(record: CustomProviderRecord): ProviderDefinition {
  let definition = definitions.get(record);
  if (!definition) {
    definition = {
      id: record.id,
      name: record.name,
      description: record.description,
      eventTypes: record.eventTypes.map(({ sample, ...eventType }) => ({ ...eventType, sample: () => structuredClone(sample) })),
      generatesSecret: true,
      hookDefaults: generic.hookDefaults,
      buildRequest: generic.buildRequest.bind(generic),
      signAttempt: generic.signAttempt.bind(generic),
    };
    definitions.set(record, definition);
  }
  return definition;
}
