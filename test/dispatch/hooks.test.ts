import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore;
let controlPort: number;

beforeAll(async () => {
  core = await startTestCore();
  controlPort = Number(new URL(core.controlUrl).port);
});
afterAll(() => core.dispose());

describe('hook registry', () => {
  it('creates a generic hook with sensible defaults and a whsec_ secret', async () => {
    const { status, body } = await core.api('POST', '/api/hooks', { url: 'http://localhost:9/receiver' });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      name: 'localhost:9',
      provider: 'generic',
      events: ['*'],
      method: 'POST',
      format: 'json',
      enabled: true,
      timeoutMs: 15000,
      retry: { preset: 'exponential' },
    });
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{40,}={0,2}$/);
    expect(Buffer.from(body.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    expect((await core.api('GET', `/api/hooks/${body.id}`)).body).toEqual(body);
  });

  it('answers 400 naming the field and the reason for bad input', async () => {
    const cases: [object, string, RegExp][] = [
      [{ url: 'not a url' }, 'url', /not a valid URL/],
      [{ url: 'file:///etc/passwd' }, 'url', /Only http and https/],
      [{ url: 'ftp://example.com/' }, 'url', /Only http and https/],
      [{ url: 'http://169.254.169.254/latest/meta-data' }, 'url', /metadata/],
      [{ url: 'http://[::ffff:169.254.169.254]/' }, 'url', /metadata/],
      [{ url: 'http://0.0.0.0:8080/' }, 'url', /unspecified/],
      [{ url: 'http://224.0.0.1/' }, 'url', /multicast/],
      [{ url: 'http://[fe80::1]/' }, 'url', /link-local/],
      [{ url: 'http://[::169.254.169.254]/' }, 'url', /metadata/],
      [{ url: 'http://[fd00:ec2::254]/' }, 'url', /metadata/],
      [{ url: 'http://[64:ff9b::a9fe:a9fe]/' }, 'url', /metadata/],
      [{ url: `http://127.0.0.1:${controlPort}/api/hooks` }, 'url', /control port/],
      [{ url: `http://localhost:${controlPort}/api/hooks` }, 'url', /control port/],
      [{ url: 'http://127.0.0.1:9/', events: ['no.such.event'] }, 'events', /not an event type of generic/],
      [{ url: 'http://127.0.0.1:9/', headers: { 'bad header': 'x' } }, 'headers', /not a legal HTTP header name/],
      [{ url: 'http://127.0.0.1:9/', headers: { 'x-ok': 'line\r\nbreak' } }, 'headers', /line break/],
      [
        { url: 'http://127.0.0.1:9/', headers: { 'Content-Length': '5' } },
        'headers',
        /"Content-Length" is set for each request from its body and connection/,
      ],
      [{ url: 'http://127.0.0.1:9/', headers: { 'transfer-encoding': 'chunked' } }, 'headers', /cannot set it/],
      [{ url: 'http://127.0.0.1:9/', provider: 'nope' }, 'provider', /No provider "nope"/],
      [{ url: 'http://127.0.0.1:9/', method: 'TRACE' }, 'method', /method must be one of "POST", "PUT", "PATCH", "GET", "DELETE"/],
      [
        { url: 'http://127.0.0.1:9/', retry: { preset: 'none', schedule: [1000] } },
        'retry',
        /retry takes either "preset" or "schedule", not both/,
      ],
      [{ url: 'http://127.0.0.1:9/', retry: {} }, 'retry', /retry needs "preset" .* or "schedule"/],
      [{ url: 'http://127.0.0.1:9/', retry: { preset: 'often' } }, 'retry.preset', /"exponential", "standard-webhooks", "none"/],
      [{ url: 'http://127.0.0.1:9/', retry: { schedule: [-1] } }, 'retry.schedule.0', /retry\.schedule\.0 must be >= 0/],
      [{ url: 'http://127.0.0.1:9/', surprise: true }, 'surprise', /"surprise" is not a field here/],
      [{ name: 'no url' }, 'url', /"url" is required/],
    ];
    for (const [input, field, message] of cases) {
      const { status, body } = await core.api('POST', '/api/hooks', input);
      expect(status, JSON.stringify(input)).toBe(400);
      if (field) expect(body.error.field, JSON.stringify(input)).toBe(field);
      expect(body.error.message, JSON.stringify(input)).toMatch(message);
    }
  });

  it('accepts a Host header, to reach a virtual host on a local server', async () => {
    const { status, body } = await core.api('POST', '/api/hooks', { url: 'http://127.0.0.1:9/', headers: { Host: 'app.test' } });
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body.headers).toEqual({ Host: 'app.test' });
  });

  it('accepts private-network and localhost targets', async () => {
    for (const url of ['http://localhost:3000/hook', 'http://192.168.1.20/hook', 'http://10.0.0.5:8080/', 'https://[::1]:8443/x']) {
      expect((await core.api('POST', '/api/hooks', { url })).status, url).toBe(201);
    }
  });

  it('changes, re-enables and deletes hooks', async () => {
    const { body: hook } = await core.api('POST', '/api/hooks', {
      url: 'http://127.0.0.1:9/',
      events: ['ping'],
      retry: { preset: 'none' },
    });
    expect(hook.retry).toEqual({ preset: 'none', schedule: [] });
    const disabled = await core.api('PATCH', `/api/hooks/${hook.id}`, {
      enabled: false,
      retry: { schedule: [1000, 2000] },
      name: 'Renamed',
    });
    expect(disabled.body).toMatchObject({
      enabled: false,
      disabledReason: 'disabled by the user',
      name: 'Renamed',
      retry: { preset: 'custom', schedule: [1000, 2000] },
    });
    const enabled = await core.api('PATCH', `/api/hooks/${hook.id}`, { enabled: true });
    expect(enabled.body.enabled).toBe(true);
    expect(enabled.body.disabledReason).toBeUndefined();
    expect((await core.api('PATCH', `/api/hooks/${hook.id}`, { url: 'gopher://x' })).status).toBe(400);
    expect((await core.api('DELETE', `/api/hooks/${hook.id}`)).status).toBe(204);
    expect((await core.api('GET', `/api/hooks/${hook.id}`)).status).toBe(404);
  });

  it('keeps a generic hook signing: its secret cannot be removed, and a hook made generic gets one', async () => {
    const { body: hook } = await core.api('POST', '/api/hooks', { url: 'http://127.0.0.1:9/' });
    const removed = await core.api('PATCH', `/api/hooks/${hook.id}`, { secret: null });
    expect(removed.status).toBe(400);
    expect(removed.body.error).toMatchObject({ code: 'secret_required', field: 'secret' });
    expect(removed.body.error.message).toContain('rotate-secret');

    const { body: codewars } = await core.api('POST', '/api/hooks', { url: 'http://127.0.0.1:9/', provider: 'codewars' });
    expect(codewars.secret).toBe('');
    const { body: madeGeneric } = await core.api('PATCH', `/api/hooks/${codewars.id}`, { provider: 'generic' });
    expect(madeGeneric.secret).toMatch(/^whsec_/);
  });

  it('refuses a delivery cursor it never gave, and a slug not in the form it takes, in words', async () => {
    const cursor = await core.api('GET', '/api/deliveries?cursor=garbage');
    expect(cursor.status).toBe(400);
    expect(cursor.body.error).toMatchObject({ field: 'cursor' });
    expect(cursor.body.error.message).toContain('pass the nextCursor of the page before');
    const slug = await core.api('POST', '/api/inboxes', { slug: 'Bad Slug!' });
    expect(slug.status).toBe(400);
    expect(slug.body.error).toMatchObject({ field: 'slug' });
    expect(slug.body.error.message).toBe(
      'Invalid body: slug must be 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit.',
    );
  });

  it('answers bodies that are empty or not JSON clearly', async () => {
    const send = (method: string, path: string, body: string) =>
      request(`${core.controlUrl}${path}`, {
        method: method as 'POST',
        headers: { authorization: `Bearer ${core.token}`, 'content-type': 'application/json' },
        body,
      }).then(async (answer) => ({ status: answer.statusCode, text: await answer.body.text() }));
    const { body: hook } = await core.api('POST', '/api/hooks', { url: 'http://127.0.0.1:9/' });
    // Both of rotate-secret's fields are optional: no body rotates with the defaults.
    const rotated = await send('POST', `/api/hooks/${hook.id}/rotate-secret`, '');
    expect(rotated.status, rotated.text).toBe(200);
    expect(JSON.parse(rotated.text).secret).not.toBe(hook.secret);
    const broken = await send('PATCH', `/api/hooks/${hook.id}`, '{"name": ');
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.text).error).toMatchObject({ code: 'invalid_json' });
    const missing = await send('POST', '/api/hooks', '');
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text).error.message).toBe('The body must be object.');
    // A bodiless DELETE labelled as JSON.
    expect((await send('DELETE', `/api/hooks/${hook.id}`, '')).status).toBe(204);
  });

  it('rotates a secret, keeping the old one for the overlap window', async () => {
    const { body: hook } = await core.api('POST', '/api/hooks', { url: 'http://127.0.0.1:9/' });
    const { body: rotated } = await core.api('POST', `/api/hooks/${hook.id}/rotate-secret`, { overlapMs: 60_000 });
    expect(rotated.secret).not.toBe(hook.secret);
    expect(rotated.previousSecrets).toHaveLength(1);
    expect(rotated.previousSecrets[0].secret).toBe(hook.secret);
    expect(Date.parse(rotated.previousSecrets[0].expiresAt)).toBeGreaterThan(Date.now() + 50_000);
  });

  it('manages the user’s own generic event types', async () => {
    const created = await core.api('POST', '/api/providers/generic/events', {
      type: 'order.paid',
      name: 'Order paid',
      description: 'An order was paid.',
      schema: { type: 'object', properties: { orderId: { type: 'string' } } },
      sample: { orderId: 'ord_1', amount: 1200 },
    });
    expect(created.status).toBe(201);
    expect((await core.api('POST', '/api/providers/generic/events', { type: 'order.paid', name: 'Again' })).status).toBe(409);
    const { body: catalog } = await core.api('GET', '/api/providers');
    const generic = catalog.items.find((provider: { id: string }) => provider.id === 'generic');
    expect(generic.eventTypes.map((type: { type: string }) => type.type)).toEqual(['ping', 'order.paid']);
    const changed = await core.api('PUT', '/api/providers/generic/events/order.paid', {
      name: 'Order settled',
      sample: { orderId: 'ord_2' },
    });
    expect(changed.body).toMatchObject({ type: 'order.paid', name: 'Order settled', sample: { orderId: 'ord_2' }, custom: true });
    expect((await core.api('POST', '/api/hooks', { url: 'http://127.0.0.1:9/', events: ['order.paid'] })).status).toBe(201);
    expect((await core.api('DELETE', '/api/providers/generic/events/ping')).status).toBe(400);
    // A schema that cannot be used, or a sample that fails its own schema, is refused when saved.
    const unusable = await core.api('POST', '/api/providers/generic/events', {
      type: 'bad.schema',
      name: 'Bad',
      schema: { type: 'nonsense' },
    });
    expect(unusable.status).toBe(400);
    expect(unusable.body.error).toMatchObject({ code: 'invalid_schema', field: 'schema' });
    const mismatched = await core.api('PUT', '/api/providers/generic/events/order.paid', {
      name: 'Order paid',
      schema: { type: 'object', required: ['orderId'] },
      sample: { amount: 5 },
    });
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.error).toMatchObject({ code: 'invalid_sample', field: 'sample' });
    expect(mismatched.body.error.message).toContain('must have property "orderId"');
    expect((await core.api('DELETE', '/api/providers/generic/events/order.paid')).status).toBe(204);
    expect((await core.api('DELETE', '/api/providers/generic/events/order.paid')).status).toBe(404);
  });
});
