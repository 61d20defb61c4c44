import { Type, type TObject, type TSchema } from '@sinclair/typebox';

/**
 * JSON Schemas of Vyte's webhook payloads. Vyte documents only part of the meeting object, so
 * fields it shows are typed exactly and the object stays open (a real payload carries more).
 */

export const OBJECT_ID_PATTERN = '^[0-9a-f]{24}$';

export const ObjectId = Type.String({ pattern: OBJECT_ID_PATTERN, description: 'A MongoDB ObjectId: 24 hex digits.' });
const DateTime = Type.String({ format: 'date-time' });
const Email = Type.String({ format: 'email' });

const MeetingDate = Type.Object({
  _id: Type.Optional(ObjectId),
  all_day: Type.Boolean(),
  date: DateTime,
  end_date: DateTime,
});

const Place = Type.Object({
  _id: Type.Optional(ObjectId),
  name: Type.String(),
  address: Type.Optional(Type.String()),
});

const Invitee = Type.Object({
  _id: Type.Optional(ObjectId),
  full_name: Type.String(),
  email: Type.Optional(Email),
  phone: Type.Optional(Type.String()),
});

const Creator = Type.Object({
  _id: Type.Optional(ObjectId),
  full_name: Type.Optional(Type.String()),
  email: Email,
});

const Message = Type.Object({
  _id: Type.Optional(ObjectId),
  user: Type.Optional(ObjectId),
  body: Type.String(),
  date: Type.Optional(DateTime),
});

/** What differs between the meeting of one action and another's. */
export interface MeetingRules {
  /** event.confirmed and event.updated carry a confirmed meeting. */
  confirmed?: boolean;
  /** event.cancelled carries the cancellation time. */
  cancelled?: boolean;
}

/** An event (a meeting, 1-on-1 or group), the resource of every `event.*` action. */
export function meetingSchema(rules: MeetingRules = {}): TObject {
  return Type.Object({
    _id: Type.Optional(ObjectId),
    title: Type.String(),
    dates: Type.Array(MeetingDate, { description: 'Proposed dates; the one kept once confirmed.' }),
    places: Type.Array(Place),
    invitees: Type.Array(Invitee),
    timezone: Type.String({ description: 'An IANA time zone, e.g. Europe/Paris.' }),
    confirmed: Type.Object({ flag: rules.confirmed ? Type.Literal(true) : Type.Boolean() }),
    cancelled: rules.cancelled
      ? Type.String({ format: 'date-time', description: 'When the event was cancelled.' })
      : Type.Optional(Type.Union([DateTime, Type.Null()])),
    created_by: Type.Optional(Creator),
    lang: Type.Optional(Type.String()),
    locale: Type.Optional(Type.String()),
    messages: Type.Optional(Type.Array(Message)),
    vyteme: Type.Optional(Type.Boolean({ description: 'Booked through a vyte.me scheduling page.' })),
    createdAt: Type.Optional(DateTime),
    updatedAt: Type.Optional(DateTime),
  });
}

/** A user who signed up to Vyte, the resource of `user.joined`. */
export const userSchema = Type.Object({
  _id: ObjectId,
  full_name: Type.String(),
  email: Email,
  lang: Type.Optional(Type.String()),
  timezone: Type.Optional(Type.String()),
  account: Type.Object({
    organization: Type.Object({
      extid: Type.Optional(Type.String({ description: 'The `extid` query parameter of the join link, when it had one.' })),
    }),
  }),
  createdAt: Type.Optional(DateTime),
});

/** One action object; a delivery body is a one-element array of these. */
export function actionSchema(action: string, resource: TSchema): TObject {
  return Type.Object({
    action: Type.Literal(action),
    /** Vyte marks it optional; Hookbench's samples always name it, since hooks belong to one. */
    organization: Type.Optional(ObjectId),
    user: Type.Optional(ObjectId),
    resource,
  });
}
