import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capture } from '../../electron/shared/schemas.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { newInbox } from '../helpers/providers.js';

let core: TestCore;
beforeAll(async () => {
  core = await startTestCore();
});
afterAll(() => core.dispose());

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** An inbox and a hook of `provider` pointing at it; the captures come back in arrival order. */
async function hookedInbox(slug: string, provider: string, providerOptions: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const inbox = await newInbox(core, slug);
  const hook = await core.api('POST', '/api/hooks', { provider, url: inbox.url, events: ['*'], providerOptions, ...extra });
  expect(hook.status).toBe(201);
  return { inbox, hookId: hook.body.id as string };
}

async function run(id: string, body: unknown = {}) {
  const answer = await core.api('POST', `/api/scenarios/${id}/run`, body);
  expect(answer.status).toBe(202);
  return answer.body;
}

const json = (capture: Capture) => JSON.parse(capture.body) as any;

describe('built-in scenarios', () => {
  it('lists the four built-ins', async () => {
    const { status, body } = await core.api('GET', '/api/scenarios');
    expect(status).toBe(200);
    expect(body.items.filter((s: any) => s.builtIn).map((s: any) => s.id)).toEqual([
      'khan-clan-lifecycle',
      'vyte-meeting-confirmed',
      'kazoo-call',
      'codewars-kata-solved',
    ]);
  });

  it('Khan: one clan and one member in every step, events in order', async () => {
    const { inbox, hookId } = await hookedInbox('sc-khan', 'khan', { gameID: 'star-siege' });
    const result = await run('khan-clan-lifecycle');
    expect(result.runId).toMatch(/^run_/);
    expect(result.events.map((e: any) => e.type)).toEqual([
      'ClanCreated',
      'MembershipCreated',
      'MembershipApproved',
      'MemberPromoted',
      'MemberLeft',
    ]);
    expect(result.deliveries.every((d: any) => d.hookId === hookId)).toBe(true);
    const bodies = (await inbox.next(5)).map(json).sort((a, b) => a.type - b.type);
    expect(bodies.map((b) => b.type)).toEqual([3, 7, 8, 10, 12]);
    expect(new Set(bodies.map((b) => b.gameID))).toEqual(new Set(['star-siege']));
    expect(new Set(bodies.map((b) => b.clan.publicID)).size).toBe(1);
    expect(new Set(bodies.slice(1).map((b) => b.player.publicID)).size).toBe(1);
    expect(bodies[0].clan.ownerPublicID).toBe(bodies[2].requestor.publicID);
    expect(bodies.slice(1).map((b) => b.player.membershipLevel)).toEqual(['member', 'member', 'elder', 'elder']);
  });

  it('Vyte: the same meeting created, then confirmed', async () => {
    const organization = hex(12);
    const { inbox } = await hookedInbox('sc-vyte', 'vyte', { organization });
    const result = await run('vyte-meeting-confirmed');
    expect(result.events.map((e: any) => e.type)).toEqual(['event.created', 'event.confirmed']);
    const actions = (await inbox.next(2)).map((capture) => json(capture)[0]);
    expect(actions.map((a) => a.action).sort()).toEqual(['event.confirmed', 'event.created']);
    expect(actions.every((a) => a.organization === organization)).toBe(true);
    expect(actions[0].resource._id).toBe(actions[1].resource._id);
    expect(actions[0].user).toBe(actions[1].user);
    expect(actions[0].resource.confirmed.flag).toBe(true);
  });

  it('Kazoo: one call_id, timestamps growing, the whole call on destroy', async () => {
    const accountId = hex(16);
    const { inbox } = await hookedInbox('sc-kazoo', 'kazoo', { accountId }, { format: 'json' });
    const result = await run('kazoo-call');
    expect(result.events.map((e: any) => e.type)).toEqual(['channel_create', 'channel_answer', 'channel_bridge', 'channel_destroy']);
    const order = ['channel_create', 'channel_answer', 'channel_bridge', 'channel_destroy'];
    const legs = (await inbox.next(4)).map(json).sort((a, b) => order.indexOf(a.hook_event) - order.indexOf(b.hook_event));
    expect(new Set(legs.map((leg) => leg.call_id)).size).toBe(1);
    expect(legs.every((leg) => leg.account_id === accountId)).toBe(true);
    const times = legs.map((leg) => leg.timestamp as number);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(times).size).toBe(4);
    const destroy = legs[3];
    expect(destroy.duration_seconds).toBe(destroy.timestamp - legs[0].timestamp);
    expect(destroy.duration_seconds).toBe(destroy.ringing_seconds + destroy.billing_seconds);
  });

  it('refuses a disabled hook named in hookIds before the first step, so nothing is half-sent', async () => {
    const { hookId: on } = await hookedInbox('sc-on', 'kazoo', { accountId: hex(16) }, { format: 'json' });
    const { hookId: off } = await hookedInbox('sc-off', 'kazoo', { accountId: hex(16) }, { format: 'json', enabled: false });
    const { body: before } = await core.api('GET', '/api/events?limit=500');
    const refused = await core.api('POST', '/api/scenarios/kazoo-call/run', { hookIds: [on, off] });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'hook_disabled', field: 'hookIds' });
    const { body: after } = await core.api('GET', '/api/events?limit=500');
    expect(after.items.length).toBe(before.items.length);
  });

  it('Codewars: one kata created, then solved; also to an ad-hoc url', async () => {
    const { inbox } = await hookedInbox('sc-codewars', 'codewars', {});
    await inbox.next(1); // a new Codewars hook is greeted with a ping first
    const result = await run('codewars-kata-solved');
    expect(result.events.map((e: any) => e.type)).toEqual(['code_challenge.created', 'code_challenge.solution_finalized']);
    const bodies = await inbox.next(2);
    const katas = bodies.map((capture) => json(capture).code_challenge.id);
    expect(katas[0]).toMatch(/^[0-9a-f]{24}$/);
    expect(katas[1]).toBe(katas[0]);

    const adHoc = await newInbox(core, 'sc-adhoc');
    const direct = await run('codewars-kata-solved', { url: adHoc.url });
    expect(direct.deliveries.map((d: any) => d.url)).toEqual([adHoc.url, adHoc.url]);
    expect(new Set((await adHoc.next(2)).map((capture) => json(capture).code_challenge.id)).size).toBe(1);
  });
});

describe('user scenarios', () => {
  const scenario = {
    id: 'my-call',
    name: 'Parked call',
    description: 'A call parked then retrieved',
    provider: 'kazoo',
    vars: { callId: 'kazooCallId' },
    steps: [
      { type: 'parking', base: 'sample', set: { '/call_id': '{{callId}}', '/event_name': 'PARK_PARKED' } },
      { type: 'parking', base: 'sample', set: { '/call_id': '{{callId}}', '/event_name': 'PARK_RETRIEVED' }, delayMs: 50 },
    ],
  };

  it('saves, runs, updates and deletes one', async () => {
    const accountId = hex(16);
    const { inbox, hookId } = await hookedInbox('sc-user', 'kazoo', { accountId }, { format: 'json', events: ['parking'] });
    expect((await core.api('POST', '/api/scenarios', scenario)).status).toBe(201);
    expect((await core.api('POST', '/api/scenarios', scenario)).status).toBe(409);

    const result = await run('my-call', { hookIds: [hookId] });
    expect(result.events).toHaveLength(2);
    const parked = (await inbox.next(2)).map(json);
    expect(parked.map((p) => p.event_name).sort()).toEqual(['PARK_PARKED', 'PARK_RETRIEVED']);
    expect(parked[0].call_id).toBe(parked[1].call_id);
    expect(parked.every((p) => p.account_id === accountId)).toBe(true);

    const { id: _id, ...rest } = scenario;
    const updated = await core.api('PUT', '/api/scenarios/my-call', { ...rest, name: 'Parked and abandoned' });
    expect(updated).toMatchObject({ status: 200, body: { name: 'Parked and abandoned', builtIn: false } });
    expect((await core.api('DELETE', '/api/scenarios/my-call')).status).toBe(204);
    expect((await core.api('POST', '/api/scenarios/my-call/run', {})).status).toBe(404);
  });

  it('refuses bad scenarios, naming the field', async () => {
    const bad = async (change: Record<string, unknown>) =>
      (await core.api('POST', '/api/scenarios', { ...scenario, id: 'bad', ...change })).body.error;
    expect((await bad({ provider: 'nope' })).field).toBe('provider');
    expect((await bad({ vars: { callId: 'nope' } })).field).toBe('vars.callId');
    expect((await bad({ steps: [{ type: 'nope', base: 'sample' }] })).field).toBe('steps.0.type');
    expect((await bad({ steps: [{ type: 'parking' }] })).field).toBe('steps.0.payload');
    expect((await bad({ steps: [{ type: 'parking', payload: { call_id: '{{missing}}' } }] })).field).toBe('steps.0.payload');
    expect((await bad({ steps: [{ type: 'parking', base: 'sample', set: { '/parking_slot': 'x' } }] })).field).toBe(
      'steps.0.payload/parking_slot',
    );
    const unchecked = await core.api('POST', '/api/scenarios', {
      ...scenario,
      id: 'loose',
      validate: false,
      steps: [{ type: 'parking', base: 'sample', set: { '/parking_slot': 'x' } }],
    });
    expect(unchecked.status).toBe(201);
  });

  it('refuses to change a built-in', async () => {
    const { id: _id, ...rest } = scenario;
    expect((await core.api('PUT', '/api/scenarios/kazoo-call', rest)).status).toBe(400);
    expect((await core.api('DELETE', '/api/scenarios/kazoo-call')).status).toBe(400);
  });
});
