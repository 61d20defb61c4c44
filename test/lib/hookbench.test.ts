import { existsSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryWaitError, Hookbench, HookbenchApiError, WaitTimeoutError } from '../../electron/lib/index.js';
import { startTestCore, type TestCore } from '../helpers/core.js';

function send(url: string, json: unknown, headers: Record<string, string> = {}) {
  return request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(json) }).then(
    (r) => r.body.text(),
  );
}

describe('Hookbench.start', () => {
  let hb: Hookbench;
  beforeAll(async () => {
    hb = await Hookbench.start();
  });
  afterAll(() => hb.close());

  it('waits for captures that arrived before the call and after it, matched by a partial object', async () => {
    const inbox = await hb.createInbox();
    expect(inbox.url).toBe(`${hb.ingressUrl}/in/${inbox.slug}`);
    await send(`${inbox.url}/orders`, { order: { id: 1 } });
    const waiting = inbox.waitFor({ match: { method: 'POST', path: '/orders', json: { order: { id: 2 } } } });
    await send(`${inbox.url}/orders`, { order: { id: 2 } }, { 'x-signature': 'abc' });
    const [capture] = await waiting;
    expect(capture!.json).toEqual({ order: { id: 2 } });

    const [first, second] = await inbox.waitFor({ count: 2, match: { headers: { 'content-type': /json/ } } });
    expect([first!.json, second!.json]).toEqual([{ order: { id: 1 } }, { order: { id: 2 } }]);
    const [after] = await inbox.waitFor({ after: first!.id });
    expect(after!.id).toBe(second!.id);
  });

  it('takes a predicate', async () => {
    const inbox = await hb.createInbox({ slug: 'predicate-test' });
    await send(inbox.url, { n: 1 });
    await send(inbox.url, { n: 2 });
    const [capture] = await inbox.waitFor({ match: (c) => (c.json as { n: number }).n === 2 });
    expect(capture!.json).toEqual({ n: 2 });
  });

  it('fails a wait with what arrived and the nearest capture, field by field', async () => {
    const inbox = await hb.createInbox();
    await send(`${inbox.url}/orders`, { order: { id: 41 } });
    await send(`${inbox.url}/refunds`, { refund: true });
    const error = await inbox
      .waitFor({ match: { path: '/orders', headers: { 'x-signature': /.+/ }, json: { order: { id: 42 } } }, timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const message = (error as WaitTimeoutError).message;
    expect(message).toContain(`inbox "${inbox.slug}"`);
    expect(message).toContain('2 captures arrived, 0 matched');
    expect(message).toMatch(/POST \/refunds \(/);
    expect(message).toMatch(/Nearest: POST \/orders \(/);
    expect(message).toContain('  path: ok');
    expect(message).toContain('  headers.x-signature: missing');
    expect(message).toContain('  json.order.id: expected 42, got 41');
    expect((error as WaitTimeoutError).arrived).toHaveLength(2);
  });

  it('fires an event to an inbox and waits for the delivery to succeed', async () => {
    const inbox = await hb.createInbox();
    const { event, deliveries } = await hb.fire({ provider: 'generic', type: 'ping', payload: { message: 'hi' }, url: inbox.url });
    const delivery = await hb.waitForDelivery(deliveries[0]!.id);
    expect(delivery.status).toBe('succeeded');
    const [capture] = await inbox.waitFor({ match: { json: { type: 'ping', data: { message: 'hi' } } } });
    expect(capture!.json).toMatchObject({ timestamp: event.createdAt });
  });

  it('fires to a hook and reports a delivery that ended otherwise, with its attempts', async () => {
    const inbox = await hb.createInbox({ response: { status: 500 } });
    const hook = await hb.createHook({ url: inbox.url, provider: 'generic', retry: { schedule: [] } });
    const { deliveries } = await hb.fire({ provider: 'generic', type: 'ping', hookIds: [hook.id] });
    const error = await hb.waitForDelivery(deliveries[0]!.id, { status: 'succeeded' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryWaitError);
    expect((error as DeliveryWaitError).message).toContain('ended failed, not succeeded');
    expect((error as DeliveryWaitError).message).toContain('attempt 1: POST');
    expect((error as DeliveryWaitError).message).toContain('answered 500');
    expect((await hb.delivery(deliveries[0]!.id)).attempts).toHaveLength(1);
  });
});

describe('cleaning up', () => {
  it('start() deletes its temp data folder on close', async () => {
    const hb = await Hookbench.start();
    const dataDir = hb.dataDir;
    expect(existsSync(dataDir)).toBe(true);
    await hb.close();
    await hb.close();
    expect(existsSync(dataDir)).toBe(false);
  });

  describe('connect()', () => {
    let core: TestCore;
    beforeAll(async () => {
      core = await startTestCore();
    });
    afterAll(() => core.dispose());

    it('works against a running core and leaves no inbox or hook behind', async () => {
      const before = (await core.api('GET', '/api/inboxes')).body.items.length;
      const hb = await Hookbench.connect({ url: core.controlUrl, token: core.token });
      expect(hb.ingressUrl).toBe(core.ingressUrl);
      const inbox = await hb.createInbox();
      const hook = await hb.createHook({ url: inbox.url });
      await send(inbox.url, { hello: 'world' });
      await inbox.waitFor({ match: { json: { hello: 'world' } } });
      const pending = inbox.waitFor({ count: 5, timeoutMs: 30_000 }).catch((e: unknown) => e);
      // A delivery that waits an hour for its retry, waited for while the Hookbench closes.
      const down = await hb.createHook({ url: 'http://127.0.0.1:9/', retry: { schedule: [3_600_000] } });
      const { deliveries } = await hb.fire({ provider: 'generic', type: 'ping', hookIds: [down.id] });
      const waitingForDelivery = hb.waitForDelivery(deliveries[0]!.id, { timeoutMs: 30_000 }).catch((e: unknown) => e);
      await hb.close();
      expect(await pending).toBeInstanceOf(HookbenchApiError);
      expect(await waitingForDelivery).toMatchObject({ name: 'HookbenchApiError', code: 'closed' });
      expect((await core.api('GET', '/api/inboxes')).body.items).toHaveLength(before);
      expect((await core.api('GET', `/api/hooks/${hook.id}`)).status).toBe(404);
      expect((await core.api('GET', '/api/health')).status).toBe(200);
    });

    it('says what to do about a wrong token or nothing listening', async () => {
      await expect(Hookbench.connect({ url: core.controlUrl, token: 'wrong' })).rejects.toThrow(/answered 401.*Check the token/);
      await expect(Hookbench.connect({ url: 'http://127.0.0.1:1', token: 'x' })).rejects.toThrow(/Cannot reach Hookbench.*hookbench serve/);
    });
  });
});
