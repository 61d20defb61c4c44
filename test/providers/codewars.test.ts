import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capture } from '../../electron/shared/schemas.js';
import { codewars } from '../../electron/core/providers/codewars/index.js';
import { schemaProblems } from '../../electron/core/providers/validation.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { newInbox, type TestInbox } from '../helpers/providers.js';
import { startSink } from '../helpers/sink.js';
import { openStream, settled, type EventStream } from '../helpers/stream.js';

let core: TestCore;
let stream: EventStream;
let inboxCount = 0;

beforeAll(async () => {
  core = await startTestCore();
  stream = await openStream(core);
});
afterAll(async () => {
  stream.close();
  await core.dispose();
});

const OBJECT_ID = /^[0-9a-f]{24}$/;
const objectId = () => expect.stringMatching(OBJECT_ID);
/** `language`: null for the overall rank, else a language id. */
const nullOrString = { asymmetricMatch: (value: unknown) => value === null || typeof value === 'string' };
const TYPES = [
  'code_challenge.created',
  'code_challenge.approved',
  'code_challenge.voted',
  'code_challenge.solution_finalized',
  'user.rank_earned',
  'user.honor_changed',
  'webhook.updated',
];

/** The headers a capture shows, minus those the HTTP client adds for transport. */
function sentHeaders(capture: Capture): [string, string][] {
  const transport = new Set(['host', 'content-length', 'connection']);
  return capture.headers.filter(([name]) => !transport.has(name.toLowerCase()));
}

function codewarsHeaders(event: string, secret?: string): [string, string][] {
  const headers: [string, string][] = [
    ['User-Agent', 'Codewars Hookbot'],
    ['Content-Type', 'application/json'],
    ['X-Webhook-Event', event],
  ];
  return secret ? [...headers, ['X-Webhook-Secret', secret]] : headers;
}

/** A Codewars hook pointing at a fresh inbox, with its creation ping already received. */
async function hookWithInbox(fields: Record<string, unknown> = {}): Promise<{ hook: any; inbox: TestInbox; ping: Capture }> {
  const inbox = await newInbox(core, `codewars-${++inboxCount}`);
  const { status, body: hook } = await core.api('POST', '/api/hooks', { provider: 'codewars', url: inbox.url, ...fields });
  expect(status, JSON.stringify(hook)).toBe(201);
  const [ping] = await inbox.next(1);
  return { hook, inbox, ping: ping! };
}

async function fire(input: Record<string, unknown>) {
  const { status, body } = await core.api('POST', '/api/events', { provider: 'codewars', ...input });
  expect(status, JSON.stringify(body)).toBe(202);
  return body;
}

describe('Codewars hooks', () => {
  it('start with Codewars defaults: no secret, no retries, no emulator', async () => {
    const { body } = await core.api('GET', '/api/providers');
    const provider = body.items.find((candidate: { id: string }) => candidate.id === 'codewars');
    expect(provider).toMatchObject({
      name: 'Codewars',
      hookDefaults: { method: 'POST', format: 'json', timeoutMs: 10_000, retry: { preset: 'none', schedule: [] }, generatesSecret: false },
      scope: null,
      emulatorUrl: null,
    });
    expect(provider.eventTypes.map((eventType: { type: string }) => eventType.type)).toEqual(TYPES);
  });

  it('get exactly one webhook.updated ping on creation, without X-Webhook-Secret when no secret is set', async () => {
    const { hook, inbox, ping } = await hookWithInbox();
    expect(hook.secret).toBe('');
    expect(ping.method).toBe('POST');
    expect(sentHeaders(ping)).toEqual(codewarsHeaders('webhook'));
    expect(ping.json).toEqual({ action: 'updated', webhook: { id: objectId() } });

    // Everything a save sends is stored before the request goes out: one delivery, the ping.
    const { body: deliveries } = await core.api('GET', `/api/deliveries?hookId=${hook.id}`);
    expect(deliveries.items).toHaveLength(1);
    // The next request the inbox sees is the next event fired, not a second ping.
    await fire({ type: 'code_challenge.voted', hookIds: [hook.id] });
    const [next] = await inbox.next(1);
    expect(next!.json).toMatchObject({ action: 'voted' });
  });

  it('send the secret in plain text as X-Webhook-Secret when one is set', async () => {
    const { hook, ping } = await hookWithInbox({ secret: 'some-shared-secret' });
    expect(hook.secret).toBe('some-shared-secret');
    expect(sentHeaders(ping)).toEqual(codewarsHeaders('webhook', 'some-shared-secret'));
  });

  it('are pinged again on every update, with the same webhook id', async () => {
    const { hook, inbox, ping } = await hookWithInbox();
    const webhookId = (ping.json as any).webhook.id;

    expect((await core.api('PATCH', `/api/hooks/${hook.id}`, { name: 'renamed' })).status).toBe(200);
    const [renamed] = await inbox.next(1);
    expect(renamed!.json).toEqual({ action: 'updated', webhook: { id: webhookId } });

    expect((await core.api('PATCH', `/api/hooks/${hook.id}`, { secret: 'new-secret' })).status).toBe(200);
    const [resecret] = await inbox.next(1);
    expect(resecret!.json).toEqual({ action: 'updated', webhook: { id: webhookId } });
    expect(sentHeaders(resecret!)).toEqual(codewarsHeaders('webhook', 'new-secret'));

    // Another hook has a webhook id of its own.
    const { ping: otherPing } = await hookWithInbox();
    expect((otherPing.json as any).webhook.id).not.toBe(webhookId);
  });

  it('have their secret removed with null, and rotated only to a secret the user gives', async () => {
    const { hook, inbox } = await hookWithInbox({ secret: 'first-secret' });

    // Nothing to generate: a rotation without the new secret is refused, and nothing changes.
    const refused = await core.api('POST', `/api/hooks/${hook.id}/rotate-secret`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'secret_required', field: 'secret' });
    expect((await core.api('GET', `/api/hooks/${hook.id}`)).body.secret).toBe('first-secret');

    // With one, the header carries the new secret at once (it holds one secret, no overlap).
    const rotated = await core.api('POST', `/api/hooks/${hook.id}/rotate-secret`, { secret: 'second-secret' });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toBe('second-secret');
    const [afterRotation] = await inbox.next(1);
    expect(sentHeaders(afterRotation!)).toEqual(codewarsHeaders('webhook', 'second-secret'));

    // Removed: the next ping has no X-Webhook-Secret.
    const removed = await core.api('PATCH', `/api/hooks/${hook.id}`, { secret: null });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ secret: '', previousSecrets: [] });
    const [afterRemoval] = await inbox.next(1);
    expect(sentHeaders(afterRemoval!)).toEqual(codewarsHeaders('webhook'));
  });
});

describe('Codewars deliveries', () => {
  const bodyShapes: Record<string, unknown> = {
    'code_challenge.created': { action: 'created', code_challenge: { id: objectId(), created_by_id: objectId() } },
    'code_challenge.approved': { action: 'approved', code_challenge: { id: objectId(), created_by_id: objectId() } },
    'code_challenge.voted': { action: 'voted', code_challenge: { id: objectId(), created_by_id: objectId() } },
    'code_challenge.solution_finalized': {
      action: 'solution_finalized',
      code_challenge: { id: objectId(), created_by_id: objectId() },
      solution: { id: objectId(), user_id: objectId() },
    },
    'user.rank_earned': { action: 'rank_earned', user: { id: objectId(), rank: expect.any(Number) }, language: nullOrString },
    'user.honor_changed': { action: 'honor_changed', user: { id: objectId(), honor: expect.any(Number), honor_delta: expect.any(Number) } },
    'webhook.updated': { action: 'updated', webhook: { id: objectId() } },
  };

  it.each(TYPES)('send %s as a POST with the Codewars headers and body', async (type) => {
    const { hook, inbox } = await hookWithInbox({ secret: 'shh' });
    const fired = await fire({ type, hookIds: [hook.id] });
    const [capture] = await inbox.next(1);
    expect(capture!.method).toBe('POST');
    expect(sentHeaders(capture!)).toEqual(codewarsHeaders(type.split('.')[0]!, 'shh'));
    expect(capture!.json).toEqual(bodyShapes[type]);
    expect(capture!.json).toEqual(fired.event.payload);
    expect(schemaProblems(codewars.eventTypes.find((eventType) => eventType.type === type)!.schema, capture!.json)).toEqual([]);
  });

  it('accept the pre-2021 names as aliases and send the current action', async () => {
    const { hook, inbox } = await hookWithInbox({ events: ['code_challenge.approve_successful', 'user.rank_upgraded'] });
    expect(hook.events).toEqual(['code_challenge.approved', 'user.rank_earned']);

    const fired = await fire({ type: 'user.rank_upgraded' });
    expect(fired.event.type).toBe('user.rank_earned');
    expect(fired.deliveries.map((delivery: { hookId: string }) => delivery.hookId)).toContain(hook.id);
    const [rank] = await inbox.next(1);
    expect(sentHeaders(rank!)).toEqual(codewarsHeaders('user'));
    expect(rank!.json).toEqual(bodyShapes['user.rank_earned']);

    // A payload recorded before the rename still validates and is sent as given.
    const legacy = {
      action: 'approve_successful',
      code_challenge: { id: '50654ddff44f800200000001', created_by_id: '508f2708b3be0c0200000002' },
    };
    await fire({ type: 'code_challenge.approve_successful', payload: legacy, hookIds: [hook.id] });
    const [approved] = await inbox.next(1);
    expect(sentHeaders(approved!)).toEqual(codewarsHeaders('code_challenge'));
    expect(approved!.json).toEqual(legacy);
  });

  it('refuse an explicit payload that does not match the event type', async () => {
    const { hook } = await hookWithInbox();
    const badRank = { action: 'rank_earned', user: { id: '53aa3f265b97485984000001', rank: 0 }, language: null };
    const rank = await core.api('POST', '/api/events', {
      provider: 'codewars',
      type: 'user.rank_earned',
      payload: badRank,
      hookIds: [hook.id],
    });
    expect(rank.status).toBe(400);
    const wrongAction = { action: 'voted', code_challenge: { id: '53aa3f265b97485984000001', created_by_id: '53af25145b97487568000001' } };
    const action = await core.api('POST', '/api/events', {
      provider: 'codewars',
      type: 'code_challenge.created',
      payload: wrongAction,
      hookIds: [hook.id],
    });
    expect(action.status).toBe(400);
    expect(action.body.error.message).toContain('/action');
  });

  it('are always POST JSON, whatever method and format the hook names', async () => {
    const { hook, inbox, ping } = await hookWithInbox({ method: 'PUT', format: 'form' });
    expect(hook).toMatchObject({ method: 'PUT', format: 'form' });
    expect(ping.method).toBe('POST');
    await fire({ type: 'code_challenge.created', hookIds: [hook.id] });
    const [capture] = await inbox.next(1);
    expect(capture!.method).toBe('POST');
    expect(sentHeaders(capture!)).toEqual(codewarsHeaders('code_challenge'));
    expect(capture!.json).toEqual(bodyShapes['code_challenge.created']);
  });

  it("add the hook's own headers and custom data, its headers winning over Codewars' defaults", async () => {
    const { hook, inbox } = await hookWithInbox({
      headers: { 'X-Trace': 'abc', 'user-agent': 'My Hookbot' },
      customData: { env: 'staging' },
    });
    await fire({ type: 'user.honor_changed', hookIds: [hook.id] });
    const [capture] = await inbox.next(1);
    expect(sentHeaders(capture!)).toEqual([
      ['Content-Type', 'application/json'],
      ['X-Webhook-Event', 'user'],
      ['X-Trace', 'abc'],
      ['user-agent', 'My Hookbot'],
    ]);
    expect(capture!.json).toEqual({ ...(bodyShapes['user.honor_changed'] as object), env: 'staging' });
  });

  it('are tried once: a failed delivery is not retried', async () => {
    const receiver = await startSink(() => ({ status: 500, body: 'nope' }));
    try {
      const { body: hook } = await core.api('POST', '/api/hooks', { provider: 'codewars', url: receiver.url });
      await receiver.received(1); // the creation ping
      const fired = await fire({ type: 'code_challenge.voted', hookIds: [hook.id] });
      const delivery = await settled(stream, fired.deliveries[0].id);
      expect(delivery.status).toBe('failed');
      expect(delivery.attempts).toHaveLength(1);
      expect(delivery.attempts[0].response.status).toBe(500);
      expect(receiver.requests).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });
});

describe('Codewars samples', () => {
  it('match their schemas and differ from one call to the next', async () => {
    const first = (await core.api('GET', '/api/providers')).body.items.find((provider: { id: string }) => provider.id === 'codewars');
    const second = (await core.api('GET', '/api/providers')).body.items.find((provider: { id: string }) => provider.id === 'codewars');
    for (const [index, eventType] of first.eventTypes.entries()) {
      const again = second.eventTypes[index];
      expect(schemaProblems(eventType.schema, eventType.sample), eventType.type).toEqual([]);
      expect(schemaProblems(again.schema, again.sample), eventType.type).toEqual([]);
      expect(again.sample, eventType.type).not.toEqual(eventType.sample);
    }
  });

  it('cover kyu and dan ranks, overall and per language, over many draws', () => {
    const rankEarned = codewars.eventTypes.find((eventType) => eventType.type === 'user.rank_earned')!;
    const samples = Array.from({ length: 300 }, () => rankEarned.sample({}) as { user: { rank: number }; language: string | null });
    for (const sample of samples) expect(schemaProblems(rankEarned.schema, sample)).toEqual([]);
    expect(samples.some((sample) => sample.user.rank < 0)).toBe(true);
    expect(samples.some((sample) => sample.user.rank > 0)).toBe(true);
    expect(samples.some((sample) => sample.language === null)).toBe(true);
    expect(samples.some((sample) => typeof sample.language === 'string')).toBe(true);
  });
});
