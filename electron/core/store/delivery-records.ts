import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Attempt, Delivery, type DeliveryStatus } from '../../shared/hooks.js';
import { HeaderPairs } from '../../shared/schemas.js';

/**
 * How deliveries sit in their log. A fired event writes one `created` record holding each of
 * its deliveries, with every distinct request body once (a fan-out to a thousand hooks stores
 * its body once, not a thousand times). Each later change writes an `updated` record: the
 * delivery's new state without its request, which never changes and is read from the record
 * the delivery was created in, and without the fields that never change (its event, hook,
 * provider, URL and creation time; records written before version 0.2 still hold them). An
 * attempt's head is stored as sent; when it is the delivery's request plus headers of its own
 * (the signature), only those headers are written.
 */

const RequestHead = { method: Type.String(), url: Type.String(), headers: HeaderPairs };

/** An attempt as stored: its request body is the delivery's, so it is not repeated. */
const StoredAttempt = Type.Composite([Type.Omit(Attempt, ['request']), Type.Object({ request: Type.Object(RequestHead) })]);
export type StoredAttempt = Static<typeof StoredAttempt>;

/** An attempt as records hold it: its head in full, or only the headers it added to the delivery's request. */
const RecordedAttempt = Type.Composite([
  Type.Omit(Attempt, ['request']),
  Type.Object({ request: Type.Union([Type.Object(RequestHead), Type.Object({ added: HeaderPairs })]) }),
]);
type RecordedAttempt = Static<typeof RecordedAttempt>;

/** Everything about a delivery that can change, and who signs it. */
const DeliveryState = Type.Composite([
  Type.Omit(Delivery, ['attempts']),
  Type.Object({
    /** Whose conventions sign each attempt. */
    provider: Type.String(),
    attempts: Type.Array(StoredAttempt),
  }),
]);
export type DeliveryState = Static<typeof DeliveryState>;

const RecordedState = Type.Composite([Type.Omit(DeliveryState, ['attempts']), Type.Object({ attempts: Type.Array(RecordedAttempt) })]);
type RecordedState = Static<typeof RecordedState>;

export const StoredRequest = Type.Object({ ...RequestHead, body: Type.String() });
export type StoredRequest = Static<typeof StoredRequest>;

/** A delivery as the dispatcher holds it: its state and the request every attempt sends. */
export type StoredDelivery = DeliveryState & { request: StoredRequest };

const CreatedRecord = Type.Object({
  id: Type.String(),
  bodies: Type.Array(Type.String()),
  deliveries: Type.Array(
    Type.Composite([RecordedState, Type.Object({ request: Type.Object({ ...RequestHead, body: Type.Integer({ minimum: 0 }) }) })]),
  ),
});
type CreatedRecord = Static<typeof CreatedRecord>;

/** The fields of a delivery an update can change. */
const CHANGING = ['id', 'status', 'attempts', 'nextAttemptAt', 'updatedAt'] as const;
const RecordedChanges = Type.Composite([Type.Pick(RecordedState, CHANGING), Type.Partial(Type.Omit(RecordedState, CHANGING))]);
type RecordedChanges = Static<typeof RecordedChanges>;

const UpdatedRecord = Type.Object({ id: Type.String(), createdIn: Type.String(), delivery: RecordedChanges });
type UpdatedRecord = Static<typeof UpdatedRecord>;

export type DeliveryRecord = CreatedRecord | UpdatedRecord;
const checkRecord = TypeCompiler.Compile(Type.Union([CreatedRecord, UpdatedRecord]));

export function isDeliveryRecord(value: unknown): value is DeliveryRecord {
  return checkRecord.Check(value);
}

/** What the index keeps of one delivery in one record. */
export interface DeliveryMention {
  deliveryId: string;
  /** Known from the created record; an update's mention takes them from there. */
  eventId: string | undefined;
  hookId: string | null | undefined;
  status: DeliveryStatus;
  /** The record holding the delivery's request. */
  createdIn: string;
  /** The record this mention is in. */
  recordId: string;
}

export interface RecordSummary {
  id: string;
  mentions: DeliveryMention[];
}

export function summarize(record: DeliveryRecord): RecordSummary {
  const states = 'deliveries' in record ? record.deliveries : [record.delivery];
  const createdIn = 'createdIn' in record ? record.createdIn : record.id;
  return {
    id: record.id,
    mentions: states.map(({ id, eventId, hookId, status }) => ({
      deliveryId: id,
      eventId,
      hookId,
      status,
      createdIn,
      recordId: record.id,
    })),
  };
}

export function createdRecord(id: string, deliveries: StoredDelivery[]): CreatedRecord {
  const bodies: string[] = [];
  const positions = new Map<string, number>();
  return {
    id,
    bodies,
    deliveries: deliveries.map((delivery) => {
      const { method, url, headers, body } = delivery.request;
      let position = positions.get(body);
      if (position === undefined) {
        position = bodies.push(body) - 1;
        positions.set(body, position);
      }
      // A plain spread with `request` replaced: much cheaper than a rest pattern leaving it out.
      return { ...delivery, attempts: recordedAttempts(delivery), request: { method, url, headers, body: position } };
    }),
  };
}

export function updatedRecord(id: string, createdIn: string, delivery: StoredDelivery): UpdatedRecord {
  const { id: deliveryId, status, nextAttemptAt, updatedAt } = delivery;
  const changes: RecordedChanges = { id: deliveryId, status, attempts: recordedAttempts(delivery), updatedAt };
  if (nextAttemptAt !== undefined) changes.nextAttemptAt = nextAttemptAt;
  return { id, createdIn, delivery: changes };
}

function recordedAttempts({ attempts, request }: StoredDelivery): RecordedAttempt[] {
  return attempts.map((attempt) => {
    const added = addedHeaders(attempt.request, request);
    return added ? { ...attempt, request: { added } } : attempt;
  });
}

/** The headers an attempt sent beyond its delivery's request; undefined if it differs in any other way. */
function addedHeaders(sent: StoredAttempt['request'], request: StoredRequest): [string, string][] | undefined {
  if (sent.method !== request.method || sent.url !== request.url || sent.headers.length < request.headers.length) return undefined;
  for (let index = 0; index < request.headers.length; index += 1) {
    const [name, value] = request.headers[index]!;
    if (sent.headers[index]![0] !== name || sent.headers[index]![1] !== value) return undefined;
  }
  return sent.headers.slice(request.headers.length);
}

function sentAttempts(attempts: RecordedAttempt[], { method, url, headers }: StoredRequest): StoredAttempt[] {
  return attempts.map((attempt) =>
    'added' in attempt.request
      ? { ...attempt, request: { method, url, headers: [...headers, ...attempt.request.added] } }
      : { ...attempt, request: attempt.request },
  );
}

/** The delivery's request as its created record holds it; undefined if the record does not have it. */
export function originOf(record: DeliveryRecord, deliveryId: string): StoredDelivery | undefined {
  if (!('deliveries' in record)) return undefined;
  const origin = record.deliveries.find((delivery) => delivery.id === deliveryId);
  const body = origin && record.bodies[origin.request.body];
  if (!origin || body === undefined) return undefined;
  const request = { ...origin.request, body };
  return structuredClone({ ...origin, attempts: sentAttempts(origin.attempts, request), request });
}

/** The delivery's state in `record`, over the fields of its origin that never change. */
export function withState(origin: StoredDelivery, record: DeliveryRecord): StoredDelivery | undefined {
  if (!('delivery' in record)) return origin;
  const changes = record.delivery;
  if (changes.id !== origin.id) return undefined;
  const { nextAttemptAt: _due, ...unchanging } = origin;
  return { ...unchanging, ...changes, attempts: sentAttempts(changes.attempts, origin.request), request: origin.request };
}
