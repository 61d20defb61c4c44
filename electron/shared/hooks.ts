/** The contract for hooks, events and deliveries (see schemas.ts for inboxes and captures). */
import { Type, type Static } from '@sinclair/typebox';
import { HeaderPairs } from './schemas.js';
import { NullableString, StringEnum } from './schema-kinds.js';

export const HTTP_METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const;
export const RETRY_PRESETS = ['exponential', 'standard-webhooks', 'none'] as const;

export const RetryPolicy = Type.Object({
  /** Named schedule; `custom` means `schedule` was given explicitly. */
  preset: StringEnum([...RETRY_PRESETS, 'custom']),
  /** Milliseconds to wait after each failed attempt; its length is the number of retries. */
  schedule: Type.Array(Type.Integer({ minimum: 0, maximum: 7 * 24 * 3600_000 }), { maxItems: 20 }),
});
export type RetryPolicy = Static<typeof RetryPolicy>;

/** A named preset or the user's own delays: one of the two. */
export const RetryInput = Type.Object(
  { preset: Type.Optional(StringEnum(RETRY_PRESETS)), schedule: Type.Optional(RetryPolicy.properties.schedule) },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);

export const PreviousSecret = Type.Object({ secret: Type.String(), expiresAt: Type.String() });

const hookFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  url: Type.String({ minLength: 1, maxLength: 4096 }),
  provider: Type.String({ minLength: 1, maxLength: 64 }),
  events: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 200 }),
  method: StringEnum(HTTP_METHODS),
  format: StringEnum(['json', 'form']),
  headers: Type.Record(Type.String(), Type.String({ maxLength: 8192 })),
  customData: Type.Record(Type.String(), Type.Unknown()),
  timeoutMs: Type.Integer({ minimum: 100, maximum: 120_000 }),
  enabled: Type.Boolean(),
  /** Disable the hook after this many failed attempts in a row (0: never). */
  autoDisableAfter: Type.Integer({ minimum: 0, maximum: 1000 }),
  providerOptions: Type.Record(Type.String(), Type.Unknown()),
};

export const Hook = Type.Object({
  id: Type.String(),
  ...hookFields,
  secret: Type.String(),
  /** Secrets still signing during a rotation window. */
  previousSecrets: Type.Array(PreviousSecret),
  retry: RetryPolicy,
  disabledReason: Type.Optional(Type.String()),
  consecutiveFailures: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Hook = Static<typeof Hook>;

export const HookCreate = Type.Object(
  {
    url: hookFields.url,
    name: Type.Optional(hookFields.name),
    provider: Type.Optional(hookFields.provider),
    events: Type.Optional(hookFields.events),
    method: Type.Optional(hookFields.method),
    format: Type.Optional(hookFields.format),
    headers: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 8192 }))),
    customData: Type.Optional(hookFields.customData),
    secret: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    retry: Type.Optional(RetryInput),
    timeoutMs: Type.Optional(hookFields.timeoutMs),
    enabled: Type.Optional(hookFields.enabled),
    autoDisableAfter: Type.Optional(hookFields.autoDisableAfter),
    providerOptions: Type.Optional(hookFields.providerOptions),
  },
  { additionalProperties: false },
);
export type HookCreate = Static<typeof HookCreate>;

/** As HookCreate, every field optional; `secret: null` removes a secret the provider does not require. */
export const HookPatch = Type.Composite(
  [
    Type.Partial(Type.Omit(HookCreate, ['secret'])),
    Type.Object({ secret: Type.Optional(Type.Union([HookCreate.properties.secret, Type.Null()])) }),
  ],
  { additionalProperties: false },
);
export type HookPatch = Static<typeof HookPatch>;

export const RotateSecret = Type.Object(
  {
    secret: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    /** How long the old secret keeps signing beside the new one (default 24 h). */
    overlapMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 * 24 * 3600_000 })),
  },
  { additionalProperties: false },
);

export const EventType = Type.Object({
  type: Type.String(),
  name: Type.String(),
  description: Type.String(),
  schema: Type.Record(Type.String(), Type.Unknown()),
  sample: Type.Unknown(),
  /** User-defined types can be changed and deleted; built-in ones cannot. */
  custom: Type.Boolean(),
  /** Other names the provider accepts for this type (Khan's numbers, renamed actions). */
  aliases: Type.Optional(Type.Array(Type.String())),
});
export type EventType = Static<typeof EventType>;

export const EventTypeInput = Type.Object(
  {
    type: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    schema: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    sample: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type EventTypeInput = Static<typeof EventTypeInput>;

export const Provider = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  eventTypes: Type.Array(EventType),
  /** What a new hook of this provider starts with. */
  hookDefaults: Type.Object({
    method: StringEnum(HTTP_METHODS),
    format: StringEnum(['json', 'form']),
    timeoutMs: Type.Integer(),
    retry: RetryPolicy,
    generatesSecret: Type.Boolean(),
  }),
  /** JSON Schema of the provider's own hook fields (`providerOptions`). */
  hookOptions: Type.Record(Type.String(), Type.Unknown()),
  /** How hooks are scoped (a Khan game, a Kazoo account): the option that holds it. */
  scope: Type.Union([Type.Object({ option: Type.String(), label: Type.String() }), Type.Null()]),
  /** The emulated registration API's base URL on the ingress, if the provider has one. */
  emulatorUrl: NullableString(),
  /** Tokens the emulator accepts; empty means any non-empty token. */
  acceptedTokens: Type.Array(Type.String()),
});
export type Provider = Static<typeof Provider>;

export const HookEvent = Type.Object({
  id: Type.String(),
  provider: Type.String(),
  type: Type.String(),
  payload: Type.Unknown(),
  createdAt: Type.String(),
});
export type HookEvent = Static<typeof HookEvent>;

export const FireRequest = Type.Object(
  {
    provider: Type.String({ minLength: 1, maxLength: 64 }),
    type: Type.String({ minLength: 1, maxLength: 200 }),
    payload: Type.Optional(Type.Unknown()),
    hookIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 10_000 })),
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    /** false sends a payload even if it does not match the event type's schema. */
    validate: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type FireRequest = Static<typeof FireRequest>;

export const ERROR_KINDS = ['dns', 'connect', 'refused', 'blocked', 'timeout', 'tls', 'reset', 'http'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const SentRequest = Type.Object({
  method: Type.String(),
  url: Type.String(),
  headers: HeaderPairs,
  body: Type.String(),
});
export type SentRequest = Static<typeof SentRequest>;

export const Attempt = Type.Object({
  n: Type.Integer(),
  startedAt: Type.String(),
  durationMs: Type.Number(),
  request: SentRequest,
  response: Type.Optional(Type.Object({ status: Type.Integer(), headers: HeaderPairs, body: Type.String(), truncated: Type.Boolean() })),
  error: Type.Optional(Type.Object({ kind: StringEnum(ERROR_KINDS), message: Type.String() })),
  /** The capture this attempt became, when it reached one of Hookbench's inboxes (read from the answer's x-hookbench-capture-id). */
  captureId: Type.Optional(Type.String()),
});
export type Attempt = Static<typeof Attempt>;

export const DELIVERY_STATUSES = ['pending', 'sending', 'succeeded', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const Delivery = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  hookId: NullableString(),
  url: Type.String(),
  status: StringEnum(DELIVERY_STATUSES),
  attempts: Type.Array(Attempt),
  nextAttemptAt: Type.Optional(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Delivery = Static<typeof Delivery>;

export const FireResult = Type.Object({ event: HookEvent, deliveries: Type.Array(Delivery) });
export type FireResult = Static<typeof FireResult>;

export const DeliveryQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  /** A `nextCursor` from the page before: an id, so a typo is refused rather than read as the first page. */
  cursor: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z]+_[0-9a-z]{16}$' })),
  hookId: Type.Optional(Type.String({ maxLength: 64 })),
  eventId: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(StringEnum(DELIVERY_STATUSES)),
});

export const ProviderSettings = Type.Object(
  {
    /** Tokens the emulated registration API accepts; empty accepts any non-empty token. */
    acceptedTokens: Type.Array(Type.String({ minLength: 1, maxLength: 512 }), { maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type ProviderSettings = Static<typeof ProviderSettings>;

/** A payload to check against an event type's schema without firing it. */
export const PayloadCheck = Type.Object({ payload: Type.Unknown() }, { additionalProperties: false });

/** Where (a JSON pointer into the payload, '' for the whole) and why it does not match; empty when it does. */
export const PayloadProblems = Type.Object({
  /** The event type's id (an alias given in the path is resolved). */
  type: Type.String(),
  problems: Type.Array(Type.Object({ pointer: Type.String(), reason: Type.String() })),
});
export type PayloadProblems = Static<typeof PayloadProblems>;
