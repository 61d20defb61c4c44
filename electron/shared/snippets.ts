import { Type, type Static } from '@sinclair/typebox';
import { ERROR_KINDS } from './hooks.js';
import { HeaderPairs } from './schemas.js';
import { StringEnum } from './schema-kinds.js';

/** Commands that send a capture or a delivery attempt again, byte for byte. */
export const Snippets = Type.Object({
  curl: Type.String(),
  fetch: Type.String(),
  httpie: Type.String(),
  /** A body that cannot be inline: the commands read it from `name`; `url` serves its bytes. */
  bodyFile: Type.Optional(Type.Object({ name: Type.String(), url: Type.String() })),
});
export type Snippets = Static<typeof Snippets>;

export const SnippetQuery = Type.Object(
  { target: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })) },
  { additionalProperties: false },
);

export const AttemptParams = Type.Object({ id: Type.String({ maxLength: 64 }), n: Type.Integer({ minimum: 1 }) });

export const ReplayRequest = Type.Object(
  {
    /** Where to send: this URL, then the capture's sub-path (after /in/<slug>) and query string. */
    url: Type.String({ minLength: 1, maxLength: 4096 }),
  },
  { additionalProperties: false },
);
export type ReplayRequest = Static<typeof ReplayRequest>;

export const REPLAY_BODY_CAP = 64 * 1024;

export const ReplayResult = Type.Object({
  method: Type.String(),
  /** The URL the capture was sent to. */
  url: Type.String(),
  durationMs: Type.Number(),
  response: Type.Optional(
    Type.Object({
      status: Type.Integer(),
      headers: HeaderPairs,
      /** The answer's first 64 KiB as UTF-8. */
      body: Type.String(),
      truncated: Type.Boolean(),
    }),
  ),
  error: Type.Optional(Type.Object({ kind: StringEnum(ERROR_KINDS), message: Type.String() })),
});
export type ReplayResult = Static<typeof ReplayResult>;
