/** The contract for scenarios: named sequences of related events that share ids. */
import { Type, type Static } from '@sinclair/typebox';
import { Delivery, HookEvent } from './hooks.js';

export const ScenarioStep = Type.Object(
  {
    /** An event type of the scenario's provider (or one of its aliases). */
    type: Type.String({ minLength: 1, maxLength: 200 }),
    /** A JSON template: strings may hold {{variable}}, {{variable.path}} or {{variable + N}}. */
    payload: Type.Optional(Type.Unknown()),
    /** Start from the event type's fresh sample instead of `payload`, so the rest stays realistic. */
    base: Type.Optional(Type.Literal('sample')),
    /** JSON pointers into the payload, each set to a template's value, in order. */
    set: Type.Optional(Type.Record(Type.String({ maxLength: 500 }), Type.Unknown())),
    /** How long to wait before this step fires. */
    delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
  },
  { additionalProperties: false },
);
export type ScenarioStep = Static<typeof ScenarioStep>;

const scenarioFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 2000 }),
  provider: Type.String({ minLength: 1, maxLength: 64 }),
  /** Variables generated once per run: name → generator (uuid, objectId, khanPlayer...). */
  vars: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' }), Type.String({ maxLength: 64 }))),
  steps: Type.Array(ScenarioStep, { minItems: 1, maxItems: 50 }),
  /** false fires payloads that do not match their event type's schema. */
  validate: Type.Optional(Type.Boolean()),
};

export const ScenarioInput = Type.Object(
  { id: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' }), ...scenarioFields },
  { additionalProperties: false },
);
export type ScenarioInput = Static<typeof ScenarioInput>;

/** PUT replaces a scenario: everything but its id. */
export const ScenarioUpdate = Type.Object(scenarioFields, { additionalProperties: false });
export type ScenarioUpdate = Static<typeof ScenarioUpdate>;

export const Scenario = Type.Object({ ...ScenarioInput.properties, builtIn: Type.Boolean() });
export type Scenario = Static<typeof Scenario>;

export const ScenarioRunRequest = Type.Object(
  {
    hookIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 10_000 })),
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
  },
  { additionalProperties: false },
);
export type ScenarioRunRequest = Static<typeof ScenarioRunRequest>;

export const ScenarioRunResult = Type.Object({
  runId: Type.String(),
  scenarioId: Type.String(),
  /** One event per step and target scope, in the order they fired. */
  events: Type.Array(HookEvent),
  deliveries: Type.Array(Delivery),
});
export type ScenarioRunResult = Static<typeof ScenarioRunResult>;
