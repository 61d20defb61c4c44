import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capture } from '../../electron/shared/schemas.js';
import { challengeme } from '../../electron/core/providers/challengeme/index.js';
import { schemaProblems } from '../../electron/core/providers/validation.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { ingressCall, newInbox, type IngressResponse, type TestInbox } from '../helpers/providers.js';

let core: TestCore;
let inboxCount = 0;

beforeAll(async () => {
  core = await startTestCore();
});
afterAll(async () => {
  await core.dispose();
});

const ACCESS = { authorization: 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6Ikp.webhook-access' };
const BASE = '/p/challengeme/api/v1/webhooks/events';
const BOTH = ['Submitted Challenge', 'Started Challenge'];

/** A call to the emulated API as a ChallengeMe client makes it: a Bearer access token, JSON bodies. */
function call(method: string, route: string, body?: unknown, base = BASE): Promise<IngressResponse> {
  return ingressCall(core, method, `${base}${route}`, { headers: ACCESS, ...(body === undefined ? {} : { body }) });
}

async function inbox(): Promise<TestInbox> {
  return newInbox(core, `challengeme-${++inboxCount}`);
}

async function register(teamId: string, body: Record<string, unknown>) {
  const answer = await call('POST', `/registration/${teamId}`, body);
  expect(answer, JSON.stringify(answer.body)).toMatchObject({ status: 201, body: { message: 'Events Registration Success' } });
}

async function teamHooks(teamId: string): Promise<any[]> {
  const { body } = await core.api('GET', '/api/hooks');
  return body.items.filter((hook: any) => hook.provider === 'challengeme' && hook.providerOptions.teamId === teamId);
}

async function fire(input: Record<string, unknown>) {
  const { status, body } = await core.api('POST', '/api/events', { provider: 'challengeme', ...input });
  expect(status, JSON.stringify(body)).toBe(202);
  return body;
}

/** The headers a capture shows, minus those the HTTP client adds for transport. */
function sentHeaders(capture: Capture): [string, string][] {
  const transport = new Set(['host', 'content-length', 'connection']);
  return capture.headers.filter(([name]) => !transport.has(name.toLowerCase()));
}

function axiosHeaders(token?: string): [string, string][] {
  return [
    ['Accept', 'application/json, text/plain, */*'],
    ['Content-Type', 'application/json;charset=utf-8'],
    ...(token ? [['Authorization', `token ${token}`] as [string, string]] : []),
    ['User-Agent', 'axios/0.20.0'],
  ];
}

describe('the emulated ChallengeMe webhook API', () => {
  it('lists the events under /webhooks/ and under the /webhook/ spelling of its docs', async () => {
    expect(await call('GET', '/all')).toMatchObject({ status: 200, body: BOTH });
    expect(await call('GET', '/all', undefined, '/p/challengeme/api/v1/webhook/events')).toMatchObject({ status: 200, body: BOTH });
    expect(await call('GET', '/all?name=start')).toMatchObject({ status: 200, body: ['Started Challenge'] });
  });

  it('answers 400 without an access token and 401 for one Hookbench does not accept', async () => {
    const teamId = randomUUID();
    for (const [method, route] of [
      ['GET', '/all'],
      ['GET', `/registered/${teamId}`],
      ['POST', `/registration/${teamId}`],
      ['PATCH', `/authorization/${teamId}`],
      ['PATCH', `/url/${teamId}`],
      ['DELETE', `/logout/${teamId}`],
    ] as const) {
      const bare = await ingressCall(core, method, `${BASE}${route}`, method === 'GET' ? {} : { body: {} });
      expect(bare, route).toMatchObject({ status: 400, body: { message: 'Access Token Required' } });
    }
    const alias = await ingressCall(core, 'GET', '/p/challengeme/api/v1/webhook/events/all');
    expect(alias).toMatchObject({ status: 400, body: { message: 'Access Token Required' } });

    const settings = await core.api('PUT', '/api/providers/challengeme/settings', { acceptedTokens: ['team-access-token'] });
    expect(settings.status).toBe(200);
    try {
      const wrong = await ingressCall(core, 'GET', `${BASE}/all`, { headers: { authorization: 'Bearer another-token' } });
      expect(wrong).toMatchObject({ status: 401, body: { message: 'Invalid Access Token' } });
      const noToken = await ingressCall(core, 'GET', `${BASE}/all`, { headers: { authorization: 'Bearer' } });
      expect(noToken).toMatchObject({ status: 401, body: { message: 'Invalid Access Token' } });
      const right = await ingressCall(core, 'GET', `${BASE}/all`, { headers: { authorization: 'Bearer team-access-token' } });
      expect(right).toMatchObject({ status: 200, body: BOTH });
    } finally {
      await core.api('PUT', '/api/providers/challengeme/settings', { acceptedTokens: [] });
    }
  });

  it('registers a team, lists the registration, and delivers both events as axios would', async () => {
    const teamId = randomUUID();
    const receiver = await inbox();
    expect(await call('GET', `/registered/${teamId}`)).toMatchObject({
      status: 200,
      body: { message: 'This team are not registered on any event on our system' },
    });
    await register(teamId, {
      webhookUrl: receiver.url,
      events: ['submittedChallenge', 'startedChallenge'],
      authorizationToken: 'abc123XYZ',
    });

    const listed = await call('GET', `/registered/${teamId}`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      {
        teamId,
        teamName: expect.stringMatching(/^[A-Za-z0-9]+$/),
        webhookUrl: receiver.url,
        authorizationToken: 'abc123XYZ',
        events: BOTH,
      },
    ]);
    const teamName = listed.body[0].teamName;

    const [hook] = await teamHooks(teamId);
    expect(hook).toMatchObject({
      url: receiver.url,
      events: BOTH,
      method: 'POST',
      timeoutMs: 120_000,
      retry: { preset: 'none', schedule: [] },
      secret: '',
      providerOptions: { teamId, teamName, authorizationToken: 'abc123XYZ' },
    });

    await fire({ type: 'Submitted Challenge' });
    const [submitted] = await receiver.next(1);
    expect(submitted!.method).toBe('POST');
    expect(sentHeaders(submitted!)).toEqual(axiosHeaders('abc123XYZ'));
    expect(submitted!.json).toEqual({
      eventName: 'Submitted Challenge',
      userName: expect.any(String),
      challengeName: expect.any(String),
      submissionState: expect.stringMatching(/^(SUCCESS|FAIL)$/),
      challengeId: expect.any(Number),
      team: teamName,
    });

    await fire({ type: 'startedChallenge' });
    const [started] = await receiver.next(1);
    expect(sentHeaders(started!)).toEqual(axiosHeaders('abc123XYZ'));
    expect(started!.json).toEqual({
      eventName: 'Started Challenge',
      userName: expect.any(String),
      challengeName: expect.any(String),
      challengeId: expect.stringMatching(/^[0-9]+$/),
      team: teamName,
    });
  });

  it('adds events to an existing registration, and refuses ones it has or does not know', async () => {
    const teamId = randomUUID();
    const receiver = await inbox();
    await register(teamId, { webhookUrl: receiver.url, events: ['Started Challenge'] });
    expect(await call('POST', `/registration/${teamId}`, { webhookUrl: receiver.url, events: ['Started Challenge'] })).toMatchObject({
      status: 409,
      body: { message: 'You already registered with Started Challenge event' },
    });
    expect(
      await call('POST', `/registration/${teamId}`, { webhookUrl: receiver.url, events: ['Nope', 'Started Challenge'] }),
    ).toMatchObject({ status: 404, body: { message: 'There is no such events as Nope' } });
    expect(await call('POST', `/registration/${teamId}`, { webhookUrl: receiver.url, events: ['Nope', 'Never'] })).toMatchObject({
      status: 404,
      body: { message: 'There is no such events' },
    });

    await register(teamId, { webhookUrl: receiver.url, events: ['Submitted Challenge'] });
    const hooks = await teamHooks(teamId);
    expect(hooks).toHaveLength(1);
    expect(hooks[0].events).toEqual(['Started Challenge', 'Submitted Challenge']);
    // No token was given: deliveries carry no Authorization, the listing shows null.
    expect((await call('GET', `/registered/${teamId}`)).body[0].authorizationToken).toBeNull();
    await fire({ type: 'Started Challenge', hookIds: [hooks[0].id] });
    const [started] = await receiver.next(1);
    expect(sentHeaders(started!)).toEqual(axiosHeaders());

    expect(await call('POST', `/registration/${teamId}`, { webhookUrl: receiver.url, events: BOTH })).toMatchObject({
      status: 409,
      body: { message: 'You already registered with Submitted Challenge,Started Challenge events' },
    });
  });

  it('refuses bad registration bodies with Joi’s words, and team ids that are no UUID', async () => {
    const teamId = randomUUID();
    const cases: [unknown, string][] = [
      [{ events: BOTH }, '"webhookUrl" is required'],
      [{ webhookUrl: 'not a url', events: BOTH }, '"webhookUrl" must be a valid uri'],
      [{ webhookUrl: 'http://127.0.0.1:9/hook' }, '"events" is required'],
      [{ webhookUrl: 'http://127.0.0.1:9/hook', events: [] }, '"events" must contain at least 1 items'],
      [{ webhookUrl: 'http://127.0.0.1:9/hook', events: 'Started Challenge' }, '"events" must be an array'],
      [
        { webhookUrl: 'http://127.0.0.1:9/hook', events: ['started_challenge'] },
        '"events[0]" with value "started_challenge" fails to match the required pattern: /^[a-zA-Z\\s]*$/',
      ],
      [{ webhookUrl: 'http://127.0.0.1:9/hook', events: BOTH, authorizationToken: '' }, '"authorizationToken" is not allowed to be empty'],
      [{ webhookUrl: 'http://127.0.0.1:9/hook', events: BOTH, team: 'x' }, '"team" is not allowed'],
    ];
    for (const [body, message] of cases) {
      expect(await call('POST', `/registration/${teamId}`, body), message).toMatchObject({
        status: 400,
        body: { success: false, message },
      });
    }
    expect(await call('POST', '/registration/team-7', { webhookUrl: 'http://127.0.0.1:9/hook', events: BOTH })).toMatchObject({
      status: 404,
      body: { message: 'There is no such team with team-7 team id' },
    });
    // A URI Joi accepts but Hookbench cannot deliver to: the real server's catch-all 400, with the reason.
    expect(await call('POST', `/registration/${teamId}`, { webhookUrl: 'ftp://127.0.0.1/hook', events: BOTH })).toMatchObject({
      status: 400,
      body: { message: 'Cannot process request', reason: expect.stringContaining('Only http and https') },
    });
    expect(await teamHooks(teamId)).toEqual([]);
  });

  it('updates the token and the URL of a registration, and says fot when there is none', async () => {
    const teamId = randomUUID();
    const first = await inbox();
    const second = await inbox();
    await register(teamId, { webhookUrl: first.url, events: ['Submitted Challenge'], authorizationToken: 'old-token' });

    const missing = 'http://127.0.0.1:9/elsewhere';
    expect(await call('PATCH', `/authorization/${teamId}`, { webhookUrl: missing, authorizationToken: 'new-token' })).toMatchObject({
      status: 404,
      body: { message: `Update Authorization Token Fail, There is no webhook url '${missing}' fot this team` },
    });
    expect(await call('PATCH', `/authorization/${teamId}`, { webhookUrl: first.url })).toMatchObject({
      status: 400,
      body: { success: false, message: '"authorizationToken" is required' },
    });
    expect(await call('PATCH', `/authorization/${teamId}`, { webhookUrl: first.url, authorizationToken: 'new-token' })).toMatchObject({
      status: 200,
      body: { message: 'Update Authorization Token Success' },
    });

    expect(await call('PATCH', `/url/${teamId}`, { oldWebhookUrl: missing, newWebhookUrl: second.url })).toMatchObject({
      status: 404,
      body: { message: `Update url Fail, There is no webhook url '${missing}' fot this team` },
    });
    expect(await call('PATCH', `/url/${teamId}`, { oldWebhookUrl: first.url })).toMatchObject({
      status: 400,
      body: { success: false, message: '"newWebhookUrl" is required' },
    });
    const moved = await call(
      'PATCH',
      `/url/${teamId}`,
      { oldWebhookUrl: first.url, newWebhookUrl: second.url },
      '/p/challengeme/api/v1/webhook/events',
    );
    expect(moved).toMatchObject({ status: 200, body: { message: 'Update Url Success' } });

    const [hook] = await teamHooks(teamId);
    expect(hook).toMatchObject({ url: second.url, providerOptions: { authorizationToken: 'new-token' } });
    await fire({ type: 'Submitted Challenge', hookIds: [hook.id] });
    const [delivered] = await second.next(1);
    expect(sentHeaders(delivered!)).toEqual(axiosHeaders('new-token'));
  });

  it('logs out of events, and refuses events the URL is not registered to', async () => {
    const teamId = randomUUID();
    const receiver = await inbox();
    const other = 'http://127.0.0.1:9/other';
    expect(await call('DELETE', `/logout/${teamId}`, { webhookUrl: receiver.url, events: BOTH })).toMatchObject({
      status: 406,
      body: { message: "You are not registered to this events: 'Submitted Challenge,Started Challenge' with the specified webhookUrl" },
    });
    await register(teamId, { webhookUrl: receiver.url, events: BOTH });
    expect(await call('DELETE', `/logout/${teamId}`, { webhookUrl: other, events: ['startedChallenge'] })).toMatchObject({
      status: 406,
      body: { message: "You are not registered to this events: 'startedChallenge' with the specified webhookUrl" },
    });
    expect(await call('DELETE', `/logout/${teamId}`, { webhookUrl: receiver.url, events: [] })).toMatchObject({
      status: 400,
      body: { success: false, message: '"events" must contain at least 1 items' },
    });

    expect(await call('DELETE', `/logout/${teamId}`, { webhookUrl: receiver.url, events: ['startedChallenge'] })).toMatchObject({
      status: 200,
      body: { message: 'Logout from startedChallenge Events Success' },
    });
    expect((await teamHooks(teamId))[0].events).toEqual(['Submitted Challenge']);
    expect(
      await call('DELETE', `/logout/${teamId}`, { webhookUrl: receiver.url, events: ['Started Challenge', 'Submitted Challenge'] }),
    ).toMatchObject({
      status: 406,
      body: { message: "You are not registered to this events: 'Started Challenge' with the specified webhookUrl" },
    });
    const last = await call(
      'DELETE',
      `/logout/${teamId}`,
      { webhookUrl: receiver.url, events: ['Submitted Challenge'] },
      '/p/challengeme/api/v1/webhook/events',
    );
    expect(last).toMatchObject({ status: 200, body: { message: 'Logout from Submitted Challenge Events Success' } });
    expect(await teamHooks(teamId)).toEqual([]);
    expect((await call('GET', `/registered/${teamId}`)).body).toEqual({
      message: 'This team are not registered on any event on our system',
    });
  });
});

describe('ChallengeMe hooks made in Hookbench', () => {
  it('send samples that name the hook’s own team', async () => {
    const receiver = await inbox();
    const teamId = randomUUID();
    const { status, body: hook } = await core.api('POST', '/api/hooks', {
      provider: 'challengeme',
      url: receiver.url,
      providerOptions: { teamId, teamName: 'SeansBoys', authorizationToken: 'tok-1' },
    });
    expect(status, JSON.stringify(hook)).toBe(201);
    await fire({ type: 'Started Challenge', hookIds: [hook.id] });
    const [started] = await receiver.next(1);
    expect(started!.json).toMatchObject({ eventName: 'Started Challenge', team: 'SeansBoys' });
    expect(sentHeaders(started!)).toEqual(axiosHeaders('tok-1'));
  });

  it('need a UUID team id', async () => {
    const { status, body } = await core.api('POST', '/api/hooks', {
      provider: 'challengeme',
      url: 'http://127.0.0.1:9/hook',
      providerOptions: { teamId: 'teamC' },
    });
    expect(status).toBe(400);
    expect(body.error.message).toContain('providerOptions.teamId');
  });

  it('get an explicit payload only when its team is theirs', async () => {
    const [ours, theirs] = [await inbox(), await inbox()];
    const ourTeam = randomUUID();
    await register(ourTeam, { webhookUrl: ours.url, events: ['Submitted Challenge'] });
    const theirTeam = randomUUID();
    const { body: theirHook } = await core.api('POST', '/api/hooks', {
      provider: 'challengeme',
      url: theirs.url,
      events: ['Submitted Challenge'],
      providerOptions: { teamId: theirTeam },
    });
    const ourName = (await call('GET', `/registered/${ourTeam}`)).body[0].teamName;
    const payload = {
      eventName: 'Submitted Challenge',
      userName: 'dannyDaKid',
      challengeName: 'Calculator',
      submissionState: 'FAIL',
      challengeId: 34,
      team: ourName,
    };
    const fired = await fire({ type: 'Submitted Challenge', payload });
    expect(fired.deliveries.map((delivery: { url: string }) => delivery.url)).toEqual([ours.url]);
    const [received] = await ours.next(1);
    expect(received!.body).toBe(JSON.stringify(payload));

    // A hook that stores no team name is known by the name its samples carry.
    await fire({ type: 'Submitted Challenge', hookIds: [theirHook.id] });
    const [sample] = await theirs.next(1);
    const theirName = (sample!.json as { team: string }).team;
    const again = await fire({ type: 'Submitted Challenge', payload: { ...payload, team: theirName } });
    expect(again.deliveries.map((delivery: { hookId: string }) => delivery.hookId)).toEqual([theirHook.id]);

    const nobody = await fire({ type: 'Submitted Challenge', payload: { ...payload, team: 'NoSuchTeam' } });
    expect(nobody.deliveries).toEqual([]);
    const wrongType = await core.api('POST', '/api/events', {
      provider: 'challengeme',
      type: 'Submitted Challenge',
      payload: { ...payload, challengeId: '34' },
    });
    expect(wrongType.status).toBe(400);
  });
});

describe('ChallengeMe samples', () => {
  it('match their schemas and differ from one another', async () => {
    for (const eventType of challengeme.eventTypes) {
      const samples = [eventType.sample({}), eventType.sample({}), eventType.sample({ scope: randomUUID() })];
      for (const sample of samples) expect(schemaProblems(eventType.schema, sample), eventType.type).toEqual([]);
      expect(samples[0]).not.toEqual(samples[1]);
    }
    const { body } = await core.api('GET', '/api/providers');
    const provider = body.items.find((candidate: { id: string }) => candidate.id === 'challengeme');
    expect(provider).toMatchObject({
      scope: { option: 'teamId', label: 'Team' },
      emulatorUrl: `${core.ingressUrl}/p/challengeme`,
      hookDefaults: { method: 'POST', format: 'json', timeoutMs: 120_000, generatesSecret: false },
    });
    for (const eventType of provider.eventTypes) {
      expect(eventType.aliases).toHaveLength(1);
      expect(schemaProblems(eventType.schema, eventType.sample), eventType.type).toEqual([]);
    }
  });
});
