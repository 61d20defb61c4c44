/**
 * HAR 1.2 as JSON Schema, written from the spec (http://www.softwareishard.com/blog/har-12-spec/).
 * Every object is closed, except for custom fields, which the spec allows when their names start
 * with an underscore. The few custom fields Hookbench writes are declared, so their types show.
 * Exports are checked against it in the tests; imports are read leniently (see import.ts),
 * because browsers' own HAR files often bend the spec.
 */
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';

const closed = <T extends TProperties>(properties: T): TObject<T> =>
  Type.Object(properties, { additionalProperties: false, patternProperties: { '^_': {} } });

const comment = Type.Optional(Type.String());
const dateTime = Type.String({ format: 'date-time' });

export const HarNameValue = closed({ name: Type.String(), value: Type.String(), comment });
export type HarNameValue = Static<typeof HarNameValue>;

export const HarCookie = closed({
  name: Type.String(),
  value: Type.String(),
  path: Type.Optional(Type.String()),
  domain: Type.Optional(Type.String()),
  expires: Type.Optional(Type.String()),
  httpOnly: Type.Optional(Type.Boolean()),
  secure: Type.Optional(Type.Boolean()),
  comment,
});

export const HarPostData = closed({
  mimeType: Type.String(),
  params: Type.Optional(
    Type.Array(
      closed({
        name: Type.String(),
        value: Type.Optional(Type.String()),
        fileName: Type.Optional(Type.String()),
        contentType: Type.Optional(Type.String()),
        comment,
      }),
    ),
  ),
  text: Type.Optional(Type.String()),
  /** Custom: 'base64' when `text` holds base64 of a body that is not UTF-8 (HAR 1.2 has `encoding` only on content). */
  _encoding: Type.Optional(Type.Literal('base64')),
  comment,
});
export type HarPostData = Static<typeof HarPostData>;

export const HarRequest = closed({
  method: Type.String(),
  url: Type.String(),
  httpVersion: Type.String(),
  cookies: Type.Array(HarCookie),
  headers: Type.Array(HarNameValue),
  queryString: Type.Array(HarNameValue),
  postData: Type.Optional(HarPostData),
  headersSize: Type.Integer({ minimum: -1 }),
  bodySize: Type.Integer({ minimum: -1 }),
  comment,
});
export type HarRequest = Static<typeof HarRequest>;

export const HarContent = closed({
  size: Type.Integer(),
  compression: Type.Optional(Type.Integer()),
  mimeType: Type.String(),
  text: Type.Optional(Type.String()),
  encoding: Type.Optional(Type.String()),
  comment,
});

export const HarResponse = closed({
  status: Type.Integer(),
  statusText: Type.String(),
  httpVersion: Type.String(),
  cookies: Type.Array(HarCookie),
  headers: Type.Array(HarNameValue),
  content: HarContent,
  redirectURL: Type.String(),
  headersSize: Type.Integer({ minimum: -1 }),
  bodySize: Type.Integer({ minimum: -1 }),
  /** Custom (Chrome's name): why no answer came; `status` is then 0. */
  _error: Type.Optional(Type.String()),
  /** Custom: Hookbench's class of that error (dns, connect, refused, blocked, timeout, tls, reset, http). */
  _errorKind: Type.Optional(Type.String()),
  comment,
});
export type HarResponse = Static<typeof HarResponse>;

const optionalTiming = Type.Optional(Type.Number({ minimum: -1 }));

export const HarTimings = closed({
  blocked: optionalTiming,
  dns: optionalTiming,
  connect: optionalTiming,
  send: Type.Number({ minimum: 0 }),
  wait: Type.Number({ minimum: 0 }),
  receive: Type.Number({ minimum: 0 }),
  ssl: optionalTiming,
  comment,
});

const cacheEntry = Type.Optional(
  closed({
    expires: Type.Optional(Type.String()),
    lastAccess: Type.String(),
    eTag: Type.String(),
    hitCount: Type.Integer(),
    comment,
  }),
);

export const HarEntry = closed({
  pageref: Type.Optional(Type.String()),
  startedDateTime: dateTime,
  time: Type.Number({ minimum: 0 }),
  request: HarRequest,
  response: HarResponse,
  cache: closed({ beforeRequest: cacheEntry, afterRequest: cacheEntry, comment }),
  timings: HarTimings,
  serverIPAddress: Type.Optional(Type.String()),
  connection: Type.Optional(Type.String()),
  /** Custom: the Hookbench inbox slug a captured request reached (replay drops its /in/<slug> prefix). */
  _hookbenchInbox: Type.Optional(Type.String()),
  /** Custom: the capture's or delivery's id. */
  _hookbenchId: Type.Optional(Type.String()),
  /** Custom: the body was larger than the limit and only its start was kept. */
  _truncated: Type.Optional(Type.Boolean()),
  comment,
});
export type HarEntry = Static<typeof HarEntry>;

const creator = closed({ name: Type.String(), version: Type.String(), comment });

export const HarLog = closed({
  version: Type.String(),
  creator,
  browser: Type.Optional(creator),
  pages: Type.Optional(
    Type.Array(
      closed({
        startedDateTime: dateTime,
        id: Type.String(),
        title: Type.String(),
        pageTimings: closed({ onContentLoad: optionalTiming, onLoad: optionalTiming, comment }),
        comment,
      }),
    ),
  ),
  entries: Type.Array(HarEntry),
  comment,
});

export const Har = Type.Object({ log: HarLog }, { additionalProperties: false });
export type Har = Static<typeof Har>;
