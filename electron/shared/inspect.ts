/** The contract of the inspector's power tools: capture ↔ delivery links, payload checks, diffs. */
import { Type, type Static } from '@sinclair/typebox';
import { NullableString, StringEnum } from './schema-kinds.js';

/** The delivery attempt that made a capture (GET /api/requests/:id/delivery). */
export const CaptureDelivery = Type.Object({
  deliveryId: Type.String(),
  /** The attempt's number, from 1. */
  attempt: Type.Integer(),
  eventId: Type.String(),
  hookId: NullableString(),
});
export type CaptureDelivery = Static<typeof CaptureDelivery>;

/** Everything a capture is linked to (GET /api/requests/:id/links); null where nothing is. */
export const CaptureLinks = Type.Object({ delivery: Type.Union([CaptureDelivery, Type.Null()]) });
export type CaptureLinks = Static<typeof CaptureLinks>;

const Problem = Type.Object({ pointer: Type.String(), reason: Type.String() });

/** What a capture looks like (GET /api/requests/:id/check): a provider's event and how it strays from its schema. */
export const CaptureCheck = Type.Union([
  Type.Object({
    provider: Type.String(),
    /** The provider's name for people ("Kazoo"). */
    providerName: Type.String(),
    /** The event type's id, or what the capture called it when the catalog has no such type. */
    type: Type.String(),
    /** Whether the catalog knows the type (unknown types have one problem saying so). */
    known: Type.Boolean(),
    problems: Type.Array(Problem),
  }),
  Type.Object({ provider: Type.Null() }),
]);
export type CaptureCheck = Static<typeof CaptureCheck>;

export const DIFF_CHANGES = ['added', 'removed', 'changed'] as const;

/** Two captures side by side (GET /api/requests/:a/diff/:b); `a` and `b` are each side's value, null where absent. */
export const CaptureDiff = Type.Object({
  /** Headers that differ, by lower-case name; repeated headers are joined with ", ". */
  headers: Type.Array(Type.Object({ name: Type.String(), a: NullableString(), b: NullableString(), change: StringEnum(DIFF_CHANGES) })),
  /** When both bodies are JSON: the leaves that differ, by JSON pointer (arrays by index); otherwise null. */
  json: Type.Union([
    Type.Array(Type.Object({ path: Type.String(), a: Type.Unknown(), b: Type.Unknown(), change: StringEnum(DIFF_CHANGES) })),
    Type.Null(),
  ]),
  /** Only the first differences are listed (the rest are counted here). */
  omitted: Type.Integer(),
  /** The raw bodies: equal or not, and where they first differ (a byte offset). */
  body: Type.Object({
    equal: Type.Boolean(),
    firstDifference: Type.Union([Type.Integer(), Type.Null()]),
    sizeA: Type.Integer(),
    sizeB: Type.Integer(),
  }),
});
export type CaptureDiff = Static<typeof CaptureDiff>;
