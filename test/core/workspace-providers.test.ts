import { readFile } from 'node:fs/promises';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type ApiClient, type TestCore } from '../helpers/core.js';

const fixture = (name: string) => readFile(new URL(`../fixtures/asyncapi/${name}`, import.meta.url), 'utf8');

const SHOP = 'acme-shop-events';
const SENSORS = 'greenhouse-sensors';

let source: TestCore;
let target: TestCore;
let shop: string;
let sensors: string;

beforeAll(async () => {
  [source, target, shop, sensors] = await Promise.all([
    startTestCore(),
    startTestCore(),
    fixture('shop-2.6.yaml'),
    fixture('sensors-3.0.json'),
  ]);
  // The source has an imported provider and a hook of it, pointing at an inbox the file brings
  // to the target (on the target's ingress, so the target's deliveries can be watched there).
  await imported(source.api, shop);
  expect((await source.api('POST', '/api/inboxes', { slug: 'shop-events' })).status).toBe(201);
  const hook = { provider: SHOP, name: 'shop', url: `${target.ingressUrl}/in/shop-events`, events: ['order.created'] };
  expect((await source.api('POST', '/api/hooks', hook)).status).toBe(201);
});
afterAll(() => Promise.all([source.dispose(), target.dispose()]));

async function imported(api: ApiClient, document: string): Promise<void> {
  const { status, body } = await api('POST', '/api/providers/import/asyncapi', { document });
  expect(status, JSON.stringify(body)).toBe(201);
}

const exported = async (api: ApiClient) => (await api('GET', '/api/workspace')).body;
const provider = async (api: ApiClient, id: string) =>
  (await api('GET', '/api/providers')).body.items.find((each: { id: string }) => each.id === id);
/** An event type as it defines the provider (samples of imported providers are fixed). */
const definition = ({ type, name, description, schema, sample }: Record<string, unknown>) => ({ type, name, description, schema, sample });

describe('a workspace with an imported provider', () => {
  it('carries the provider, so its hooks work on a fresh Hookbench: an event fired there arrives signed', async () => {
    const file = await exported(source.api);
    const original = await provider(source.api, SHOP);
    expect(file.providers).toEqual([
      { id: SHOP, name: 'Acme Shop Events', description: original.description, eventTypes: original.eventTypes.map(definition) },
    ]);

    const { status, body } = await target.api('POST', '/api/workspace', file);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.providers).toEqual({ created: [SHOP], updated: [], unchanged: [], removed: [] });
    expect(body.hooks.created).toHaveLength(1);
    const copy = await provider(target.api, SHOP);
    expect(copy).toMatchObject({ name: original.name, description: original.description, hookDefaults: original.hookDefaults });
    expect(copy.eventTypes.map(definition)).toEqual(original.eventTypes.map(definition));

    const fired = await target.api('POST', '/api/events', { provider: SHOP, type: 'order.created' });
    expect(fired.status, JSON.stringify(fired.body)).toBe(202);
    expect(fired.body.deliveries).toHaveLength(1);
    const inbox = (await target.api('GET', '/api/inboxes')).body.items.find((each: { slug: string }) => each.slug === 'shop-events');
    const { body: wait } = await target.api('GET', `/api/inboxes/${inbox.id}/requests/wait?count=1&after=0&timeoutMs=20000`);
    expect(wait.timedOut).toBe(false);
    const [capture] = wait.items;
    const [hook] = (await target.api('GET', '/api/hooks')).body.items;
    const headers = Object.fromEntries(capture.headers.map(([name, value]: [string, string]) => [name.toLowerCase(), value]));
    const event = new Webhook(hook.secret).verify(capture.body, headers) as { type: string; data: unknown };
    expect(event.type).toBe('order.created');
    expect(event.data).toEqual(original.eventTypes[0].sample);
  });

  it('imports the same file again without changing the provider', async () => {
    const { body } = await target.api('POST', '/api/workspace', await exported(source.api));
    expect(body.providers).toEqual({ created: [], updated: [], unchanged: [SHOP], removed: [] });
    expect((await exported(target.api)).providers).toEqual((await exported(source.api)).providers);
  });

  it('updates a provider that differs, and with ?replace=true removes the providers the file lacks', async () => {
    await imported(target.api, sensors);
    const sensorHook = { provider: SENSORS, url: 'http://localhost:9/sensors', events: ['*'] };
    expect((await target.api('POST', '/api/hooks', sensorHook)).status).toBe(201);
    const file = await exported(source.api);
    file.providers[0].name = 'Acme Shop';
    file.providers[0].eventTypes = file.providers[0].eventTypes.filter((type: { type: string }) => type.type !== 'customer.signed_up');

    const kept = await target.api('POST', '/api/workspace', file);
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body.providers).toEqual({ created: [], updated: [SHOP], unchanged: [], removed: [] });
    const changed = await provider(target.api, SHOP);
    expect(changed.name).toBe('Acme Shop');
    expect(changed.eventTypes.map((type: { type: string }) => type.type)).toEqual(['order.created', 'order.cancelled']);
    expect(await provider(target.api, SENSORS)).toBeDefined();

    const replaced = await target.api('POST', '/api/workspace?replace=true', file);
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.providers).toEqual({ created: [], updated: [], unchanged: [SHOP], removed: [SENSORS] });
    expect(replaced.body.hooks.removed).toHaveLength(1);
    expect(await provider(target.api, SENSORS)).toBeUndefined();
  });
});

describe('a workspace file whose hooks use a provider it does not bring', () => {
  it('is refused naming the hook and the provider, unless the provider is imported here and the import keeps it', async () => {
    const fresh = await startTestCore();
    try {
      const file = await exported(source.api);
      const [{ key }] = file.hooks;
      delete file.providers;
      const before = await exported(fresh.api);
      const refused = await fresh.api('POST', '/api/workspace', file);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'invalid_workspace', field: 'hooks/0/provider' });
      expect(refused.body.error.message).toBe(
        `hooks/0/provider: The hook "${key}" uses the provider "${SHOP}", which is neither built in nor in the file's "providers". ` +
          "Add the provider to the file (an export from the Hookbench that has it lists it there), or change the hook's provider.",
      );
      const { exportedAt: _before, ...unchanged } = before;
      const { exportedAt: _after, ...now } = await exported(fresh.api);
      expect(now).toEqual(unchanged);

      await imported(fresh.api, shop);
      const { status, body } = await fresh.api('POST', '/api/workspace', file);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.hooks.created).toEqual([key]);
      // A file without "providers" says nothing about them: even replace keeps the imported one.
      const replaced = await fresh.api('POST', '/api/workspace?replace=true', file);
      expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
      expect(replaced.body.providers.removed).toEqual([]);
    } finally {
      await fresh.dispose();
    }
  });
});

describe('a bad provider in a workspace file', () => {
  const cases: [string, (file: any) => unknown, RegExp][] = [
    ['a built-in id', (file) => ((file.providers[0].id = 'khan'), file), /^providers\/0\/id: "khan" is a built-in provider/],
    ['a bad id', (file) => ((file.providers[0].id = 'Acme Shop'), file), /^providers\/0\/id: /],
    ['a duplicate id', (file) => (file.providers.push(file.providers[0]), file), /^providers\/1\/id: .*also the id of providers\/0/],
    [
      'a duplicate event type',
      (file) => (file.providers[0].eventTypes.push(file.providers[0].eventTypes[0]), file),
      /^providers\/0\/eventTypes\/3\/type: "order.created" is also the type/,
    ],
    ['no event types', (file) => ((file.providers[0].eventTypes = []), file), /^providers\/0\/eventTypes: /],
    [
      'a hook subscribing to a type the provider lacks',
      (file) => ((file.hooks[0].events = ['order.refunded']), file),
      /^hooks\/0\/events\/0: "order.refunded" is not an event type of acme-shop-events; add it to providers\/0\/eventTypes/,
    ],
  ];

  it.each(cases)('is refused with 400 naming it, changing nothing: %s', async (_name, spoil, message) => {
    const fresh = await startTestCore();
    try {
      const { status, body } = await fresh.api('POST', '/api/workspace', spoil(await exported(source.api)));
      expect(status).toBe(400);
      expect(body.error.message).toMatch(message);
      expect((await exported(fresh.api)).providers).toBeUndefined();
      expect((await fresh.api('GET', '/api/hooks')).body.items).toEqual([]);
    } finally {
      await fresh.dispose();
    }
  });
});
