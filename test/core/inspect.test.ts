import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capture } from '../../electron/shared/schemas.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { newInbox, type TestInbox } from '../helpers/providers.js';

let core: TestCore;
beforeAll(async () => {
  core = await startTestCore();
});
afterAll(() => core.dispose());

const ACCOUNT = 'a'.repeat(32);
const TEAM = '3f1c2a9e-5b7d-4c1e-9a2b-7d6e5f4c3b2a';
const ORGANIZATION = 'b'.repeat(24);

async function hookTo(inbox: TestInbox, input: Record<string, unknown>): Promise<string> {
  const { status, body } = await core.api('POST', '/api/hooks', { url: inbox.url, ...input });
  expect(status, JSON.stringify(body)).toBe(201);
  return body.id;
}

async function fire(input: Record<string, unknown>) {
  const { status, body } = await core.api('POST', '/api/events', input);
  expect(status, JSON.stringify(body)).toBe(202);
  return body;
}

const check = async (capture: Capture) => (await core.api('GET', `/api/requests/${capture.id}/check`)).body;

/** Sends a request to an inbox as any sender would; returns the capture id. */
async function send(inbox: TestInbox, headers: Record<string, string>, body: string): Promise<string> {
  const response = await request(inbox.url, { method: 'POST', headers, body });
  await response.body.dump();
  return response.headers['x-hookbench-capture-id'] as string;
}

describe('payload checks: each provider detected from a real Hookbench delivery', () => {
  const cases: [provider: string, type: string, options: Record<string, unknown>, extra?: Record<string, unknown>][] = [
    ['generic', 'ping', {}],
    ['kazoo', 'channel_destroy', { accountId: ACCOUNT }],
    ['kazoo', 'channel_create', { accountId: ACCOUNT }, { format: 'json' }],
    ['kazoo', 'channel_answer', { accountId: ACCOUNT }, { method: 'GET' }],
    ['khan', 'ClanCreated', { gameID: 'kingdoms-of-amber' }],
    ['vyte', 'event.cancelled', { organization: ORGANIZATION }],
    ['challengeme', 'Submitted Challenge', { teamId: TEAM, authorizationToken: 'team-token' }],
    // Without a team token there is no Authorization header: axios' User-Agent still tells.
    ['challengeme', 'Started Challenge', { teamId: TEAM }],
    ['codewars', 'user.honor_changed', {}],
  ];
  it.each(cases)('%s %s', async (provider, type, providerOptions, extra = {}) => {
    const inbox = await newInbox(core, `check-${provider}-${type.replace(/[^a-z]/gi, '')}-${Object.keys(extra).join('')}`);
    const hookId = await hookTo(inbox, { provider, events: [type], providerOptions, ...extra });
    // A new Codewars hook is pinged (webhook.updated) before anything is fired.
    const before = provider === 'codewars' ? await inbox.next(1) : [];
    if (provider === 'codewars') expect(await check(before[0]!)).toMatchObject({ provider, type: 'webhook.updated', problems: [] });
    await fire({ provider, type, hookIds: [hookId] });
    const [capture] = await inbox.next(1);
    expect(await check(capture!)).toEqual({
      provider,
      providerName: expect.any(String),
      type,
      known: true,
      problems: [],
    });
  });

  it('a capture no provider sends is not labelled', async () => {
    const inbox = await newInbox(core, 'check-plain');
    const id = await send(inbox, { 'content-type': 'application/json' }, '{"hello":"world"}');
    expect((await core.api('GET', `/api/requests/${id}/check`)).body).toEqual({ provider: null });
    expect((await core.api('GET', '/api/requests/req_nope/check')).status).toBe(404);
  });
});

describe('payload checks: a broken payload fired with validate:false', () => {
  it('lists generic problems by pointer into the capture body', async () => {
    const inbox = await newInbox(core, 'check-broken-generic');
    const hookId = await hookTo(inbox, { provider: 'generic', events: ['ping'] });
    await fire({ provider: 'generic', type: 'ping', hookIds: [hookId], validate: false, payload: { message: 7, nonce: 'x' } });
    const [capture] = await inbox.next(1);
    const result = await check(capture!);
    expect(result).toMatchObject({ provider: 'generic', type: 'ping', known: true });
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { pointer: '/data/message', reason: 'must be string' },
        { pointer: '/data/nonce', reason: expect.stringContaining('uuid') },
      ]),
    );
  });

  it('checks a Kazoo form by the schema types, and names missing fields', async () => {
    const inbox = await newInbox(core, 'check-broken-kazoo');
    const hookId = await hookTo(inbox, { provider: 'kazoo', events: ['channel_destroy'], providerOptions: { accountId: ACCOUNT } });
    const { body: providers } = await core.api('GET', '/api/providers');
    const kazoo = (providers.items ?? providers).find((provider: { id: string }) => provider.id === 'kazoo');
    const sample = kazoo.eventTypes.find((eventType: { type: string }) => eventType.type === 'channel_destroy').sample;
    const { call_id: _dropped, ...payload } = { ...sample, account_id: ACCOUNT, duration_seconds: 'long' };
    await fire({ provider: 'kazoo', type: 'channel_destroy', hookIds: [hookId], validate: false, payload });
    const [capture] = await inbox.next(1);
    expect(capture!.contentType).toContain('x-www-form-urlencoded');
    const result = await check(capture!);
    expect(result).toMatchObject({ provider: 'kazoo', providerName: 'Kazoo', type: 'channel_destroy' });
    // Numbers that arrived as form text are not problems; the word "long" is.
    expect(result.problems).toEqual([
      { pointer: '', reason: 'must have property "call_id"' },
      { pointer: '/duration_seconds', reason: 'must be integer' },
    ]);
  });

  it('names an event type the catalog does not have', async () => {
    const inbox = await newInbox(core, 'check-unknown-type');
    const id = await send(
      inbox,
      { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
      '{"type":"order.paid","timestamp":"now","data":{}}',
    );
    expect((await core.api('GET', `/api/requests/${id}/check`)).body).toMatchObject({
      provider: 'generic',
      type: 'order.paid',
      known: false,
      problems: [{ pointer: '/data', reason: expect.stringContaining('order.paid') }],
    });
  });
});

describe('diff of two captures', () => {
  it('lists header changes case- and order-insensitively, and JSON changes by path', async () => {
    const inbox = await newInbox(core, 'diff-json');
    const a = await send(
      inbox,
      { 'content-type': 'application/json', 'X-Same': '1', 'X-Old': 'gone', 'X-Order': 'one' },
      JSON.stringify({ user: { id: 1, name: 'Ada' }, tags: ['a', 'b'], keep: true }),
    );
    const b = await send(
      inbox,
      { 'x-order': 'two', 'x-same': '1', 'Content-Type': 'application/json', 'X-New': 'here' },
      JSON.stringify({ keep: true, user: { id: '1', name: 'Ada', admin: true }, tags: ['a'] }),
    );
    const { status, body } = await core.api('GET', `/api/requests/${a}/diff/${b}`);
    expect(status).toBe(200);
    expect(body.headers.filter((change: { name: string }) => change.name.startsWith('x-'))).toEqual([
      { name: 'x-new', a: null, b: 'here', change: 'added' },
      { name: 'x-old', a: 'gone', b: null, change: 'removed' },
      { name: 'x-order', a: 'one', b: 'two', change: 'changed' },
    ]);
    expect(body.json).toEqual([
      { path: '/user/id', a: 1, b: '1', change: 'changed' },
      { path: '/user/admin', a: null, b: true, change: 'added' },
      { path: '/tags/1', a: 'b', b: null, change: 'removed' },
    ]);
    expect(body.body.equal).toBe(false);
    expect(body.body.firstDifference).toBe(2);
  });

  it('compares bodies that are not JSON as bytes', async () => {
    const inbox = await newInbox(core, 'diff-text');
    const a = await send(inbox, { 'content-type': 'text/plain' }, 'hello world');
    const b = await send(inbox, { 'content-type': 'text/plain' }, 'hello there');
    const c = await send(inbox, { 'content-type': 'text/plain' }, 'hello world');
    const { body } = await core.api('GET', `/api/requests/${a}/diff/${b}`);
    expect(body).toMatchObject({ json: null, body: { equal: false, firstDifference: 6, sizeA: 11, sizeB: 11 } });
    const same = await core.api('GET', `/api/requests/${a}/diff/${c}`);
    expect(same.body.body).toEqual({ equal: true, firstDifference: null, sizeA: 11, sizeB: 11 });
    expect((await core.api('GET', `/api/requests/${a}/diff/req_nope`)).status).toBe(404);
  });
});
