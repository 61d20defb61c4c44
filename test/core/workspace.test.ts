import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type ApiClient, type TestCore } from '../helpers/core.js';

let source: TestCore;
let target: TestCore;

beforeAll(async () => {
  [source, target] = await Promise.all([startTestCore(), startTestCore()]);
  const { api } = source;
  // One after another: exports list things in the order they were made.
  const created = [
    await api('POST', '/api/inboxes', {
      slug: 'orders',
      name: 'Order receiver',
      response: { status: 202, headers: { 'x-queue': 'orders' }, body: 'queued', delayMs: 5 },
    }),
    await api('POST', '/api/inboxes', { slug: 'flaky', script: { steps: [{ status: 500 }, { status: 200 }], then: 'repeat' } }),
    await api('POST', '/api/providers/generic/events', {
      type: 'order.paid',
      name: 'Order paid',
      description: 'A customer paid.',
      schema: { type: 'object', required: ['orderId'] },
      sample: { orderId: 'o_1' },
    }),
  ];
  for (const { status, body } of created) expect(status, JSON.stringify(body)).toBe(201);
  const hooks = [
    {
      url: `${source.ingressUrl}/in/orders`,
      name: 'orders',
      events: ['order.paid'],
      headers: { 'x-team': 'billing' },
      customData: { region: 'eu' },
      retry: { schedule: [10, 20] },
      timeoutMs: 2000,
    },
    { url: 'http://localhost:9/disabled', name: 'off', enabled: false, secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0', format: 'form' },
  ];
  for (const hook of hooks) expect((await api('POST', '/api/hooks', hook)).status).toBe(201);
});
afterAll(() => Promise.all([source.dispose(), target.dispose()]));

const exported = async (api: ApiClient, secrets = false) => (await api('GET', `/api/workspace?secrets=${secrets}`)).body;
/** What a workspace says, without its export time. */
const content = async (api: ApiClient) => {
  const { exportedAt: _exportedAt, ...rest } = await exported(api, true);
  return rest;
};
const list = async (api: ApiClient, what: 'inboxes' | 'hooks') => (await api('GET', `/api/${what}?limit=1000`)).body.items;
const bySlug = (items: any[]) => new Map<string, any>(items.map((item) => [item.slug, item]));

describe('workspace export', () => {
  it('downloads one versioned file with inboxes, hooks and event types, secrets only on request', async () => {
    const response = await source.api('GET', '/api/workspace');
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="hookbench-workspace.json"');
    const file = response.body;
    expect(file).toMatchObject({ hookbench: 'workspace', version: 1 });
    expect(file.inboxes.map((inbox: { slug: string }) => inbox.slug)).toEqual(['default', 'orders', 'flaky']);
    expect(file.inboxes[1]).toEqual({
      slug: 'orders',
      name: 'Order receiver',
      response: { status: 202, headers: { 'x-queue': 'orders' }, body: 'queued', delayMs: 5 },
    });
    expect(file.inboxes[2].script).toMatchObject({ then: 'repeat', steps: [{ status: 500 }, { status: 200 }] });
    const [orders, off] = file.hooks;
    expect(orders).toMatchObject({
      name: 'orders',
      events: ['order.paid'],
      retry: { schedule: [10, 20] },
      headers: { 'x-team': 'billing' },
    });
    expect(off).toMatchObject({ name: 'off', enabled: false, format: 'form' });
    expect(file.hooks.some((hook: object) => 'secret' in hook)).toBe(false);
    expect(file.eventTypes).toEqual([
      {
        type: 'order.paid',
        name: 'Order paid',
        description: 'A customer paid.',
        schema: { type: 'object', required: ['orderId'] },
        sample: { orderId: 'o_1' },
      },
    ]);

    const withSecrets = await exported(source.api, true);
    expect(withSecrets.hooks[1].secret).toBe('whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0');
    expect(withSecrets.hooks[0].secret).toMatch(/^whsec_/);
  });
});

describe('workspace import', () => {
  it('reproduces inboxes, hooks and event types in another Hookbench, generating secrets left out', async () => {
    const file = await exported(source.api);
    const { status, body } = await target.api('POST', '/api/workspace', file);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.inboxes).toMatchObject({ created: ['orders', 'flaky'], unchanged: ['default'] });
    expect(body.hooks.created).toHaveLength(2);
    expect(body.eventTypes.created).toEqual(['order.paid']);

    const inboxes = bySlug(await list(target.api, 'inboxes'));
    for (const inbox of await list(source.api, 'inboxes')) {
      const copy = inboxes.get(inbox.slug);
      expect(copy).toMatchObject({ name: inbox.name, response: inbox.response });
      expect(copy.script).toEqual(inbox.script);
    }
    const sourceHooks = await list(source.api, 'hooks');
    const targetHooks = await list(target.api, 'hooks');
    const fields = ({ secret: _s, previousSecrets: _p, createdAt: _c, updatedAt: _u, ...rest }: Record<string, unknown>) => rest;
    expect(targetHooks.map(fields)).toEqual(sourceHooks.map(fields));
    const copied = new Map(targetHooks.map((hook: { id: string; secret: string }) => [hook.id, hook.secret]));
    for (const hook of sourceHooks) {
      expect(copied.get(hook.id)).toMatch(/^whsec_/);
      expect(copied.get(hook.id)).not.toBe(hook.secret);
    }
    const generic = (await target.api('GET', '/api/providers')).body.items.find((provider: { id: string }) => provider.id === 'generic');
    expect(generic.eventTypes.find((eventType: { type: string }) => eventType.type === 'order.paid')).toMatchObject({
      custom: true,
      sample: { orderId: 'o_1' },
    });
  });

  it('is idempotent: importing the same file again changes nothing', async () => {
    const file = await exported(source.api, true);
    expect((await target.api('POST', '/api/workspace', file)).status).toBe(200);
    const before = await content(target.api);
    const { body } = await target.api('POST', '/api/workspace', file);
    const { missingSecrets, ...summary } = body;
    expect(missingSecrets).toEqual([]);
    for (const changes of Object.values(summary) as { created: string[]; updated: string[] }[]) {
      expect(changes.created).toEqual([]);
      expect(changes.updated).toEqual([]);
    }
    expect(await content(target.api)).toEqual(before);
    // With secrets, the hooks now sign exactly as the source's do.
    expect((await list(target.api, 'hooks')).map((hook: { secret: string }) => hook.secret)).toEqual(
      (await list(source.api, 'hooks')).map((hook: { secret: string }) => hook.secret),
    );
  });

  it('is idempotent for a file written by hand too: a script of partial steps is not restarted', async () => {
    const core = await startTestCore();
    try {
      const file = {
        hookbench: 'workspace',
        version: 1,
        inboxes: [{ slug: 'flaky', script: { steps: [{ status: 500 }, { status: 200 }] } }],
      };
      expect((await core.api('POST', '/api/workspace', file)).body.inboxes.created).toEqual(['flaky']);
      const hit = async () => (await request(`${core.ingressUrl}/in/flaky`, { method: 'POST', body: 'x' })).statusCode;
      expect(await hit()).toBe(500);
      const { body: again } = await core.api('POST', '/api/workspace', file);
      expect(again.inboxes).toMatchObject({ updated: [], unchanged: ['flaky'] });
      // Still on step 2, not back at the 500.
      expect(await hit()).toBe(200);
    } finally {
      await core.dispose();
    }
  });

  it('updates what changed in the file, and with ?replace=true removes what it lacks', async () => {
    await target.api('POST', '/api/inboxes', { slug: 'extra' });
    await target.api('POST', '/api/hooks', { url: 'http://localhost:9/extra' });
    await target.api('POST', '/api/providers/generic/events', { type: 'extra.type', name: 'Extra' });
    const file = await exported(source.api);
    file.inboxes[1].response.status = 201;
    delete file.inboxes[2].script;

    const kept = await target.api('POST', '/api/workspace', file);
    expect(kept.body.inboxes).toMatchObject({ updated: ['orders', 'flaky'], removed: [] });
    expect(bySlug(await list(target.api, 'inboxes')).has('extra')).toBe(true);
    expect(bySlug(await list(target.api, 'inboxes')).get('flaky').script).toBeUndefined();

    const replaced = await target.api('POST', '/api/workspace?replace=true', file);
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.inboxes.removed).toEqual(['extra']);
    expect(replaced.body.hooks.removed).toHaveLength(1);
    expect(replaced.body.eventTypes).toMatchObject({ unchanged: ['order.paid'], removed: ['extra.type'] });
    expect([...bySlug(await list(target.api, 'inboxes')).keys()].sort()).toEqual(['default', 'flaky', 'orders']);
    expect(bySlug(await list(target.api, 'inboxes')).get('orders').response.status).toBe(201);
    expect(await list(target.api, 'hooks')).toHaveLength(2);
  });
});

describe('a bad workspace file', () => {
  const cases: [string, (file: any) => unknown, RegExp][] = [
    ['an unknown version', (file) => ({ ...file, version: 2 }), /^version: .*version 2.*reads version 1/],
    ['not a workspace', () => ({ inboxes: [] }), /^hookbench: /],
    ['a bad slug', (file) => ((file.inboxes[1].slug = 'no spaces'), file), /^inboxes\/1\/slug: /],
    ['an unknown field', (file) => ((file.hooks[0].colour = 'red'), file), /^hooks\/0/],
    [
      'a duplicate slug',
      (file) => (file.inboxes.push({ slug: 'orders' }), file),
      /^inboxes\/4\/slug: "orders" is also the slug of inboxes\/1/,
    ],
    ['a refused target URL', (file) => ((file.hooks[1].url = 'http://169.254.169.254/latest'), file), /^hooks\/1\/url: .*metadata/],
    ['an unknown event type', (file) => ((file.hooks[0].events = ['order.refunded']), file), /^hooks\/0\/events\/0: .*eventTypes/],
    ['an unknown provider', (file) => ((file.hooks[1].provider = 'nobody'), file), /^hooks\/1\/provider: /],
    [
      'a retry with both a preset and a schedule',
      (file) => ((file.hooks[0].retry = { preset: 'none', schedule: [1000] }), file),
      /^hooks\/0\/retry: Expected exactly one of preset, schedule/,
    ],
    [
      'an unknown retry preset',
      (file) => ((file.hooks[0].retry = { preset: 'often' }), file),
      /^hooks\/0\/retry\/preset: Expected one of "exponential"/,
    ],
    ['a built-in event type', (file) => ((file.eventTypes[0].type = 'ping'), file), /^eventTypes\/0\/type: .*built-in/],
    // What inbox create and update refuse, refused before anything is applied.
    [
      'a template naming a secret the inbox lacks',
      (file) => ((file.inboxes[3].response = { body: '{{ secrets.nope }}', templated: true }), file),
      /^inboxes\/3\/response\/body: .*nope/,
    ],
    [
      'a bad path glob on an inbox that exists',
      (file) => ((file.inboxes[0].rules = [{ match: { path: 'orders/*' } }]), file),
      /^inboxes\/0\/rules\/0\/match\/path: A path pattern starts with "\/"/,
    ],
    [
      'a condition with no test',
      (file) => ((file.inboxes[2].rules = [{ match: { headers: [{ name: 'x-kind' }] } }]), file),
      /^inboxes\/2\/rules\/0\/match\/headers\/0: .*exactly one of/,
    ],
    [
      'a refused forward URL',
      (file) => ((file.inboxes[1].forward = [{ url: 'http://169.254.169.254/latest', enabled: true }]), file),
      /^inboxes\/1\/forward\/0\/url: .*metadata/,
    ],
    [
      'a secret too large in bytes',
      (file) => ((file.inboxes[3].secrets = { key: 'é'.repeat(3000) }), file),
      /^inboxes\/3\/secrets\/key: .*bytes/,
    ],
  ];

  it.each(cases)('is refused with 400 naming the problem, changing nothing: %s', async (_name, spoil, message) => {
    const fresh = await startTestCore();
    try {
      const file = await exported(source.api);
      file.inboxes.push({ slug: 'new-one' });
      const before = await content(fresh.api);
      const { status, body } = await fresh.api('POST', '/api/workspace?replace=true', spoil(file));
      expect(status).toBe(400);
      expect(body.error.message).toMatch(message);
      expect(await content(fresh.api)).toEqual(before);
    } finally {
      await fresh.dispose();
    }
  });
});

describe('a workspace file whose second inbox is refused', () => {
  it('creates neither its first inbox nor its event type, and names the field in the file', async () => {
    const fresh = await startTestCore();
    try {
      const file = {
        hookbench: 'workspace',
        version: 1,
        inboxes: [{ slug: 'good-one' }, { slug: 'bad-one', response: { body: '{{ secrets.nope }}', templated: true } }],
        hooks: [],
        eventTypes: [{ type: 'order.paid', name: 'Order paid' }],
      };
      const before = await content(fresh.api);
      const { status, body } = await fresh.api('POST', '/api/workspace', file);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 'invalid_workspace', field: 'inboxes/1/response/body' });
      expect(body.error.message).toMatch(/^inboxes\/1\/response\/body: .*no secret "nope"/);
      expect(await content(fresh.api)).toEqual(before);
      expect(bySlug(await list(fresh.api, 'inboxes')).has('good-one')).toBe(false);
    } finally {
      await fresh.dispose();
    }
  });
});

describe('a ChallengeMe hook in a workspace file', () => {
  it('leaves its team token out unless secrets are asked for, and an import without it keeps the token', async () => {
    const core = await startTestCore();
    try {
      const token = 'team-token-in-workspace-31';
      const { status, body: hook } = await core.api('POST', '/api/hooks', {
        provider: 'challengeme',
        url: `${core.ingressUrl}/in/default`,
        providerOptions: { teamId: '77d2ccb6-e6e2-4e85-92b2-73bf7c642adb', teamName: 'teamC', authorizationToken: token },
      });
      expect(status, JSON.stringify(hook)).toBe(201);
      const shared = await exported(core.api);
      expect(JSON.stringify(shared)).not.toContain(token);
      expect(shared.hooks[0].providerOptions).toEqual({ teamId: '77d2ccb6-e6e2-4e85-92b2-73bf7c642adb', teamName: 'teamC' });
      expect((await exported(core.api, true)).hooks[0].providerOptions.authorizationToken).toBe(token);

      // Importing the file without the token leaves the hook as it was.
      const { body: summary } = await core.api('POST', '/api/workspace', shared);
      expect(summary.hooks.unchanged).toEqual([hook.id]);
      expect((await core.api('GET', `/api/hooks/${hook.id}`)).body.providerOptions.authorizationToken).toBe(token);
    } finally {
      await core.dispose();
    }
  });
});

describe("a hook's URL password and credential headers in a workspace file", () => {
  it("are left out unless secrets are asked for, and an import without them keeps the hook's own", async () => {
    const core = await startTestCore();
    const fresh = await startTestCore();
    try {
      const url = `http://khan-app:p4ss-in-url-77@localhost:${new URL(core.ingressUrl).port}/in/default`;
      const headers = { Authorization: 'Bearer header-token-78', 'x-team': 'billing' };
      const khan = await core.api('POST', '/api/hooks', { provider: 'khan', url, providerOptions: { gameID: 'game-1' } });
      const generic = await core.api('POST', '/api/hooks', { url: `${core.ingressUrl}/in/default`, headers });
      expect([khan.status, generic.status], JSON.stringify([khan.body, generic.body])).toEqual([201, 201]);

      const shared = await exported(core.api);
      expect(JSON.stringify(shared)).not.toContain('p4ss-in-url-77');
      expect(JSON.stringify(shared)).not.toContain('header-token-78');
      const byKey = new Map<string, any>(shared.hooks.map((hook: any) => [hook.key, hook]));
      expect(byKey.get(khan.body.id).url).toBe(url.replace(':p4ss-in-url-77', ''));
      expect(byKey.get(generic.body.id).headers).toEqual({ 'x-team': 'billing' });
      const full = new Map<string, any>((await exported(core.api, true)).hooks.map((hook: any) => [hook.key, hook]));
      expect(full.get(khan.body.id).url).toBe(url);
      expect(full.get(generic.body.id).headers).toEqual(headers);

      // Imported into the Hookbench it came from, the file changes nothing.
      const { body: summary } = await core.api('POST', '/api/workspace', shared);
      expect(summary.hooks.unchanged.sort()).toEqual([khan.body.id, generic.body.id].sort());
      expect((await core.api('GET', `/api/hooks/${khan.body.id}`)).body.url).toBe(url);
      expect((await core.api('GET', `/api/hooks/${generic.body.id}`)).body.headers).toEqual(headers);

      // Elsewhere, the hooks arrive without the credentials they were shared without.
      expect((await fresh.api('POST', '/api/workspace', shared)).status).toBe(200);
      expect((await fresh.api('GET', `/api/hooks/${khan.body.id}`)).body.url).toBe(url.replace(':p4ss-in-url-77', ''));
      expect((await fresh.api('GET', `/api/hooks/${generic.body.id}`)).body.headers).toEqual({ 'x-team': 'billing' });
    } finally {
      await Promise.all([core.dispose(), fresh.dispose()]);
    }
  });
});

describe('a workspace file with only some sections', () => {
  it('imports what it has, and with ?replace=true removes nothing of a kind it leaves out', async () => {
    const core = await startTestCore();
    try {
      expect((await core.api('POST', '/api/hooks', { url: 'http://127.0.0.1:9/kept', name: 'kept' })).status).toBe(201);
      const file = { hookbench: 'workspace', version: 1, inboxes: [{ slug: 'partial' }] };
      const { status, body: summary } = await core.api('POST', '/api/workspace?replace=true', file);
      expect(status, JSON.stringify(summary)).toBe(200);
      expect(summary.inboxes.created).toEqual(['partial']);
      // The default inbox is not in the file's inboxes, which it does list: it goes.
      expect(summary.inboxes.removed).toEqual(['default']);
      expect(summary.hooks.removed).toEqual([]);
      expect((await list(core.api, 'hooks')).map((hook: { name: string }) => hook.name)).toEqual(['kept']);

      // Replacing the event types while the hooks stay: refused before anything changes if a kept hook uses one.
      expect((await core.api('POST', '/api/providers/generic/events', { type: 'order.paid', name: 'Order paid' })).status).toBe(201);
      const user = await core.api('POST', '/api/hooks', { url: 'http://127.0.0.1:9/paid', name: 'paid', events: ['order.paid'] });
      const typesOnly = { hookbench: 'workspace', version: 1, inboxes: [{ slug: 'another' }], eventTypes: [] };
      const refused = await core.api('POST', '/api/workspace?replace=true', typesOnly);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'invalid_workspace', field: 'eventTypes' });
      expect(refused.body.error.message).toContain('"order.paid", which 1 hook(s) use');
      expect((await list(core.api, 'inboxes')).map((inbox: { slug: string }) => inbox.slug)).toEqual(['partial']);
      await core.api('DELETE', `/api/hooks/${user.body.id}`);

      const hooksOnly = { hookbench: 'workspace', version: 1, hooks: [] };
      const { body: second } = await core.api('POST', '/api/workspace?replace=true', hooksOnly);
      expect(second.hooks.removed).toHaveLength(1);
      expect(second.inboxes.removed).toEqual([]);
      expect((await list(core.api, 'inboxes')).map((inbox: { slug: string }) => inbox.slug)).toEqual(['partial']);
    } finally {
      await core.dispose();
    }
  });
});

describe('event types in a workspace file', () => {
  it('import back as they were exported: a type saved without a sample, and schemas with an $id', async () => {
    const core = await startTestCore();
    try {
      const schema = { $id: 'https://example.com/order.json', type: 'object', required: ['orderId'] };
      expect((await core.api('POST', '/api/providers/generic/events', { type: 'order.made', name: 'Made', schema })).status).toBe(201);
      // The same $id again (a change, and another type) compiles afresh each time.
      expect((await core.api('PUT', '/api/providers/generic/events/order.made', { name: 'Made!', schema })).status).toBe(200);
      expect((await core.api('POST', '/api/providers/generic/events', { type: 'order.kept', name: 'Kept', schema })).status).toBe(201);
      const file = await exported(core.api);
      const { status, body } = await core.api('POST', '/api/workspace', file);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.eventTypes.unchanged).toEqual(['order.made', 'order.kept']);
    } finally {
      await core.dispose();
    }
  });
});
