import { readFile, rm } from 'node:fs/promises';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaProblems } from '../../electron/core/providers/validation.js';
import { runCli } from '../helpers/cli.js';
import { startTestCore, tempDir, type TestCore } from '../helpers/core.js';

const fixture = (name: string) => readFile(new URL(`../fixtures/asyncapi/${name}`, import.meta.url), 'utf8');

let core: TestCore;
let shop: string;
let sensors: string;
beforeAll(async () => {
  [core, shop, sensors] = await Promise.all([startTestCore(), fixture('shop-2.6.yaml'), fixture('sensors-3.0.json')]);
});
afterAll(() => core.dispose());

async function importDocument(body: Record<string, unknown>, expected = 201) {
  const answer = await core.api('POST', '/api/providers/import/asyncapi', body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(expected);
  return answer.body;
}

/** An inbox and a hook of `provider` delivering every event type to it. */
async function hookToInbox(provider: string) {
  const inbox = (await core.api('POST', '/api/inboxes', { name: `${provider} receiver` })).body;
  const created = await core.api('POST', '/api/hooks', { provider, url: `${core.ingressUrl}/in/${inbox.slug}`, events: ['*'] });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { inbox, hook: created.body };
}

/** The inbox's captures from its first one (`after=0`: some may have arrived before the wait). */
async function captures(inboxId: string, count: number) {
  const { body } = await core.api('GET', `/api/inboxes/${inboxId}/requests/wait?count=${count}&after=0&timeoutMs=30000`);
  expect(body.timedOut).toBe(false);
  return body.items as { body: string; headers: [string, string][] }[];
}

/** The capture's body, after checking its Standard Webhooks signature with the official library. */
function verified(capture: { body: string; headers: [string, string][] }, secret: string) {
  const headers = Object.fromEntries(capture.headers.map(([name, value]) => [name.toLowerCase(), value]));
  return new Webhook(secret).verify(capture.body, headers) as { type: string; timestamp: string; data: unknown };
}

describe('importing an AsyncAPI 2.6 document', () => {
  it('makes a provider whose messages are event types with their schemas and examples', async () => {
    const provider = await importDocument({ document: shop });
    expect(provider).toMatchObject({ id: 'acme-shop-events', name: 'Acme Shop Events', hookDefaults: { generatesSecret: true } });
    expect(provider.description).toContain('Orders and customers of the Acme shop.');
    const listed = (await core.api('GET', '/api/providers')).body.items.find((each: { id: string }) => each.id === provider.id);
    expect(listed.eventTypes.map((type: { type: string }) => type.type)).toEqual([
      'order.created',
      'order.cancelled',
      'customer.signed_up',
    ]);
    const created = listed.eventTypes[0];
    expect(created).toMatchObject({ name: 'Order created', description: 'A customer placed an order.' });
    expect(created.schema.required).toEqual(['orderId', 'customerId', 'total', 'currency', 'items']);
    expect(created.sample).toEqual({
      orderId: 'ord_1001',
      customerId: 'cus_42',
      total: 39.9,
      currency: 'EUR',
      items: [{ sku: 'BOOK-1', quantity: 2 }],
    });
    // Extension keywords go; a property that merely has an x- name stays.
    const cancelled = listed.eventTypes[1];
    expect(cancelled.schema['x-audit']).toBeUndefined();
    expect(Object.keys(cancelled.schema.properties)).toContain('x-internal');
    expect(JSON.stringify(listed)).not.toContain('x-parser');
  });

  it('refuses an id that is taken, built in or imported', async () => {
    const again = await importDocument({ document: shop }, 409);
    expect(again.error).toMatchObject({ code: 'provider_exists', field: 'id' });
    expect((await importDocument({ document: shop, id: 'khan' }, 409)).error.code).toBe('provider_exists');
  });

  it('delivers each event type to a hook as a Standard Webhooks-signed {type, timestamp, data} body', async () => {
    await importDocument({ document: shop, id: 'shop', name: 'Shop' });
    const { inbox, hook } = await hookToInbox('shop');
    const types = ['order.created', 'order.cancelled', 'customer.signed_up'];
    const fired = [];
    for (const type of types) {
      const answer = await core.api('POST', '/api/events', { provider: 'shop', type });
      expect(answer.status, JSON.stringify(answer.body)).toBe(202);
      fired.push(answer.body);
    }
    const own = { orderId: 'ord_7', reason: 'stock' };
    const explicit = await core.api('POST', '/api/events', { provider: 'shop', type: 'order.cancelled', payload: own });
    expect(explicit.status, JSON.stringify(explicit.body)).toBe(202);

    const bodies = (await captures(inbox.id, 4)).map((capture) => verified(capture, hook.secret));
    const byTimestamp = (type: string, timestamp: string) => bodies.find((body) => body.type === type && body.timestamp === timestamp);
    for (const [index, type] of types.entries()) {
      expect(byTimestamp(type, fired[index].event.createdAt)?.data).toEqual(fired[index].event.payload);
    }
    expect(bodies.find((body) => body.timestamp === explicit.body.event.createdAt)).toEqual({
      type: 'order.cancelled',
      timestamp: explicit.body.event.createdAt,
      data: own,
    });
  });

  it('refuses a payload that does not match the message schema, naming where', async () => {
    const refused = await core.api('POST', '/api/events', {
      provider: 'shop',
      type: 'order.created',
      url: `${core.ingressUrl}/in/default`,
      payload: { orderId: 'ord_1', customerId: 'cus_1', total: -1, currency: 'EUR', items: [{ sku: 'A', quantity: 1 }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_payload', field: 'payload/total' });
  });

  it('deletes an imported provider once no hook uses it, and never a built-in one', async () => {
    await importDocument({ document: shop, id: 'shop-to-delete' });
    const { hook } = await hookToInbox('shop-to-delete');
    expect((await core.api('DELETE', '/api/providers/shop-to-delete')).body.error.code).toBe('provider_in_use');
    expect((await core.api('DELETE', `/api/hooks/${hook.id}`)).status).toBe(204);
    expect((await core.api('DELETE', '/api/providers/shop-to-delete')).status).toBe(204);
    expect((await core.api('DELETE', '/api/providers/shop-to-delete')).status).toBe(404);
    expect((await core.api('DELETE', '/api/providers/khan')).body.error.code).toBe('provider_builtin');
    const ids = (await core.api('GET', '/api/providers')).body.items.map((each: { id: string }) => each.id);
    expect(ids).not.toContain('shop-to-delete');
  });
});

describe('importing an AsyncAPI 3.0 document', () => {
  it('generates samples from the schemas when the messages have no examples', async () => {
    const provider = await importDocument({ document: sensors });
    expect(provider.id).toBe('greenhouse-sensors');
    expect(provider.eventTypes.map((type: { type: string }) => type.type)).toEqual([
      'temperatureMeasured',
      'humidityMeasured',
      'sensorOffline',
    ]);
    for (const eventType of provider.eventTypes) {
      expect(schemaProblems(eventType.schema, eventType.sample), eventType.type).toEqual([]);
    }
    const { inbox, hook } = await hookToInbox(provider.id);
    const fired = await core.api('POST', '/api/events', { provider: provider.id, type: 'sensorOffline' });
    expect(fired.status).toBe(202);
    const [body] = (await captures(inbox.id, 1)).map((capture) => verified(capture, hook.secret));
    expect(body).toMatchObject({ type: 'sensorOffline', data: { severity: 'warning' } });
  });
});

describe('a document that cannot be imported', () => {
  it('is refused with what is wrong and where', async () => {
    const missing = await importDocument({ document: 'asyncapi: 2.6.0\ninfo:\n  title: Broken\nchannels: {}\n' }, 400);
    expect(missing.error).toMatchObject({ code: 'invalid_asyncapi', field: 'document' });
    expect(missing.error.message).toMatch(/at info \(line 2\).*"version"/);

    const syntax = await importDocument({ document: 'asyncapi: 3.0.0\ninfo: [\n' }, 400);
    expect(syntax.error.message).toContain('neither YAML nor JSON');

    const other = await importDocument({ document: '{"openapi": "3.1.0"}' }, 400);
    expect(other.error.message).toContain('not an AsyncAPI 2.x or 3.x document');

    const noMessages = await importDocument({ document: 'asyncapi: 3.0.0\ninfo: {title: Empty, version: "1"}\n' }, 400);
    expect(noMessages.error.message).toContain('no messages');
  });

  it('is refused when it refers to files or URLs, which are never read', async () => {
    const outside = shop.replace("$ref: '#/components/schemas/Order'", "$ref: '/etc/hostname'");
    const refused = await importDocument({ document: outside, id: 'outside' }, 400);
    expect(refused.error.message).toContain('components.messages.OrderCreated.payload: /etc/hostname');
  });
});

describe('hookbench import-asyncapi', () => {
  it('imports a file into the running server, and says why when the server refuses it', async () => {
    const file = new URL('../fixtures/asyncapi/sensors-3.0.json', import.meta.url).pathname;
    const env = { HOOKBENCH_TOKEN: core.token };
    const imported = runCli(['import-asyncapi', file, '--id', 'from-cli', '--server', core.controlUrl], env);
    expect(await imported.exited, imported.output()).toBe(0);
    expect(imported.output()).toContain('Imported provider "from-cli" (Greenhouse Sensors) with 3 event type(s)');
    const again = runCli(['import-asyncapi', file, '--id', 'from-cli', '--server', core.controlUrl], env);
    expect(await again.exited).toBe(1);
    expect(again.output()).toContain('A provider "from-cli" exists already');
  });
});

describe('an imported provider', () => {
  it('survives a restart', async () => {
    const dataDir = await tempDir();
    try {
      const first = await startTestCore({ dataDir });
      await first.api('POST', '/api/providers/import/asyncapi', { document: sensors, id: 'kept' });
      await first.close();
      const second = await startTestCore({ dataDir });
      try {
        const kept = (await second.api('GET', '/api/providers')).body.items.find((each: { id: string }) => each.id === 'kept');
        expect(kept.eventTypes).toHaveLength(3);
        const fired = await second.api('POST', '/api/events', {
          provider: 'kept',
          type: 'humidityMeasured',
          url: `${second.ingressUrl}/in/default`,
        });
        expect(fired.status, JSON.stringify(fired.body)).toBe(202);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
