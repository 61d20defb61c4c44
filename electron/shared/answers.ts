/** The inbox answer contract: responses (plain or templated), scripts, rules and their conditions, secrets. */
import { Type, type Static } from '@sinclair/typebox';
import { HEADER_NAME_PATTERN, NullableString, StringEnum } from './schema-kinds.js';

export const InboxResponse = Type.Object({
  status: Type.Integer({ minimum: 200, maximum: 599 }),
  headers: Type.Record(Type.String({ pattern: HEADER_NAME_PATTERN }), Type.String({ maxLength: 8192 })),
  body: Type.String({ maxLength: 1_048_576 }),
  delayMs: Type.Integer({ minimum: 0, maximum: 30_000 }),
  /** Header values, the body and `statusTemplate` are Liquid templates over the request (absent: plain text). */
  templated: Type.Optional(Type.Boolean()),
  /** With `templated`: a template that renders the status (200..599), answered instead of `status`. */
  statusTemplate: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type InboxResponse = Static<typeof InboxResponse>;

export const SCRIPT_MAX_STEPS = 100;
export const SCRIPT_THEN = ['repeat', 'last'] as const;

/** Answers an inbox gives in turn, one step per capture; `then` says what follows the last step. */
export const InboxScript = Type.Object({
  steps: Type.Array(InboxResponse, { minItems: 1, maxItems: SCRIPT_MAX_STEPS }),
  then: StringEnum(SCRIPT_THEN),
});
export type InboxScript = Static<typeof InboxScript>;

/** A script as sent: a step's missing fields come from the inbox's response; `then` defaults to `last`. */
export const InboxScriptInput = Type.Object(
  {
    steps: Type.Array(Type.Partial(InboxResponse, { additionalProperties: false }), { minItems: 1, maxItems: SCRIPT_MAX_STEPS }),
    then: Type.Optional(StringEnum(SCRIPT_THEN)),
  },
  { additionalProperties: false },
);
export type InboxScriptInput = Static<typeof InboxScriptInput>;

export const RULES_MAX = 50;

/** One test on a named header, query parameter or JSON value: exactly one of equals, contains, present. */
export const RuleCondition = Type.Object(
  {
    /** A header or query parameter name, or a JSON path like `event.type`, `items[0].id` (`$.` optional). */
    name: Type.String({ minLength: 1, maxLength: 200 }),
    equals: Type.Optional(Type.String({ maxLength: 8192 })),
    contains: Type.Optional(Type.String({ minLength: 1, maxLength: 8192 })),
    present: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type RuleCondition = Static<typeof RuleCondition>;

const RuleConditions = Type.Array(RuleCondition, { maxItems: 20 });

/** What a request must be for a rule to answer it; every condition given must hold. */
export const RuleMatch = Type.Object(
  {
    /** Any of these methods. */
    method: Type.Optional(Type.Array(Type.String({ pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$" }), { maxItems: 20 })),
    /** A glob over the path after /in/<slug>: `*` within a segment, `**` across segments, `/` the inbox root. */
    path: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    headers: Type.Optional(RuleConditions),
    query: Type.Optional(RuleConditions),
    json: Type.Optional(RuleConditions),
  },
  { additionalProperties: false },
);
export type RuleMatch = Static<typeof RuleMatch>;

/** A rule as stored: the first enabled rule that matches a request answers it. */
export const InboxRule = Type.Object({
  id: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  match: RuleMatch,
  response: InboxResponse,
  /** The handshake preset that added it (GET /api/handshakes). */
  preset: Type.Optional(Type.String()),
});
export type InboxRule = Static<typeof InboxRule>;

/** A rule as sent: the response's missing fields come from the inbox's response; id, name and enabled have defaults. */
export const InboxRuleInput = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    enabled: Type.Optional(Type.Boolean()),
    match: Type.Optional(RuleMatch),
    response: Type.Optional(Type.Partial(InboxResponse, { additionalProperties: false })),
    preset: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type InboxRuleInput = Static<typeof InboxRuleInput>;
export const InboxRulesInput = Type.Array(InboxRuleInput, { maxItems: RULES_MAX });

export const SECRETS_MAX = 20;
/** Bytes of one secret's value. */
export const SECRET_VALUE_MAX = 4096;
/** Like an identifier, starting with a letter (so never `__proto__`): templates read it as `secrets.<name>`. */
export const SECRET_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,63}$';

/** What answers show of an inbox secret: whether it has a value, never the value. */
export const InboxSecretState = Type.Object({ set: Type.Boolean() }, { additionalProperties: false });
export type InboxSecretState = Static<typeof InboxSecretState>;

/**
 * Secrets as sent, by name: a value sets it; `{set}` (what answers show) keeps the current value
 * (or names a secret still without one); null removes it. Names left out are kept.
 */
export const InboxSecretsInput = Type.Record(
  Type.String({ pattern: SECRET_NAME_PATTERN }),
  Type.Union([Type.String({ minLength: 1, maxLength: SECRET_VALUE_MAX }), InboxSecretState, Type.Null()]),
  { additionalProperties: false },
);
export type InboxSecretsInput = Static<typeof InboxSecretsInput>;

/** GET /api/inboxes/:id/secrets/:name: one secret's value (null while it has none). */
export const InboxSecretValue = Type.Object({ name: Type.String(), value: NullableString() });
export type InboxSecretValue = Static<typeof InboxSecretValue>;
