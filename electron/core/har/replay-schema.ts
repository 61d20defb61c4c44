import { Type, type Static } from '@sinclair/typebox';
import { NullableString } from '../../shared/schema-kinds.js';

/**
 * What replay reads of a HAR: only what it sends. Objects stay open, since HAR files from
 * browsers and proxies carry many fields (and custom ones) that replay has no use for.
 */
const LooseHarRequest = Type.Object({
  method: Type.String({ minLength: 1, maxLength: 32 }),
  url: Type.String({ minLength: 1 }),
  headers: Type.Optional(Type.Array(Type.Object({ name: Type.String(), value: Type.String() }))),
  postData: Type.Optional(
    Type.Object({
      mimeType: Type.Optional(Type.String()),
      text: Type.Optional(Type.String()),
      encoding: Type.Optional(Type.String()),
      _encoding: Type.Optional(Type.String()),
      params: Type.Optional(Type.Array(Type.Object({ name: Type.String(), value: Type.Optional(Type.String()) }))),
    }),
  ),
});

export const LooseHar = Type.Object({
  log: Type.Object({
    entries: Type.Array(Type.Object({ request: LooseHarRequest, _hookbenchInbox: Type.Optional(Type.String()) }), { maxItems: 10_000 }),
  }),
});
export type LooseHar = Static<typeof LooseHar>;
export type LooseHarEntry = LooseHar['log']['entries'][number];

export const HarReplayRequest = Type.Object(
  {
    har: LooseHar,
    /** Where to send: each entry's path is appended to this URL's path. */
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    /** Or an inbox of this Hookbench, by slug (its URL on the ingress). */
    inboxSlug: Type.Optional(Type.String({ maxLength: 64 })),
    /** Per request (default 30 s). */
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 120_000 })),
  },
  { additionalProperties: false },
);
export type HarReplayRequest = Static<typeof HarReplayRequest>;

export const ReplayedRequest = Type.Object({
  index: Type.Integer(),
  method: Type.String(),
  url: Type.String(),
  /** null when no answer came (see `error`). */
  status: Type.Union([Type.Integer(), Type.Null()]),
  error: NullableString(),
});
export type ReplayedRequest = Static<typeof ReplayedRequest>;

export const HarReplayResult = Type.Object({
  target: Type.String(),
  results: Type.Array(ReplayedRequest),
  /** How many requests got each status; `error` counts those with no answer. */
  statuses: Type.Record(Type.String(), Type.Integer()),
});
export type HarReplayResult = Static<typeof HarReplayResult>;
