import type { ScenarioInput } from '../../shared/scenarios.js';

/**
 * The scenarios Hookbench ships. Each shares its ids through `vars`, generated once per run;
 * `{{scope}}` is the target hook's game / account / organization. A short delay between steps
 * keeps the deliveries in the order a real provider would send them.
 */

const STEP_DELAY_MS = 300;

const khanMember = (level: string, membershipCount: number) => ({
  '/player/membershipLevel': level,
  '/player/membershipCount': membershipCount,
});

const khan: ScenarioInput = {
  id: 'khan-clan-lifecycle',
  name: 'Khan: clan lifecycle',
  description:
    'A player creates a clan; another player applies, is approved by the owner, promoted to elder, then leaves. The clan and the member keep their publicIDs in every step.',
  provider: 'khan',
  vars: { owner: 'khanPlayer', clan: 'khanClan', member: 'khanPlayer' },
  steps: [
    {
      type: 'ClanCreated',
      payload: { gameID: '{{scope}}', clan: '{{clan}}' },
      set: { '/clan/ownerPublicID': '{{owner.publicID}}', '/clan/membershipCount': 1 },
    },
    {
      type: 'MembershipCreated',
      delayMs: STEP_DELAY_MS,
      payload: {
        gameID: '{{scope}}',
        clan: '{{clan}}',
        player: '{{member}}',
        requestor: '{{member}}',
        message: 'Hi! Level 40 here, can I join?',
      },
      set: { '/clan/membershipCount': 1, ...khanMember('member', 0) },
    },
    {
      type: 'MembershipApproved',
      delayMs: STEP_DELAY_MS,
      payload: { gameID: '{{scope}}', clan: '{{clan}}', player: '{{member}}', requestor: '{{owner}}', creator: '{{member}}' },
      set: { '/clan/membershipCount': 2, ...khanMember('member', 1), '/requestor/ownershipCount': 1 },
    },
    {
      type: 'MemberPromoted',
      delayMs: STEP_DELAY_MS,
      payload: { gameID: '{{scope}}', clan: '{{clan}}', player: '{{member}}', requestor: '{{owner}}' },
      set: { '/clan/membershipCount': 2, ...khanMember('elder', 1), '/requestor/ownershipCount': 1 },
    },
    {
      type: 'MemberLeft',
      delayMs: STEP_DELAY_MS,
      payload: { gameID: '{{scope}}', clan: '{{clan}}', player: '{{member}}', requestor: '{{member}}' },
      set: { '/clan/membershipCount': 1, ...khanMember('elder', 0), '/requestor/membershipCount': 0 },
    },
  ],
};

const vyte: ScenarioInput = {
  id: 'vyte-meeting-confirmed',
  name: 'Vyte: meeting created already confirmed',
  description: 'A meeting created with its date and place decided: Vyte sends event.created then event.confirmed, with the same meeting.',
  provider: 'vyte',
  vars: { meeting: 'vyteConfirmedMeeting' },
  steps: ['event.created', 'event.confirmed'].map((action, index) => ({
    type: action,
    ...(index > 0 ? { delayMs: STEP_DELAY_MS } : {}),
    payload: { action, organization: '{{scope}}', user: '{{meeting.user._id}}', resource: '{{meeting.resource}}' },
  })),
};

/** One inbound call leg; every step repeats it, as Kazoo's channel events do. */
const kazooLeg = {
  account_id: '{{scope}}',
  authorizing_id: '{{device}}',
  authorizing_type: 'device',
  call_direction: 'inbound',
  call_forwarded: false,
  call_id: '{{callId}}',
  callee_id_name: '{{callee}}',
  callee_id_number: '{{extension}}',
  caller_id_name: '{{caller}}',
  caller_id_number: '+{{callerNumber}}',
  emergency_resource_used: false,
  from: '+{{callerNumber}}@{{realm}}',
  inception: '+{{companyNumber}}@{{realm}}',
  is_internal_leg: false,
  local_resource_used: false,
  owner_id: '{{owner}}',
  request: '{{extension}}@{{realm}}',
  reseller_id: '{{reseller}}',
  to: '{{extension}}@{{realm}}',
};

// The call rang 6 s and lasted 88 s more: timestamps grow step by step, and channel_destroy's
// duration_seconds is the whole call (Kazoo only reports durations on destroy).
const kazoo: ScenarioInput = {
  id: 'kazoo-call',
  name: 'Kazoo: an answered call',
  description:
    'An outside caller reaches a user: channel_create, channel_answer, channel_bridge and channel_destroy with one call_id; timestamps grow and the destroy reports 94 s (6 s ringing, 88 s billed).',
  provider: 'kazoo',
  vars: {
    callId: 'kazooCallId',
    otherLeg: 'kazooCallId',
    realm: 'kazooRealm',
    caller: 'fullName',
    callee: 'fullName',
    callerNumber: 'phoneNumber',
    companyNumber: 'phoneNumber',
    extension: 'extension',
    device: 'hex32',
    owner: 'hex32',
    reseller: 'hex32',
    end: 'gregorianSeconds',
  },
  steps: [
    { type: 'channel_create', payload: { hook_event: 'channel_create', ...kazooLeg, timestamp: '{{end - 94}}' } },
    {
      type: 'channel_answer',
      delayMs: STEP_DELAY_MS,
      payload: { hook_event: 'channel_answer', ...kazooLeg, other_leg_call_id: '{{otherLeg}}', timestamp: '{{end - 88}}' },
    },
    {
      type: 'channel_bridge',
      delayMs: STEP_DELAY_MS,
      payload: {
        hook_event: 'channel_bridge',
        ...kazooLeg,
        other_leg_call_id: '{{otherLeg}}',
        original_number: '+{{companyNumber}}',
        timestamp: '{{end - 87}}',
      },
    },
    {
      type: 'channel_destroy',
      delayMs: STEP_DELAY_MS,
      payload: {
        hook_event: 'channel_destroy',
        ...kazooLeg,
        other_leg_call_id: '{{otherLeg}}',
        timestamp: '{{end}}',
        hangup_cause: 'NORMAL_CLEARING',
        hangup_code: 'sip:200',
        duration_seconds: 94,
        ringing_seconds: 6,
        billing_seconds: 88,
      },
    },
  ],
};

const codewars: ScenarioInput = {
  id: 'codewars-kata-solved',
  name: 'Codewars: kata created, then solved',
  description: 'A kata is created, then someone finalizes a solution to it: both events name the same kata.',
  provider: 'codewars',
  vars: { kata: 'objectId', author: 'objectId', solution: 'objectId', solver: 'objectId' },
  steps: [
    { type: 'code_challenge.created', payload: { action: 'created', code_challenge: { id: '{{kata}}', created_by_id: '{{author}}' } } },
    {
      type: 'code_challenge.solution_finalized',
      delayMs: STEP_DELAY_MS,
      payload: {
        action: 'solution_finalized',
        code_challenge: { id: '{{kata}}', created_by_id: '{{author}}' },
        solution: { id: '{{solution}}', user_id: '{{solver}}' },
      },
    },
  ],
};

export const BUILT_IN_SCENARIOS: readonly ScenarioInput[] = [khan, vyte, kazoo, codewars];
