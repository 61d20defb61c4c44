/** The contract for forwards: what became of relaying one capture to one of its inbox's rules. */
import { Type, type Static } from '@sinclair/typebox';
import { ERROR_KINDS } from './hooks.js';
import { StringEnum } from './schema-kinds.js';

/**
 * Beyond the kinds of a failed delivery attempt: `truncated` (the capture lost its body at the
 * limit, so it is not sent), `loop` (the rule leads back to this inbox), `gone` (the capture was
 * evicted before its turn came), `overflow` (too many forwards were already waiting for that URL).
 */
export const FORWARD_ERROR_KINDS = [...ERROR_KINDS, 'truncated', 'loop', 'gone', 'overflow'] as const;
export type ForwardErrorKind = (typeof FORWARD_ERROR_KINDS)[number];

export const ForwardResult = Type.Object({
  /** The rule's URL as saved. */
  ruleUrl: Type.String(),
  /** Where the capture went: the rule's URL, then the capture's sub-path and query. */
  url: Type.String(),
  /** The answer's status; any status counts as delivered (forwards are never retried). */
  status: Type.Optional(Type.Integer()),
  error: Type.Optional(Type.Object({ kind: StringEnum(FORWARD_ERROR_KINDS), message: Type.String() })),
  durationMs: Type.Number(),
  /** When the forward finished. */
  at: Type.String(),
});
export type ForwardResult = Static<typeof ForwardResult>;

export const CaptureForwards = Type.Array(ForwardResult);

/** The stream event `capture.forwarded`. */
export interface CaptureForwarded {
  captureId: string;
  inboxId: string;
  forward: ForwardResult;
}
