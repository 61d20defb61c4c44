import { Type } from '@sinclair/typebox';
import { StringEnum } from '../../../shared/schema-kinds.js';
import { chance, fullName, gregorianSeconds, hex32, int, pick, phoneNumber, recent } from '../samples.js';
import type { SampleContext } from '../types.js';
import { KAZOO_ID, callId, realm } from './ids.js';

export const CHANNEL_EVENTS = ['channel_create', 'channel_answer', 'channel_bridge', 'channel_destroy'] as const;
export type ChannelEvent = (typeof CHANNEL_EVENTS)[number];

/** Kazoo's timestamps are Gregorian seconds; its docs show them as numeric strings too, so both are accepted. */
export const GregorianTimestamp = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^[0-9]+$' })], {
  description: 'Seconds since 0000-01-01 (Unix seconds + 62167219200)',
});

/** What webhooks_channel_util:base_hook_event/3 builds; keys without a value are left out. */
const channelFields = {
  account_id: Type.String({ pattern: KAZOO_ID }),
  authorizing_id: Type.Optional(Type.String()),
  authorizing_type: Type.Optional(Type.String()),
  call_direction: StringEnum(['inbound', 'outbound']),
  call_forwarded: Type.Boolean(),
  call_id: Type.String({ minLength: 1 }),
  callee_id_name: Type.Optional(Type.String()),
  callee_id_number: Type.Optional(Type.String()),
  caller_id_name: Type.Optional(Type.String()),
  caller_id_number: Type.Optional(Type.String()),
  custom_application_vars: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  custom_channel_vars: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  emergency_resource_used: Type.Boolean(),
  from: Type.String(),
  inception: Type.Optional(Type.String()),
  is_internal_leg: Type.Boolean(),
  local_resource_id: Type.Optional(Type.String()),
  local_resource_used: Type.Boolean(),
  other_leg_call_id: Type.Optional(Type.String()),
  owner_id: Type.Optional(Type.String()),
  request: Type.String(),
  reseller_id: Type.Optional(Type.String()),
  timestamp: GregorianTimestamp,
  to: Type.String(),
};

const extras = {
  channel_create: {},
  channel_answer: {},
  channel_bridge: {
    original_number: Type.Optional(Type.String()),
    other_leg_destination_number: Type.Optional(Type.String()),
  },
  channel_destroy: {
    hangup_cause: Type.String(),
    hangup_code: Type.String({ pattern: '^sip:[0-9]{3}$' }),
    duration_seconds: Type.Integer({ minimum: 0 }),
    ringing_seconds: Type.Integer({ minimum: 0 }),
    billing_seconds: Type.Integer({ minimum: 0 }),
  },
} satisfies Record<ChannelEvent, object>;

export function channelSchema(type: ChannelEvent) {
  return Type.Object({ hook_event: Type.Literal(type), ...channelFields, ...extras[type] });
}

/** Hangup causes FreeSWITCH reports, with the SIP code Kazoo pairs them with. */
const HANGUPS: [cause: string, code: number, answered: boolean][] = [
  ['NORMAL_CLEARING', 200, true],
  ['NORMAL_CLEARING', 200, true],
  ['NORMAL_CLEARING', 200, true],
  ['ORIGINATOR_CANCEL', 487, false],
  ['NO_ANSWER', 480, false],
  ['USER_BUSY', 486, false],
  ['CALL_REJECTED', 603, false],
  ['UNALLOCATED_NUMBER', 404, false],
];

/**
 * One leg of a plausible call: an outside caller reaching a user (inbound) or a user dialling
 * out (outbound). Optional fields come and go as they do on a real cluster.
 */
export function channelSample(type: ChannelEvent, context: SampleContext): Record<string, unknown> {
  const inbound = chance(0.6);
  const sipRealm = realm();
  const outside = `+${phoneNumber()}`;
  const companyNumber = `+${phoneNumber()}`;
  const extension = String(int(100, 299));
  const user = fullName();
  const dialed = inbound ? (chance(0.5) ? companyNumber : extension) : outside;
  const answered = type !== 'channel_create';
  const payload: Record<string, unknown> = {
    account_id: context.scope ?? hex32(),
    call_direction: inbound ? 'inbound' : 'outbound',
    call_forwarded: chance(0.1),
    call_id: callId(),
    caller_id_name: inbound ? pick([fullName(), outside, 'WIRELESS CALLER']) : user,
    caller_id_number: inbound ? outside : chance(0.5) ? companyNumber : extension,
    emergency_resource_used: false,
    from: `${inbound ? outside : extension}@${sipRealm}`,
    is_internal_leg: chance(0.15),
    local_resource_used: !inbound && chance(0.4),
    request: `${dialed}@${sipRealm}`,
    reseller_id: hex32(),
    timestamp: gregorianSeconds(recent(60_000)),
    to: `${dialed}@${sipRealm}`,
  };
  if (answered || chance(0.5)) {
    payload['callee_id_name'] = inbound ? user : pick([outside, fullName()]);
    payload['callee_id_number'] = inbound ? dialed : outside;
  }
  if (!inbound || chance(0.5)) {
    payload['authorizing_id'] = hex32();
    payload['authorizing_type'] = pick(['device', 'user', 'callflow']);
  }
  if (chance(0.6)) payload['owner_id'] = hex32();
  if (inbound && chance(0.7)) payload['inception'] = `${dialed}@${sipRealm}`;
  if (payload['local_resource_used']) payload['local_resource_id'] = hex32();
  if (chance(0.7)) payload['custom_channel_vars'] = chance(0.5) ? {} : { caller_priority: String(int(1, 5)) };
  if (type === 'channel_bridge' || (answered && chance(0.7))) payload['other_leg_call_id'] = callId();
  Object.assign(payload, typeExtras(type, dialed));
  return { hook_event: type, ...payload };
}

function typeExtras(type: ChannelEvent, dialed: string): Record<string, unknown> {
  if (type === 'channel_bridge') {
    const bridged: Record<string, unknown> = {};
    if (chance(0.7)) bridged['original_number'] = dialed;
    if (chance(0.7)) bridged['other_leg_destination_number'] = dialed.startsWith('+') ? dialed : `+${phoneNumber()}`;
    return bridged;
  }
  if (type !== 'channel_destroy') return {};
  const [cause, code, answered] = pick(HANGUPS);
  const ringing = int(0, 25);
  const billing = answered ? int(1, 1800) : 0;
  return {
    hangup_cause: cause,
    hangup_code: `sip:${code}`,
    duration_seconds: ringing + billing,
    ringing_seconds: ringing,
    billing_seconds: billing,
  };
}
