/**
 * The API contract: one source of truth for the server's routes, the renderer and the
 * testing library. Types are derived from these schemas, never written twice.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  InboxResponse,
  InboxScript,
  InboxScriptInput,
  InboxRule,
  InboxRulesInput,
  InboxSecretState,
  InboxSecretsInput,
} from './answers.js';
import { StringEnum, NullableString } from './schema-kinds.js';

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

export const FORWARD_MAX_RULES = 5;

/** Where an inbox relays each new capture, byte for byte (see electron/core/forwarding). */
export const ForwardRule = Type.Object(
  { url: Type.String({ minLength: 1, maxLength: 4096 }), enabled: Type.Boolean() },
  { additionalProperties: false },
);
export type ForwardRule = Static<typeof ForwardRule>;
export const ForwardRules = Type.Array(ForwardRule, { maxItems: FORWARD_MAX_RULES });

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
  /**
   * How the process is holding up: event-loop delay (p99 and max over the last 10 s window), live
   * event-bus listeners (SSE streams, long-poll waiters, forwarding), and the deliveries whose
   * traffic counts are remembered (at most what the delivery history keeps; 0 until statistics are asked for).
   */
  runtime: Type.Object({
    eventLoopDelayP99Ms: Type.Number(),
    eventLoopDelayMaxMs: Type.Number(),
    busListeners: Type.Integer(),
    countedDeliveries: Type.Integer(),
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
