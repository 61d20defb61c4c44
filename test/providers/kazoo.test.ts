import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceleratedClock } from '../../electron/core/dispatcher/clock.js';
import { kazoo } from '../../electron/core/providers/kazoo/index.js';
import { schemaProblems } from '../../electron/core/providers/validation.js';
import { hex32 } from '../../electron/core/providers/samples.js';
import type { Capture } from '../../electron/shared/schemas.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { header, ingressCall, newInbox, type TestInbox } from '../helpers/providers.js';
import { openStream, settled, type EventStream } from '../helpers/stream.js';

const run = promisify(execFile);
const TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const HEX32 = /^[0-9a-f]{32}$/;
const TYPES = ['channel_create', 'channel_answer', 'channel_bridge', 'channel_destroy', 'object', 'parking', 'notifications'];

let core: TestCore;
let stream: EventStream;
let inboxCount = 0;

beforeAll(async () => {
  // Kazoo's 2 s retry wait passes 20x faster; everything else runs in real time.
  core = await startTestCore({ clock: acceleratedClock(20) });
  stream = await openStream(core);
});
afterAll(async () => {
  stream.close();
  await core.dispose();
});

/** The seed's curl commands, word for word; only the server and the placeholders change. */
const SEED = {
  list: `curl -v -X GET -H "X-Auth-Token: {AUTH_TOKEN}" http://server.com:8000/v1/accounts/{ACCOUNT_ID}/webhooks`,
  create: `curl -v -X PUT -H "X-Auth-Token: {AUTH_TOKEN}" -H "Content-Type: application/json" http://server.com:8000/v1/accounts/{ACCOUNT_ID}/webhooks -d '{"data":{"name":"New Calls", "uri":"http://my.server.com/calls/new.php", "http_verb":"post", "hook":"channel_create", "retries":3}}'`,
  get: `curl -v -X GET -H "X-Auth-Token: {AUTH_TOKEN}" http://server.com:8000/v1/accounts/{ACCOUNT_ID}/webhooks/{WEBHOOK_ID}`,
  edit: `curl -v -X POST -H "X-Auth-Token: {AUTH_TOKEN}" -H "Content-Type: application/json" http://server.com:8000/v1/accounts/{ACCOUNT_ID}/webhooks/{WEBHOOK_ID} -d '{"data":{"name":"New Calls", "uri":"http://my.server.com/calls/new_calls.php", "http_verb":"post", "hook":"channel_create", "retries":3}}'`,
  delete: `curl -v -X DELETE -H "X-Auth-Token: {AUTH_TOKEN}" http://server.com:8000/v1/accounts/{ACCOUNT_ID}/webhooks/{WEBHOOK_ID}`,
};

/** Runs a seed command with /usr/bin/curl: split as a shell would, then placeholders filled in. */
async function curl(command: string, values: Record<string, string>) {
  const words = [...command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3]!);
  expect(words[0]).toBe('curl');
  const args = words
    .slice(1)
    .map((word) =>
      word
        .replace('http://server.com:8000', `${core.ingressUrl}/p/kazoo`)
        .replace(/\{([A-Z_]+)\}/g, (_whole, name: string) => values[name]!),
    );
  const { stdout, stderr } = await run('/usr/bin/curl', args);
  const status = Number(/^< HTTP\/[\d.]+ (\d{3})/m.exec(stderr)?.[1]);
  return { status, body: JSON.parse(stdout) };
}

function kazooCall(method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  return ingressCall(core, method, `/p/kazoo${path}`, { body, headers: token === null ? {} : { 'X-Auth-Token': token } });
}

async function createWebhook(accountId: string, data: Record<string, unknown>, version = 'v2') {
  const { status, body } = await kazooCall('PUT', `/${version}/accounts/${accountId}/webhooks`, { data });
  expect(status, JSON.stringify(body)).toBe(201);
  return body.data;
}

async function fire(input: Record<string, unknown>) {
  const { status, body } = await core.api('POST', '/api/events', { provider: 'kazoo', ...input });
  expect(status, JSON.stringify(body)).toBe(202);
  return body;
}

async function inbox(): Promise<TestInbox> {
  return newInbox(core, `kazoo-${++inboxCount}`);
}

/** A loopback port with nothing listening: connections to it are refused. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Form pairs as Kazoo (and PHP, Rails) nest them: `k[sub]=v`, lists `k[]=v`. */
function formPairs(value: unknown, name = ''): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((element) => formPairs(element, `${name}[]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => formPairs(item, name ? `${name}[${key}]` : key));
  }
  return [[name, value === null ? '' : String(value)]];
}

const kazooHeaders = (capture: Capture) => ({ hook: header(capture, 'X-Hook-ID'), account: header(capture, 'X-Account-ID') });

describe('the seed curl commands, run verbatim', () => {
  it('list, create, get, edit and delete a webhook', async () => {
    const values = { AUTH_TOKEN: TOKEN, ACCOUNT_ID: hex32() };
    const empty = await curl(SEED.list, values);
    expect(empty).toMatchObject({ status: 200, body: { data: [], status: 'success', auth_token: TOKEN, page_size: 0 } });

    const created = await curl(SEED.create, values);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      data: {
        name: 'New Calls',
        uri: 'http://my.server.com/calls/new.php',
        http_verb: 'post',
        hook: 'channel_create',
        retries: 3,
        format: 'form-data',
        custom_data: {},
        enabled: true,
        include_internal_legs: true,
        id: expect.stringMatching(HEX32),
      },
      revision: expect.stringMatching(HEX32),
      request_id: expect.stringMatching(HEX32),
      status: 'success',
      auth_token: TOKEN,
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
      version: expect.any(String),
      node: expect.any(String),
    });
    const WEBHOOK_ID = created.body.data.id as string;
    const ids = { ...values, WEBHOOK_ID };

    const listed = await curl(SEED.list, values);
    expect(listed.body.data).toEqual([
      { id: WEBHOOK_ID, hook: 'channel_create', name: 'New Calls', uri: 'http://my.server.com/calls/new.php', enabled: true },
    ]);
    const fetched = await curl(SEED.get, ids);
    expect(fetched).toMatchObject({ status: 200, body: { data: created.body.data, status: 'success' } });

    // The webhook is an ordinary Hookbench hook: Kazoo's retries=3 means two retries 2 s apart.
    const { body: hooks } = await core.api('GET', '/api/hooks');
    const hook = hooks.items.find((candidate: { providerOptions: { id?: string } }) => candidate.providerOptions.id === WEBHOOK_ID);
    expect(hook).toMatchObject({
      provider: 'kazoo',
      name: 'New Calls',
      url: 'http://my.server.com/calls/new.php',
      events: ['channel_create'],
      method: 'POST',
      format: 'form',
      retry: { preset: 'custom', schedule: [2000, 2000] },
      providerOptions: { accountId: values.ACCOUNT_ID, id: WEBHOOK_ID },
    });

    const edited = await curl(SEED.edit, ids);
    expect(edited).toMatchObject({
      status: 200,
      body: { data: { ...created.body.data, uri: 'http://my.server.com/calls/new_calls.php' } },
    });
    expect((await curl(SEED.get, ids)).body.data.uri).toBe('http://my.server.com/calls/new_calls.php');

    const deleted = await curl(SEED.delete, ids);
    expect(deleted).toMatchObject({ status: 200, body: { data: edited.body.data, status: 'success' } });
    const gone = await curl(SEED.get, ids);
    expect(gone.status).toBe(404);
    expect((await curl(SEED.list, values)).body.data).toEqual([]);
  });
});

describe('the emulated Crossbar webhooks API', () => {
  const required = { required: { message: 'Field is required but missing' } };
  const validation = (data: unknown) => ({ data, error: '400', message: 'validation failed', status: 'error' });

  it('refuses a missing or unaccepted X-Auth-Token with 401 invalid_credentials', async () => {
    const path = `/v2/accounts/${hex32()}/webhooks`;
    const unauthorized = { data: { message: 'invalid credentials' }, error: '401', message: 'invalid_credentials', status: 'error' };
    const missing = await kazooCall('GET', path, undefined, null);
    expect(missing).toMatchObject({ status: 401, body: unauthorized });

    await core.api('PUT', '/api/providers/kazoo/settings', { acceptedTokens: [TOKEN] });
    try {
      const wrong = await kazooCall('PUT', path, { data: { name: 'x', uri: 'http://example.com/', hook: 'all' } }, 'not-the-token');
      expect(wrong).toMatchObject({ status: 401, body: { ...unauthorized, auth_token: 'not-the-token' } });
      expect((await kazooCall('GET', path)).status).toBe(200);
      // Crossbar itself accepts Bearer tokens too.
      const bearer = await ingressCall(core, 'GET', `/p/kazoo${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(bearer.status).toBe(200);
    } finally {
      await core.api('PUT', '/api/providers/kazoo/settings', { acceptedTokens: [] });
    }
  });

  it('answers 400 validation failed naming each field and the rule it breaks', async () => {
    const path = `/v2/accounts/${hex32()}/webhooks`;
    const base = { name: 'Calls', uri: 'http://example.com/calls', hook: 'channel_create' };
    const cases: [Record<string, unknown>, unknown][] = [
      [{ name: 'Calls', hook: 'channel_create' }, { uri: required }],
      [{}, { name: required, uri: required, hook: required }],
      [
        { ...base, hook: 'call_started' },
        { hook: { enum: { message: 'Value not found in enumerated list of values', target: ['all', ...TYPES] } } },
      ],
      [
        { ...base, http_verb: 'delete' },
        { http_verb: { enum: { message: 'Value not found in enumerated list of values', target: ['get', 'post', 'put'] } } },
      ],
      [
        { ...base, format: 'xml' },
        { format: { enum: { message: 'Value not found in enumerated list of values', target: ['form-data', 'json'] } } },
      ],
      [{ ...base, retries: 0 }, { retries: { minimum: { message: 'Value must be at least 1', target: 1 } } }],
      [{ ...base, retries: 6 }, { retries: { maximum: { message: 'Value must be at most 5', target: 5 } } }],
      [{ ...base, retries: 'two' }, { retries: { type: { message: 'Value did not match type(s): integer', target: 'integer' } } }],
      [
        { ...base, custom_data: { team: 7 } },
        { 'custom_data.team': { type: { message: 'Value did not match type(s): string', target: 'string' } } },
      ],
      [{ ...base, enabled: 'yes' }, { enabled: { type: { message: 'Value did not match type(s): boolean', target: 'boolean' } } }],
      [{ ...base, name: '' }, { name: { minLength: { message: 'String must be at least 1 characters', target: 1, cause: '' } } }],
    ];
    for (const [data, errors] of cases) {
      const { status, body } = await kazooCall('PUT', path, { data });
      expect({ status, body }, JSON.stringify(data)).toMatchObject({ status: 400, body: validation(errors) });
      expect(Object.keys(body.data)).toEqual(Object.keys(errors as object));
    }
    // A URL Hookbench never sends to (cloud metadata) is a uri error, with the reason.
    const refused = await kazooCall('PUT', path, { data: { ...base, uri: 'http://169.254.169.254/latest' } });
    expect(refused).toMatchObject({ status: 400, body: validation({ uri: { format: { message: expect.stringContaining('metadata') } } }) });
    const notJson = await ingressCall(core, 'PUT', `/p/kazoo${path}`, {
      body: '{"data": {"name": ',
      headers: { 'X-Auth-Token': TOKEN, 'Content-Type': 'application/json' },
    });
    expect(notJson).toMatchObject({
      status: 400,
      body: validation({ json: { invalid: { message: expect.stringContaining('not JSON') } } }),
    });
    expect((await kazooCall('GET', path)).body.data).toEqual([]);
  });

  it('answers 404 bad_identifier for an unknown webhook, another account’s webhook, or a malformed account id', async () => {
    const owner = hex32();
    const created = await createWebhook(owner, { name: 'Mine', uri: 'http://example.com/mine', hook: 'all' });
    const unknown = hex32();
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : { data: { name: 'x', uri: 'http://example.com/', hook: 'all' } };
      const answer = await kazooCall(method, `/v2/accounts/${owner}/webhooks/${unknown}`, body);
      expect(answer, method).toMatchObject({
        status: 404,
        body: { data: { cause: unknown, message: 'bad identifier' }, error: '404', message: 'bad_identifier', status: 'error' },
      });
    }
    const elsewhere = await kazooCall('GET', `/v2/accounts/${hex32()}/webhooks/${created.id}`);
    expect(elsewhere).toMatchObject({ status: 404, body: { data: { cause: created.id }, message: 'bad_identifier' } });
    const badAccount = await kazooCall('GET', '/v2/accounts/not-an-account/webhooks');
    expect(badAccount).toMatchObject({ status: 404, body: { data: { cause: 'not-an-account' }, message: 'bad_identifier' } });
    expect((await kazooCall('GET', `/v2/accounts/${owner}/webhooks/${created.id}`)).status).toBe(200);
  });

  it('PATCH merges into the webhook; POST replaces it, left-out fields returning to their defaults', async () => {
    const account = hex32();
    const created = await createWebhook(account, {
      name: 'CDR feed',
      uri: 'http://example.com/cdr',
      hook: 'channel_destroy',
      http_verb: 'put',
      format: 'json',
      retries: 4,
      custom_data: { region: 'eu' },
      include_subaccounts: true,
      crm_ref: 'C-9',
    });
    expect(created).toMatchObject({ http_verb: 'put', format: 'json', retries: 4, include_subaccounts: true, crm_ref: 'C-9' });
    const path = `/v2/accounts/${account}/webhooks/${created.id}`;

    const patched = await kazooCall('PATCH', path, { data: { name: 'CDR feed (EU)', custom_data: { tier: 'gold' } } });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toEqual({ ...created, name: 'CDR feed (EU)', custom_data: { region: 'eu', tier: 'gold' } });

    const replaced = await kazooCall('POST', path, { data: { name: 'CDR', uri: 'http://example.com/cdr2', hook: 'all' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.data).toEqual({
      id: created.id,
      name: 'CDR',
      uri: 'http://example.com/cdr2',
      hook: 'all',
      http_verb: 'post',
      format: 'form-data',
      retries: 2,
      custom_data: {},
      enabled: true,
      include_internal_legs: true,
    });
    const { body: hooks } = await core.api('GET', '/api/hooks');
    const hook = hooks.items.find((candidate: { providerOptions: { id?: string } }) => candidate.providerOptions.id === created.id);
    expect(hook).toMatchObject({ events: ['*'], method: 'POST', format: 'form', customData: {}, retry: { schedule: [2000] } });

    const invalid = await kazooCall('PATCH', path, { data: { retries: 9 } });
    expect(invalid).toMatchObject({ status: 400, body: { data: { retries: { maximum: { target: 5 } } } } });
  });

  it('serves /v1 and /v2 alike, and reads a JSON body whatever its Content-Type', async () => {
    const account = hex32();
    // curl -d without -H "Content-Type: application/json" sends a form content type.
    const created = await ingressCall(core, 'PUT', `/p/kazoo/v1/accounts/${account}/webhooks`, {
      body: '{"data":{"name":"Old client","uri":"http://example.com/old","hook":"channel_answer"}}',
      headers: { 'X-Auth-Token': TOKEN, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(created).toMatchObject({ status: 201, body: { data: { name: 'Old client', hook: 'channel_answer' } } });
    const viaV2 = await kazooCall('GET', `/v2/accounts/${account}/webhooks/${created.body.data.id}`);
    expect(viaV2.body.data).toEqual(created.body.data);
    const listV1 = await kazooCall('GET', `/v1/accounts/${account}/webhooks`);
    const listV2 = await kazooCall('GET', `/v2/accounts/${account}/webhooks`);
    expect(listV1.body.data).toEqual(listV2.body.data);
    expect(listV2.body.data).toHaveLength(1);
  });

  it('lists the available hook events at /v2/webhooks (no token needed, as on Kazoo) and sample payloads', async () => {
    const { status, body } = await kazooCall('GET', '/v2/webhooks', undefined, null);
    expect(status).toBe(200);
    expect(body.data.map((hook: { id: string }) => hook.id)).toEqual(TYPES);
    expect(body.data.find((hook: { id: string }) => hook.id === 'object').modifiers.action.items).toEqual([
      'doc_created',
      'doc_edited',
      'doc_deleted',
    ]);
    expect((await kazooCall('GET', '/v1/webhooks')).body.data).toHaveLength(TYPES.length);

    const samples = await kazooCall('GET', '/v2/webhooks/samples');
    expect(samples.body.data).toEqual(TYPES.map((type) => `webhooks_${type}`).sort());
    const parking = await kazooCall('GET', '/v2/webhooks/samples/webhooks_parking');
    expect(parking.body.data[0]).toMatchObject({ hook_event: 'parking', event_name: expect.stringMatching(/^PARK_/) });
    const unknown = await kazooCall('GET', '/v2/webhooks/samples/webhooks_nope');
    expect(unknown).toMatchObject({ status: 404, body: { data: ['webhooks_nope'], error: '404', message: 'bad identifier' } });
  });

  it('shows hooks made in Hookbench, with an id derived from their account and URL', async () => {
    const account = hex32();
    const target = await inbox();
    const made = await core.api('POST', '/api/hooks', {
      provider: 'kazoo',
      url: target.url,
      events: ['parking'],
      providerOptions: { accountId: account },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const [shown] = (await kazooCall('GET', `/v2/accounts/${account}/webhooks`)).body.data;
    expect(shown).toMatchObject({ id: expect.stringMatching(HEX32), hook: 'parking', uri: target.url, enabled: true });
    await fire({ type: 'parking', hookIds: [made.body.id] });
    const [capture] = await target.next(1);
    expect(kazooHeaders(capture!)).toEqual({ hook: shown.id, account });

    const refused = await core.api('POST', '/api/hooks', { provider: 'kazoo', url: target.url, providerOptions: { accountId: 'acme' } });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'invalid_provider_options' } } });
  });
});

/** A fresh sample of a type for an account, as Kazoo would send it. */
function sampleOf(type: string, accountId: string): Record<string, unknown> {
  return kazoo.eventTypes.find((eventType) => eventType.type === type)!.sample({ scope: accountId }) as Record<string, unknown>;
}

describe('deliveries', () => {
  it('send every event type as a GET query string, a nested form, or JSON, with X-Hook-ID, X-Account-ID and custom_data', async () => {
    const account = hex32();
    const custom_data = { crm_id: 'C-1042', team: 'support' };
    const [viaGet, viaForm, viaJson] = [await inbox(), await inbox(), await inbox()];
    const hooks = {
      get: await createWebhook(account, { name: 'Query', uri: viaGet.url, hook: 'all', http_verb: 'get', custom_data }),
      form: await createWebhook(account, { name: 'Form', uri: viaForm.url, hook: 'all', custom_data }),
      json: await createWebhook(account, { name: 'JSON', uri: viaJson.url, hook: 'all', http_verb: 'put', format: 'json', custom_data }),
    };
    for (const type of TYPES) {
      const payload = sampleOf(type, account);
      // Nested values, to see how each encoding carries them.
      if (type.startsWith('channel_')) payload['custom_channel_vars'] = { caller_priority: '2' };
      if (type === 'notifications') payload['to'] = ['ops@example.com', 'noc@example.com'];
      const fired = await fire({ type, payload });
      expect(fired.deliveries, type).toHaveLength(3);
      const expected = { ...payload, ...custom_data };

      const [query] = await viaGet.next(1);
      expect(query).toMatchObject({ method: 'GET', body: '', query: formPairs(expected) });
      expect(header(query!, 'content-type')).toBeUndefined();
      expect(kazooHeaders(query!)).toEqual({ hook: hooks.get.id, account });

      const [form] = await viaForm.next(1);
      expect(form).toMatchObject({ method: 'POST', form: formPairs(expected) });
      expect(header(form!, 'content-type')).toBe('application/x-www-form-urlencoded');
      expect(kazooHeaders(form!)).toEqual({ hook: hooks.form.id, account });
      if (type.startsWith('channel_')) expect(form!.form).toContainEqual(['custom_channel_vars[caller_priority]', '2']);
      if (type === 'notifications') expect(form!.form!.filter(([name]) => name === 'to[]').map(([, value]) => value)).toHaveLength(2);

      const [json] = await viaJson.next(1);
      expect(json).toMatchObject({ method: 'PUT', json: expected });
      expect(header(json!, 'content-type')).toBe('application/json');
      expect(kazooHeaders(json!)).toEqual({ hook: hooks.json.id, account });
    }
  });

  it('fill generated samples with the hook’s own account; explicit payloads reach only hooks of their account', async () => {
    const account = hex32();
    const target = await inbox();
    const created = await createWebhook(account, { name: 'Hangups', uri: target.url, hook: 'channel_destroy', format: 'json' });
    const { body: hooks } = await core.api('GET', '/api/hooks');
    const hookId = hooks.items.find((hook: { providerOptions: { id?: string } }) => hook.providerOptions.id === created.id).id;
    await fire({ type: 'channel_destroy', hookIds: [hookId] });
    const [capture] = await target.next(1);
    expect(capture!.json).toMatchObject({
      hook_event: 'channel_destroy',
      account_id: account,
      hangup_code: expect.stringMatching(/^sip:\d{3}$/),
    });

    const elsewhere = await fire({ type: 'channel_destroy', payload: sampleOf('channel_destroy', hex32()) });
    expect(elsewhere.deliveries).toEqual([]);

    // To a plain URL (no hook, so no account of its own) X-Account-ID names the payload's account.
    const other = hex32();
    await fire({ type: 'channel_destroy', url: target.url, payload: sampleOf('channel_destroy', other) });
    const [adHoc] = await target.next(1);
    expect(kazooHeaders(adHoc!).account).toBe(other);
  });

  it('retry a transport error once, 2 s later, with the default retries=2', async () => {
    const account = hex32();
    await createWebhook(account, { name: 'Down', uri: `http://127.0.0.1:${await deadPort()}/hook`, hook: 'channel_create' });
    const fired = await fire({ type: 'channel_create', payload: sampleOf('channel_create', account) });
    const delivery = await settled(stream, fired.deliveries[0].id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toHaveLength(2);
    for (const attempt of delivery.attempts) expect(attempt).toMatchObject({ error: { kind: 'refused' } });
    const [first, second] = delivery.attempts.map((attempt: { startedAt: string }) => Date.parse(attempt.startedAt));
    expect(second - first).toBeGreaterThanOrEqual(2000);
  });

  it('never retry an answer other than 200, even 2xx ones', async () => {
    for (const status of [500, 202]) {
      const account = hex32();
      const target = await inbox();
      await core.api('PATCH', `/api/inboxes/${target.id}`, { response: { status } });
      await createWebhook(account, { name: `Answers ${status}`, uri: target.url, hook: 'object', retries: 5 });
      const fired = await fire({ type: 'object', payload: sampleOf('object', account) });
      const delivery = await settled(stream, fired.deliveries[0].id);
      expect(delivery, String(status)).toMatchObject({ status: 'failed', attempts: [{ response: { status } }] });
      await target.next(1);
    }
  });

  it('disable a hook after six failures within a minute; PATCH re-enable turns it back on', async () => {
    const account = hex32();
    const created = await createWebhook(account, {
      name: 'Flaky',
      uri: `http://127.0.0.1:${await deadPort()}/hook`,
      hook: 'channel_answer',
      retries: 1,
    });
    const path = `/v2/accounts/${account}/webhooks`;
    const failOnce = async () => {
      const fired = await fire({ type: 'channel_answer', payload: sampleOf('channel_answer', account) });
      expect((await settled(stream, fired.deliveries[0].id)).attempts).toHaveLength(1);
    };
    for (let failure = 1; failure <= 5; failure++) await failOnce();
    expect((await kazooCall('GET', `${path}/${created.id}`)).body.data.enabled).toBe(true);
    await failOnce();

    const disabled = await kazooCall('GET', `${path}/${created.id}`);
    expect(disabled.body.data).toMatchObject({ enabled: false, disable_reason: '6 failed attempts within 60 s' });
    expect((await kazooCall('GET', path)).body.data).toEqual([
      expect.objectContaining({ id: created.id, enabled: false, disable_reason: '6 failed attempts within 60 s' }),
    ]);
    expect((await fire({ type: 'channel_answer', payload: sampleOf('channel_answer', account) })).deliveries).toEqual([]);

    const missing = await kazooCall('PATCH', path, { data: {} });
    expect(missing).toMatchObject({
      status: 400,
      body: {
        data: { 're-enable': { required: { message: 're-enable is required to patch collections' } } },
        message: 'validation failed',
      },
    });
    const refused = await kazooCall('PATCH', path, { data: { 're-enable': false } });
    expect(refused).toMatchObject({ status: 400, body: { data: { 're-enable': { enum: { target: [true] } } } } });
    const paused = await createWebhook(account, { name: 'Paused', uri: 'http://example.com/paused', hook: 'all', enabled: false });
    const reenabled = await kazooCall('PATCH', path, { data: { 're-enable': true } });
    expect(reenabled).toMatchObject({ status: 200, body: { data: 'hooks updated', status: 'success' } });
    const { body } = await kazooCall('GET', `${path}/${created.id}`);
    expect(body.data.enabled).toBe(true);
    expect(body.data).not.toHaveProperty('disable_reason');
    // A hook its owner turned off stays off.
    expect((await kazooCall('GET', `${path}/${paused.id}`)).body.data.enabled).toBe(false);
  });
});

describe('the Kazoo catalog', () => {
  it('has every hook event, with Kazoo defaults and account scope', async () => {
    const { body } = await core.api('GET', '/api/providers');
    const provider = body.items.find((candidate: { id: string }) => candidate.id === 'kazoo');
    expect(provider).toMatchObject({
      name: 'Kazoo',
      hookDefaults: { method: 'POST', format: 'form', retry: { preset: 'custom', schedule: [2000] }, generatesSecret: false },
      scope: { option: 'accountId', label: 'Account' },
      emulatorUrl: `${core.ingressUrl}/p/kazoo`,
      hookOptions: { required: ['accountId'] },
    });
    expect(provider.eventTypes.map((eventType: { type: string }) => eventType.type)).toEqual(TYPES);
    const again = (await core.api('GET', '/api/providers')).body.items.find((candidate: { id: string }) => candidate.id === 'kazoo');
    for (const [index, eventType] of provider.eventTypes.entries()) expect(eventType.sample).not.toEqual(again.eventTypes[index].sample);
  });

  it('generates samples that match their schemas, differ, and leave out fields without a value', () => {
    const account = hex32();
    for (const eventType of kazoo.eventTypes) {
      const samples = Array.from({ length: 40 }, () => eventType.sample({ scope: account }) as Record<string, unknown>);
      for (const sample of samples) {
        expect(schemaProblems(eventType.schema, sample), `${eventType.type}: ${JSON.stringify(sample)}`).toEqual([]);
        expect(sample['account_id']).toBe(account);
        expect(Object.values(sample)).not.toContain(null);
        expect(Object.values(sample)).not.toContain(undefined);
        if (eventType.type === 'object') expect(sample).not.toHaveProperty('hook_event');
        else expect(sample['hook_event']).toBe(eventType.type);
      }
      expect(samples[0]).not.toEqual(samples[1]);
      // Which optional fields appear varies from one sample to the next.
      if (eventType.type !== 'object') expect(new Set(samples.map((sample) => Object.keys(sample).length)).size).toBeGreaterThan(1);
    }
    const [destroy] = [sampleOf('channel_destroy', account)];
    expect(destroy).toMatchObject({ call_id: expect.any(String), hangup_code: expect.stringMatching(/^sip:\d{3}$/) });
    const unixSeconds = (destroy['timestamp'] as number) - 62_167_219_200;
    expect(Math.abs(unixSeconds - Date.now() / 1000)).toBeLessThan(3600);
    expect(destroy['duration_seconds']).toBe((destroy['ringing_seconds'] as number) + (destroy['billing_seconds'] as number));
  });
});
