import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vyte } from '../../electron/core/providers/vyte/index.js';
import { schemaProblems } from '../../electron/core/providers/validation.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { ingressCall, newInbox } from '../helpers/providers.js';

let core: TestCore;
let keyCount = 0;
let inboxCount = 0;

beforeAll(async () => {
  core = await startTestCore();
});
afterAll(async () => {
  await core.dispose();
});

const ACTIONS = ['event.created', 'event.confirmed', 'event.updated', 'event.cancelled', 'user.joined'];
const OBJECT_ID = /^[0-9a-f]{24}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
/** An https receiver that is never reached: these tests never fire to it. */
const HTTPS_TARGET = 'https://127.0.0.1:9/hooks/12345';

/** A fresh API key, so each test has an organization of its own. */
const newKey = () => `vyte-key-${++keyCount}-${Date.now()}`;
/** The organization the emulator derives from a key (documented in docs/providers/vyte.md). */
const organizationOf = (key: string) => createHash('sha256').update(`vyte-organization:${key}`).digest('hex').slice(0, 24);

function vyteApi(key: string | undefined) {
  return (method: string, path: string, body?: unknown) =>
    ingressCall(core, method, `/p/vyte${path}`, { body, headers: key === undefined ? {} : { authorization: key } });
}

function expectedHook(key: string, action: string, targetUrl: string) {
  return {
    __v: 0,
    createdAt: expect.stringMatching(ISO),
    updatedAt: expect.stringMatching(ISO),
    organization: organizationOf(key),
    scope: 'organization',
    action,
    target_url: targetUrl,
    _id: expect.stringMatching(OBJECT_ID),
  };
}

describe('the emulated Vyte hooks API', () => {
  it('creates, lists, reads, updates and deletes hooks the way Vyte answers', async () => {
    const key = newKey();
    const api = vyteApi(key);

    const created = await api('POST', '/hooks', { action: 'event.cancelled', target_url: HTTPS_TARGET });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    expect(created.body).toEqual(expectedHook(key, 'event.cancelled', HTTPS_TARGET));
    expect(Object.keys(created.body)).toEqual(['__v', 'createdAt', 'updatedAt', 'organization', 'scope', 'action', 'target_url', '_id']);
    const id = created.body._id;

    expect(await api('GET', '/hooks')).toMatchObject({ status: 200, body: { hooks: [created.body] } });
    expect(await api('GET', `/hooks/${id}`)).toMatchObject({ status: 200, body: created.body });

    // Hookbench shows it as a vyte hook of that organization.
    const { body: listed } = await core.api('GET', '/api/hooks');
    const own = listed.items.find((hook: any) => hook.providerOptions._id === id);
    expect(own).toMatchObject({
      provider: 'vyte',
      name: 'Vyte event.cancelled',
      url: HTTPS_TARGET,
      events: ['event.cancelled'],
      method: 'POST',
      format: 'json',
      secret: '',
      timeoutMs: 10_000,
      retry: { preset: 'none', schedule: [] },
      providerOptions: { organization: organizationOf(key), _id: id },
    });

    const newTarget = 'https://127.0.0.1:9/hooks/54321';
    const updated = await api('PUT', `/hooks/${id}`, { action: 'event.updated', target_url: newTarget });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ ...expectedHook(key, 'event.updated', newTarget), _id: id, createdAt: created.body.createdAt });
    expect(Date.parse(updated.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));
    expect((await api('GET', `/hooks/${id}`)).body).toEqual(updated.body);
    const { body: changed } = await core.api('GET', `/api/hooks/${own.id}`);
    expect(changed).toMatchObject({ name: 'Vyte event.updated', url: newTarget, events: ['event.updated'] });

    // A bodiless DELETE labelled as JSON, as some clients send it (Express takes it).
    const deleted = await ingressCall(core, 'DELETE', `/p/vyte/hooks/${id}`, {
      body: '',
      headers: { authorization: key, 'content-type': 'application/json' },
    });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBe('');
    expect((await api('GET', `/hooks/${id}`)).status).toBe(404);
    expect((await api('GET', '/hooks')).body).toEqual({ hooks: [] });
    expect((await core.api('GET', `/api/hooks/${own.id}`)).status).toBe(404);
  });

  it('lists hooks in creation order', async () => {
    const api = vyteApi(newKey());
    const first = await api('POST', '/hooks', { action: 'event.created', target_url: HTTPS_TARGET });
    const second = await api('POST', '/hooks', { action: 'user.joined', target_url: HTTPS_TARGET });
    expect((await api('GET', '/hooks')).body.hooks.map((hook: any) => hook._id)).toEqual([first.body._id, second.body._id]);
  });

  it("gives each API key its own organization, which never sees another's hooks", async () => {
    const mine = vyteApi(newKey());
    const theirs = vyteApi(newKey());
    const { body: hook } = await mine('POST', '/hooks', { action: 'event.created', target_url: HTTPS_TARGET });

    expect((await theirs('GET', '/hooks')).body).toEqual({ hooks: [] });
    for (const [method, body] of [['GET'], ['PUT', { action: 'event.created', target_url: HTTPS_TARGET }], ['DELETE']] as const) {
      const answer = await theirs(method, `/hooks/${hook._id}`, body);
      expect(answer.status, method).toBe(404);
      expect(answer.body.error.code).toBe('hook_not_found');
    }
    expect((await mine('GET', `/hooks/${hook._id}`)).status).toBe(200);
  });

  it('shows a hook made in Hookbench for the organization, under a stable _id', async () => {
    const key = newKey();
    const api = vyteApi(key);
    const { status, body: made } = await core.api('POST', '/api/hooks', {
      provider: 'vyte',
      url: HTTPS_TARGET,
      events: ['event.confirmed', 'event.updated'],
      providerOptions: { organization: organizationOf(key) },
    });
    expect(status, JSON.stringify(made)).toBe(201);
    const { body: list } = await api('GET', '/hooks');
    expect(list).toEqual({ hooks: [expectedHook(key, 'event.confirmed,event.updated', HTTPS_TARGET)] });
    const id = list.hooks[0]._id;
    expect((await api('GET', `/hooks/${id}`)).body).toEqual(list.hooks[0]);
    expect((await api('DELETE', `/hooks/${id}`)).status).toBe(204);
    expect((await core.api('GET', `/api/hooks/${made.id}`)).status).toBe(404);
  });

  it('refuses a hook without an organization in Hookbench', async () => {
    const { status, body } = await core.api('POST', '/api/hooks', { provider: 'vyte', url: HTTPS_TARGET });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_provider_options', field: 'providerOptions.organization' });
  });
});

describe('the https rule', () => {
  it('accepts https anywhere and plain http only to this machine', async () => {
    const api = vyteApi(newKey());
    for (const target of [
      'https://api.example.com/hooks/12345',
      'http://127.0.0.1:9/in/x',
      'http://localhost:9/in/x',
      'http://[::1]:9/in/x',
    ]) {
      const answer = await api('POST', '/hooks', { action: 'event.created', target_url: target });
      expect(answer.status, target).toBe(201);
      expect(answer.body.target_url).toBe(target);
      // Deleted at once: no test fires to them.
      expect((await api('DELETE', `/hooks/${answer.body._id}`)).status).toBe(204);
    }
  });

  it('refuses plain http to any other host, on create and on update', async () => {
    const api = vyteApi(newKey());
    const error = {
      error: {
        code: 'invalid_target_url',
        message:
          'target_url must be an https URL (Hookbench also accepts http://127.0.0.1, http://[::1] and http://localhost for local receivers).',
        field: 'target_url',
      },
    };
    for (const target of ['http://api.example.com/hooks/12345', 'http://192.168.1.20/hooks', 'ftp://api.example.com/hooks']) {
      const answer = await api('POST', '/hooks', { action: 'event.created', target_url: target });
      expect(answer, target).toMatchObject({ status: 400, body: error });
    }
    const { body: hook } = await api('POST', '/hooks', { action: 'event.created', target_url: HTTPS_TARGET });
    expect(await api('PUT', `/hooks/${hook._id}`, { action: 'event.created', target_url: 'http://api.example.com/x' })).toMatchObject({
      status: 400,
      body: error,
    });
    expect((await api('GET', `/hooks/${hook._id}`)).body.target_url).toBe(HTTPS_TARGET);
  });
});

describe('error answers', () => {
  it('401 without an API key', async () => {
    for (const key of [undefined, '', '   ']) {
      const answer = await vyteApi(key)('GET', '/hooks');
      expect(answer).toMatchObject({
        status: 401,
        body: { error: { code: 'missing_api_key', message: 'Send your organization API key in the Authorization header.' } },
      });
    }
    expect((await vyteApi(undefined)('POST', '/hooks', { action: 'event.created', target_url: HTTPS_TARGET })).status).toBe(401);
  });

  it('401 for a key outside the accepted tokens, once the user lists some', async () => {
    const accepted = newKey();
    expect((await core.api('PUT', '/api/providers/vyte/settings', { acceptedTokens: [accepted] })).status).toBe(200);
    try {
      const answer = await vyteApi('not-that-one')('GET', '/hooks');
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('invalid_api_key');
      expect((await vyteApi(accepted)('GET', '/hooks')).status).toBe(200);
    } finally {
      await core.api('PUT', '/api/providers/vyte/settings', { acceptedTokens: [] });
    }
  });

  it('400 for a body without action or target_url', async () => {
    const api = vyteApi(newKey());
    const { body: hook } = await api('POST', '/hooks', { action: 'event.created', target_url: HTTPS_TARGET });
    for (const body of [{ target_url: HTTPS_TARGET }, { action: 'event.created' }, undefined, ['event.created', HTTPS_TARGET]]) {
      for (const [method, path] of [
        ['POST', '/hooks'],
        ['PUT', `/hooks/${hook._id}`],
      ] as const) {
        const answer = await api(method, path, body);
        expect(answer.status, `${method} ${JSON.stringify(body)}`).toBe(400);
        expect(answer.body.error.code).toBe('invalid_request');
        expect(answer.body.error.message).toContain('"action" and "target_url"');
      }
    }
  });

  it('415 for a body that is not JSON, 400 for broken JSON', async () => {
    const key = newKey();
    const form = await ingressCall(core, 'POST', '/p/vyte/hooks', {
      body: `action=event.created&target_url=${encodeURIComponent(HTTPS_TARGET)}`,
      headers: { authorization: key, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form).toMatchObject({
      status: 415,
      body: { error: { code: 'unsupported_media_type', message: 'Send the body as JSON, with Content-Type: application/json.' } },
    });
    const broken = await ingressCall(core, 'POST', '/p/vyte/hooks', {
      body: '{"action": "event.created",',
      headers: { authorization: key, 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_request');
    expect((await vyteApi(key)('GET', '/hooks')).body).toEqual({ hooks: [] });
  });

  it('400 for an unknown action', async () => {
    const api = vyteApi(newKey());
    const expected = {
      status: 400,
      body: {
        error: {
          code: 'unknown_action',
          message:
            '"event.deleted" is not a Vyte action. Use one of: event.created, event.confirmed, event.updated, event.cancelled, user.joined.',
          field: 'action',
        },
      },
    };
    expect(await api('POST', '/hooks', { action: 'event.deleted', target_url: HTTPS_TARGET })).toMatchObject(expected);
    const { body: hook } = await api('POST', '/hooks', { action: 'event.created', target_url: HTTPS_TARGET });
    expect(await api('PUT', `/hooks/${hook._id}`, { action: 'event.deleted', target_url: HTTPS_TARGET })).toMatchObject(expected);
  });

  it('400 for a target_url that is not a URL, or that Hookbench never sends to', async () => {
    const api = vyteApi(newKey());
    expect(await api('POST', '/hooks', { action: 'event.created', target_url: 'api.example.com/hooks' })).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'invalid_target_url',
          message: '"api.example.com/hooks" is not a URL. Give an absolute https URL.',
          field: 'target_url',
        },
      },
    });
    const metadata = await api('POST', '/hooks', { action: 'event.created', target_url: 'https://169.254.169.254/latest' });
    expect(metadata.status).toBe(400);
    expect(metadata.body.error).toMatchObject({ code: 'target_refused', field: 'target_url' });
  });

  it('404 for an unknown hook id', async () => {
    const api = vyteApi(newKey());
    for (const [method, body] of [['GET'], ['PUT', { action: 'event.created', target_url: HTTPS_TARGET }], ['DELETE']] as const) {
      const answer = await api(method, '/hooks/5a4e41aaa8ced3001bf5da77', body);
      expect(answer, method).toMatchObject({
        status: 404,
        body: {
          error: {
            code: 'hook_not_found',
            message: 'No hook with _id "5a4e41aaa8ced3001bf5da77" in your organization. List them with GET /hooks.',
          },
        },
      });
    }
  });
});

/** A hook registered through the emulator, pointing at a fresh inbox. */
async function registeredInbox(key: string, action: string) {
  const inbox = await newInbox(core, `vyte-${++inboxCount}`);
  const { status, body } = await vyteApi(key)('POST', '/hooks', { action, target_url: inbox.url });
  expect(status, JSON.stringify(body)).toBe(201);
  const { body: hooks } = await core.api('GET', '/api/hooks');
  const hook = hooks.items.find((candidate: any) => candidate.providerOptions._id === body._id);
  return { inbox, hook };
}

describe('deliveries', () => {
  it.each(ACTIONS)('%s arrives as a one-element JSON array, unsigned', async (action) => {
    const key = newKey();
    const { inbox, hook } = await registeredInbox(key, action);
    const fired = await core.api('POST', '/api/events', { provider: 'vyte', type: action, hookIds: [hook.id] });
    expect(fired.status, JSON.stringify(fired.body)).toBe(202);

    const [capture] = await inbox.next(1);
    expect(capture!.method).toBe('POST');
    // Only what Vyte documents (Content-Type), plus what any HTTP client adds: no signature, no user agent.
    expect(capture!.headers).toEqual([
      ['host', new URL(core.ingressUrl).host],
      ['connection', 'keep-alive'],
      ['content-type', 'application/json'],
      ['content-length', String(Buffer.byteLength(capture!.body))],
    ]);
    expect(capture!.bodyEncoding).toBe('utf8');
    const body = JSON.parse(capture!.body);
    expect(Array.isArray(body)).toBe(true);
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({ action, organization: organizationOf(key), user: expect.stringMatching(OBJECT_ID) });
    const eventType = vyte.eventTypes.find((type) => type.type === action)!;
    expect(schemaProblems(eventType.schema, body[0])).toEqual([]);
    if (action === 'user.joined') expect(body[0].resource).toMatchObject({ _id: body[0].user, account: { organization: {} } });
    else expect(body[0].resource).toMatchObject({ title: expect.any(String), timezone: expect.any(String), confirmed: {} });
    if (action === 'event.cancelled') expect(body[0].resource.cancelled).toMatch(ISO);
  });

  it("is always a JSON POST, whatever the hook's method and format, with the hook's own headers added", async () => {
    const key = newKey();
    const inbox = await newInbox(core, `vyte-${++inboxCount}`);
    const { body: hook } = await core.api('POST', '/api/hooks', {
      provider: 'vyte',
      url: inbox.url,
      method: 'PUT',
      format: 'form',
      headers: { 'X-Receiver-Key': 'k-123' },
      providerOptions: { organization: organizationOf(key) },
    });
    await core.api('POST', '/api/events', { provider: 'vyte', type: 'user.joined', hookIds: [hook.id] });
    const [capture] = await inbox.next(1);
    expect(capture!.method).toBe('POST');
    expect(capture!.headers).toContainEqual(['content-type', 'application/json']);
    expect(capture!.headers).toContainEqual(['X-Receiver-Key', 'k-123']);
    expect(JSON.parse(capture!.body)).toEqual([expect.objectContaining({ action: 'user.joined', organization: organizationOf(key) })]);
  });

  it('sends an explicit payload only to hooks of its organization', async () => {
    const mine = newKey();
    const theirs = newKey();
    const { inbox: myInbox } = await registeredInbox(mine, 'event.cancelled');
    const { inbox: theirInbox } = await registeredInbox(theirs, 'event.cancelled');
    const payload = {
      ...(vyte.eventTypes.find((type) => type.type === 'event.cancelled')!.sample({}) as object),
      organization: organizationOf(mine),
    };

    const fired = await core.api('POST', '/api/events', { provider: 'vyte', type: 'event.cancelled', payload });
    expect(fired.status, JSON.stringify(fired.body)).toBe(202);
    expect(fired.body.deliveries).toHaveLength(1);
    const [capture] = await myInbox.next(1);
    expect(JSON.parse(capture!.body)).toEqual([payload]);

    // Their hook still works: a payload of their organization reaches it, and only it.
    const theirPayload = { ...payload, organization: organizationOf(theirs) };
    await core.api('POST', '/api/events', { provider: 'vyte', type: 'event.cancelled', payload: theirPayload });
    const [theirCapture] = await theirInbox.next(1);
    expect(JSON.parse(theirCapture!.body)).toEqual([theirPayload]);
  });

  it('reproduces a meeting created already confirmed: the same resource as event.created, then event.confirmed', async () => {
    const key = newKey();
    const { inbox: created } = await registeredInbox(key, 'event.created');
    const { inbox: confirmed } = await registeredInbox(key, 'event.confirmed');
    const sample = vyte.eventTypes.find((type) => type.type === 'event.confirmed')!.sample({ scope: organizationOf(key) }) as any;
    for (const action of ['event.created', 'event.confirmed']) {
      const payload = { ...sample, action };
      const fired = await core.api('POST', '/api/events', { provider: 'vyte', type: action, payload });
      expect(fired.status, JSON.stringify(fired.body)).toBe(202);
    }
    const [first] = await created.next(1);
    const [second] = await confirmed.next(1);
    expect(JSON.parse(first!.body)).toEqual([{ ...sample, action: 'event.created' }]);
    expect(JSON.parse(second!.body)).toEqual([{ ...sample, action: 'event.confirmed' }]);
  });

  it("accepts Vyte's documented example, and refuses a payload that is not an action object", async () => {
    const { inbox, hook } = await registeredInbox(newKey(), 'event.cancelled');
    // The documentation's example body, its organization id cut to the 24 hex digits ObjectIds have.
    const documented = {
      action: 'event.cancelled',
      resource: {
        cancelled: '2017-12-01T12:05:00.000Z',
        confirmed: { flag: true },
        created_by: { email: 'user.name@domain.com' },
        dates: [{ all_day: false, date: '2017-11-10T11:00:00.000Z', end_date: '2017-11-10T12:00:00.000Z' }],
        invitees: [{ full_name: 'Person booking a slot name', email: 'jean.dupont@domain.com', phone: '0601020304' }],
        lang: 'fr',
        locale: 'fr',
        messages: [{ body: 'I’m booking appointment about this' }],
        places: [{ name: 'Office name', address: '12 rue de Rivoli, 75004, Paris, France' }],
        timezone: 'Europe/Paris',
        title: 'Appointment about topic',
        vyteme: true,
      },
      organization: '14ce14c8a8ced358c78a5c23',
    };
    const fired = await core.api('POST', '/api/events', {
      provider: 'vyte',
      type: 'event.cancelled',
      payload: documented,
      hookIds: [hook.id],
    });
    expect(fired.status, JSON.stringify(fired.body)).toBe(202);
    expect(JSON.parse((await inbox.next(1))[0]!.body)).toEqual([documented]);

    for (const payload of [[documented], { ...documented, action: 'event.created' }, { ...documented, resource: { title: 'x' } }]) {
      const refused = await core.api('POST', '/api/events', { provider: 'vyte', type: 'event.cancelled', payload, hookIds: [hook.id] });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('invalid_payload');
    }
  });
});

describe('the Vyte catalog', () => {
  it('is served with organization scope, unsigned JSON defaults and the emulator URL', async () => {
    const { body } = await core.api('GET', '/api/providers');
    const provider = body.items.find((item: any) => item.id === 'vyte');
    expect(provider).toMatchObject({
      name: 'Vyte',
      hookDefaults: { method: 'POST', format: 'json', timeoutMs: 10_000, retry: { preset: 'none', schedule: [] }, generatesSecret: false },
      scope: { option: 'organization', label: 'Organization' },
      emulatorUrl: `${core.ingressUrl}/p/vyte`,
      hookOptions: { required: ['organization'] },
    });
    expect(provider.eventTypes.map((type: any) => type.type)).toEqual(ACTIONS);
    for (const type of provider.eventTypes) expect(schemaProblems(type.schema, type.sample), type.type).toEqual([]);
  });

  it('generates samples that match their schemas, differ, and carry the hook organization', () => {
    for (const eventType of vyte.eventTypes) {
      const samples = Array.from({ length: 20 }, () => eventType.sample({ scope: '0123456789abcdef01234567' }));
      for (const sample of samples) {
        expect(schemaProblems(eventType.schema, sample), `${eventType.type}: ${JSON.stringify(sample)}`).toEqual([]);
        expect(sample).toMatchObject({ action: eventType.type, organization: '0123456789abcdef01234567' });
      }
      expect(samples[0]).not.toEqual(samples[1]);
      expect(eventType.sample({})).toMatchObject({ organization: expect.stringMatching(OBJECT_ID) });
    }
  });
});
