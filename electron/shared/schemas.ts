/**
 * The API contract: one source of truth for the server's routes, the renderer and the
 * testing library. Types are derived from these schemas, never written twice.
 */
import { Kind, Type, TypeRegistry, type Static, type TSchema } from '@sinclair/typebox';

// Two custom kinds, registered so TypeBox's own checker knows them too. A TypeBox union is an
// `anyOf`, which the response serializer checks branch by branch for every value it writes;
// these are plain JSON Schema instead.
TypeRegistry.Set<{ enum: string[] }>('StringEnum', (schema, value) => typeof value === 'string' && schema.enum.includes(value));
TypeRegistry.Set('NullableString', (_schema, value) => typeof value === 'string' || value === null);

/** A string from a fixed set, as a JSON Schema `enum`. */
export const StringEnum = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ [Kind]: 'StringEnum', type: 'string', enum: [...values] });

/** A string or null, as `type: ['string', 'null']`. */
export const NullableString = () => Type.Unsafe<string | null>({ [Kind]: 'NullableString', type: ['string', 'null'] });

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: NullableString() });

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
});

/** `:id` of any resource. */
export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const HeaderPairs = Type.Array(Type.Tuple([Type.String(), Type.String()]));
export type HeaderPairs = Static<typeof HeaderPairs>;

export const SLUG_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
export const HEADER_NAME_PATTERN = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

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

export const FORWARD_MAX_RULES = 5;

/** Where an inbox relays each new capture, byte for byte (see electron/core/forwarding). */
export const ForwardRule = Type.Object(
  { url: Type.String({ minLength: 1, maxLength: 4096 }), enabled: Type.Boolean() },
  { additionalProperties: false },
);
export type ForwardRule = Static<typeof ForwardRule>;
export const ForwardRules = Type.Array(ForwardRule, { maxItems: FORWARD_MAX_RULES });

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

export const Inbox = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  url: Type.String(),
  response: InboxResponse,
  /** When present it answers instead of `response`. */
  script: Type.Optional(InboxScript),
  /** Absent when the inbox forwards nowhere. */
  forward: Type.Optional(ForwardRules),
  /** Checked in order before the script and the response; absent when there are none. */
  rules: Type.Optional(Type.Array(InboxRule)),
  /** Named secrets templates read as `secrets.<name>`; values only from GET /api/inboxes/:id/secrets/:name. */
  secrets: Type.Optional(Type.Record(Type.String(), InboxSecretState)),
  createdAt: Type.String(),
  requestCount: Type.Integer(),
});
export type Inbox = Static<typeof Inbox>;

export const InboxCreate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    slug: Type.Optional(Type.String({ pattern: SLUG_PATTERN })),
    response: Type.Optional(Type.Partial(InboxResponse)),
    script: Type.Optional(InboxScriptInput),
    forward: Type.Optional(ForwardRules),
    rules: Type.Optional(InboxRulesInput),
    secrets: Type.Optional(InboxSecretsInput),
  },
  { additionalProperties: false },
);
export type InboxCreate = Static<typeof InboxCreate>;

/**
 * As InboxCreate; `script: null` removes the script, `forward: null` (or `[]`) every forwarding rule, `rules: null` (or `[]`)
 * every answer rule, `secrets: null` every secret.
 */
export const InboxPatch = Type.Object(
  {
    ...InboxCreate.properties,
    script: Type.Optional(Type.Union([InboxScriptInput, Type.Null()])),
    forward: Type.Optional(Type.Union([ForwardRules, Type.Null()])),
    rules: Type.Optional(Type.Union([InboxRulesInput, Type.Null()])),
    secrets: Type.Optional(Type.Union([InboxSecretsInput, Type.Null()])),
  },
  { additionalProperties: false },
);
export type InboxPatch = Static<typeof InboxPatch>;

const captureFields = {
  id: Type.String(),
  inboxId: Type.String(),
  receivedAt: Type.String(),
  method: Type.String(),
  path: Type.String(),
  contentType: NullableString(),
  remoteAddress: Type.String(),
  size: Type.Integer(),
  truncated: Type.Boolean(),
  responseStatus: Type.Integer(),
  /** Which step of the inbox's script answered (from 1); absent when no script did. */
  scriptStep: Type.Optional(Type.Integer()),
  /** The id of the inbox rule that answered; absent when none did. */
  rule: Type.Optional(Type.String()),
  /** Why a templated answer could not be rendered (the sender got 500 template_error): what failed and where. */
  answerError: Type.Optional(Type.String()),
};

/** What lists show: enough for a row, cheap to keep in memory. */
export const CaptureSummary = Type.Object(captureFields);
export type CaptureSummary = Static<typeof CaptureSummary>;

export const MultipartPart = Type.Object({
  name: Type.String(),
  filename: Type.Optional(Type.String()),
  contentType: Type.String(),
  size: Type.Integer(),
  value: Type.Optional(Type.String()),
});
export type MultipartPart = Static<typeof MultipartPart>;

export const Capture = Type.Object({
  ...captureFields,
  query: HeaderPairs,
  headers: HeaderPairs,
  body: Type.String(),
  bodyEncoding: StringEnum(['utf8', 'base64']),
  json: Type.Optional(Type.Unknown()),
  form: Type.Optional(HeaderPairs),
  multipart: Type.Optional(Type.Array(MultipartPart)),
});
export type Capture = Static<typeof Capture>;

export const WaitQuery = Type.Object({
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 300_000, default: 30_000 })),
  after: Type.Optional(Type.String({ maxLength: 64 })),
});

export const WaitResult = Type.Object({ items: Type.Array(Capture), timedOut: Type.Boolean() });
export type WaitResult = Static<typeof WaitResult>;

export const StorageNotice = Type.Object({
  at: Type.String(),
  file: Type.String(),
  problem: Type.String(),
  action: Type.String(),
});
export type StorageNotice = Static<typeof StorageNotice>;

export const Health = Type.Object({
  name: Type.Literal('hookbench'),
  version: Type.String(),
  controlUrl: Type.String(),
  ingressUrl: Type.String(),
  dataDir: Type.String(),
  uptimeMs: Type.Integer(),
  storage: Type.Object({ notices: Type.Array(StorageNotice) }),
  /** How the process is holding up: event-loop delay (p99 and max over the last 10 s window) and live event-bus listeners (SSE streams, long-poll waiters, forwarding). */
  runtime: Type.Object({
    eventLoopDelayP99Ms: Type.Number(),
    eventLoopDelayMaxMs: Type.Number(),
    busListeners: Type.Integer(),
  }),
});
export type Health = Static<typeof Health>;

/** What the core runs with: start options (`hookbench serve` flags), read-only while it runs. */
export const Settings = Type.Object({
  ingress: Type.Object({
    host: Type.String(),
    bodyLimit: Type.Integer(),
    maxUrlLength: Type.Integer(),
    maxHeaderSize: Type.Integer(),
    headersTimeoutMs: Type.Integer(),
    requestTimeoutMs: Type.Integer(),
    keepAliveTimeoutMs: Type.Integer(),
    maxConnections: Type.Integer(),
  }),
  retention: Type.Object({ maxCapturesPerInbox: Type.Integer(), maxBytesPerInbox: Type.Integer(), maxTotalBytes: Type.Integer() }),
  history: Type.Object({ maxEvents: Type.Integer(), maxDeliveries: Type.Integer() }),
  dispatch: Type.Object({ concurrency: Type.Integer(), connectionsPerOrigin: Type.Integer() }),
  sync: StringEnum(['always', 'interval', 'never']),
  /** `environment`: HOOKBENCH_TOKEN, which cannot be rotated from the API. */
  tokenSource: StringEnum(['environment', 'data-dir']),
});
export type Settings = Static<typeof Settings>;

export const TokenRotation = Type.Object({ token: Type.String() });
export type TokenRotation = Static<typeof TokenRotation>;

/** Everything the SSE stream at /api/stream can send. */
export type StreamEvent =
  | { type: 'request.captured'; data: CaptureSummary }
  | { type: 'delivery.updated'; data: import('./hooks.js').Delivery }
  | { type: 'hook.changed'; data: { change: 'created' | 'updated' | 'deleted'; hook: import('./hooks.js').Hook } }
  | { type: 'inbox.changed'; data: { change: 'created' | 'updated' | 'deleted' | 'cleared'; inbox: Inbox } }
  | { type: 'capture.forwarded'; data: import('./forwarding.js').CaptureForwarded };
