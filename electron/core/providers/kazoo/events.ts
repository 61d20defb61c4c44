import { Type } from '@sinclair/typebox';
import { StringEnum } from '../../../shared/schema-kinds.js';
import { chance, email, fullName, gregorianSeconds, hex32, int, pick, phoneNumber, recent, username, words } from '../samples.js';
import type { ProviderEventType, SampleContext } from '../types.js';
import { CHANNEL_EVENTS, GregorianTimestamp, channelSample, channelSchema, type ChannelEvent } from './channel.js';
import { KAZOO_ID, callId, privateIp, realm } from './ids.js';

const KAZOO_VERSION = '4.3.142';
const OBJECT_TYPES = ['account', 'callflow', 'device', 'faxbox', 'media', 'user', 'vmbox'] as const;
const OBJECT_ACTIONS = ['doc_created', 'doc_edited', 'doc_deleted'] as const;
const PARKING_EVENTS = ['PARK_PARKED', 'PARK_RETRIEVED', 'PARK_ABANDONED'] as const;

const objectSchema = Type.Object({
  id: Type.String({ pattern: KAZOO_ID }),
  account_id: Type.String({ pattern: KAZOO_ID }),
  action: StringEnum(OBJECT_ACTIONS),
  type: Type.String({ minLength: 1 }),
});

const parkingSchema = Type.Object({
  hook_event: Type.Literal('parking'),
  account_id: Type.String({ pattern: KAZOO_ID }),
  call_id: Type.String({ minLength: 1 }),
  callee_id_name: Type.Optional(Type.String()),
  callee_id_number: Type.Optional(Type.String()),
  caller_id_name: Type.Optional(Type.String()),
  caller_id_number: Type.Optional(Type.String()),
  event_name: StringEnum(PARKING_EVENTS),
  parking_slot: Type.Integer({ minimum: 0 }),
  timestamp: Type.Optional(GregorianTimestamp),
});

/** Notifications are Kazoo's AMQP notification messages, normalized; the fields besides the envelope depend on `event_name`. */
const notificationsSchema = Type.Object({
  hook_event: Type.Literal('notifications'),
  account_id: Type.String({ pattern: KAZOO_ID }),
  app_name: Type.String(),
  app_version: Type.String(),
  event_category: Type.Literal('notification'),
  event_name: Type.String({ minLength: 1 }),
  msg_id: Type.String(),
  node: Type.String(),
  server_id: Type.Optional(Type.String()),
  system_log_id: Type.Optional(Type.String()),
});

const CHANNEL_INFO: Record<ChannelEvent, [name: string, description: string]> = {
  channel_create: ['Channel Create', 'A new channel (call leg) has begun.'],
  channel_answer: ['Channel Answer', 'A channel established two-way audio: the called party or a voicemail box answered.'],
  channel_bridge: ['Channel Bridge', 'Two channels were bridged together, such as two users connected.'],
  channel_destroy: [
    'Channel Destroy',
    'A channel has finished, usually on hangup; adds hangup_cause, hangup_code ("sip:200"), duration_seconds, ringing_seconds and billing_seconds.',
  ],
};

export const eventTypes: ProviderEventType[] = [
  ...CHANNEL_EVENTS.map((type) => ({
    type,
    name: CHANNEL_INFO[type][0],
    description: `${CHANNEL_INFO[type][1]} Fields without a value are left out, as Kazoo does.`,
    schema: channelSchema(type),
    sample: (context: SampleContext) => channelSample(type, context),
  })),
  {
    type: 'object',
    name: 'Object',
    description:
      'A document (user, device, callflow, vmbox...) was created, edited or deleted. Unlike the other events it has no hook_event.',
    schema: objectSchema,
    sample: (context) => ({ id: hex32(), account_id: context.scope ?? hex32(), action: pick(OBJECT_ACTIONS), type: pick(OBJECT_TYPES) }),
  },
  {
    type: 'parking',
    name: 'Call Parking',
    description:
      'A call was parked, retrieved from a parking slot, or abandoned there (event_name PARK_PARKED, PARK_RETRIEVED, PARK_ABANDONED).',
    schema: parkingSchema,
    sample: parkingSample,
  },
  {
    type: 'notifications',
    name: 'Notifications',
    description:
      'A notification Kazoo would e-mail (voicemail_new, missed_call, register, low_balance...): the AMQP envelope plus the fields of that event_name.',
    schema: notificationsSchema,
    sample: notificationSample,
  },
];

function parkingSample(context: SampleContext): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    hook_event: 'parking',
    account_id: context.scope ?? hex32(),
    call_id: callId(),
    caller_id_name: fullName(),
    caller_id_number: `+${phoneNumber()}`,
    event_name: pick(PARKING_EVENTS),
    parking_slot: int(1, 20),
    timestamp: gregorianSeconds(recent(60_000)),
  };
  if (chance(0.7)) {
    payload['callee_id_name'] = fullName();
    payload['callee_id_number'] = String(int(100, 299));
  }
  return payload;
}

function notificationSample(context: SampleContext): Record<string, unknown> {
  const sipRealm = realm();
  const caller = `+${phoneNumber()}`;
  const mailboxOwner = String(int(100, 299));
  const variants: [app: string, event: string, fields: () => Record<string, unknown>][] = [
    [
      'callflow',
      'voicemail_new',
      () => ({
        call_id: callId(),
        caller_id_name: fullName(),
        caller_id_number: caller,
        from_realm: sipRealm,
        from_user: caller,
        to_realm: sipRealm,
        to_user: mailboxOwner,
        voicemail_box: hex32(),
        voicemail_id: `${new Date().toISOString().slice(0, 7).replace('-', '')}-${hex32()}`,
        voicemail_length: int(2, 180) * 1000,
        voicemail_timestamp: gregorianSeconds(recent(60_000)),
        ...(chance(0.5) ? { voicemail_transcription: { result: 'success', text: `Hi, it's about the ${words(2)} order.` } } : {}),
      }),
    ],
    [
      'callflow',
      'missed_call',
      () => ({
        call_bridged: false,
        call_id: callId(),
        caller_id_name: fullName(),
        caller_id_number: caller,
        from_realm: sipRealm,
        from_user: caller,
        message_left: chance(0.5),
        timestamp: gregorianSeconds(recent(60_000)),
        to: email(),
        to_realm: sipRealm,
        to_user: mailboxOwner,
      }),
    ],
    [
      'registrar',
      'register',
      () => {
        const user = username();
        const ip = privateIp();
        const port = int(5060, 5090);
        return {
          authorizing_id: hex32(),
          authorizing_type: 'device',
          call_id: callId(),
          contact: `<sip:${user}@${ip}:${port};transport=udp>`,
          event_timestamp: gregorianSeconds(recent(60_000)),
          expires: pick([300, 360, 3600]),
          from_host: sipRealm,
          from_user: user,
          network_ip: ip,
          network_port: String(port),
          realm: sipRealm,
          to_host: sipRealm,
          to_user: user,
          user_agent: pick(['Yealink SIP-T46S 66.86.0.15', 'PolycomVVX-VVX_411-UA/6.4.3.5017', 'Grandstream GXP2170 1.0.11.3']),
          username: user,
        };
      },
    ],
    ['jonny5', 'low_balance', () => ({ current_balance: Number((Math.random() * 5).toFixed(2)) })],
  ];
  const [app, event, fields] = pick(variants);
  return {
    hook_event: 'notifications',
    account_id: context.scope ?? hex32(),
    app_name: app,
    app_version: KAZOO_VERSION,
    event_category: 'notification',
    event_name: event,
    msg_id: hex32(),
    node: `kazoo_apps@apps0${int(1, 4)}.example.net`,
    ...fields(),
  };
}
