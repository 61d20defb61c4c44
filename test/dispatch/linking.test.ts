import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { newInbox, header } from '../helpers/providers.js';
import { openStream, settled, type EventStream } from '../helpers/stream.js';

let core: TestCore;
let stream: EventStream;
beforeAll(async () => {
  core = await startTestCore();
  stream = await openStream(core);
});
afterAll(async () => {
  stream.close();
  await core.dispose();
});

async function fire(input: Record<string, unknown>) {
  const { status, body } = await core.api('POST', '/api/events', input);
  expect(status, JSON.stringify(body)).toBe(202);
  return body;
}

describe('a delivery to one of Hookbench’s inboxes and its capture link to each other', () => {
  it('a signed generic delivery: attempt → captureId, capture → delivery (by webhook-id)', async () => {
    const inbox = await newInbox(core, 'link-generic');
    const { body: hook } = await core.api('POST', '/api/hooks', { url: inbox.url });
    const fired = await fire({ provider: 'generic', type: 'ping', hookIds: [hook.id] });
    const delivery = await settled(stream, fired.deliveries[0].id);
    const [capture] = await inbox.next(1);
    expect(header(capture!, 'webhook-id')).toBe(delivery.id);
    expect(delivery.attempts[0].captureId).toBe(capture!.id);

    // The delivery read back (not just the streamed one) carries it too.
    const { body: read } = await core.api('GET', `/api/deliveries/${delivery.id}`);
    expect(read.attempts[0].captureId).toBe(capture!.id);
    const listed = await core.api('GET', `/api/deliveries?eventId=${fired.event.id}`);
    expect(listed.body.items[0].attempts[0].captureId).toBe(capture!.id);

    const { status, body } = await core.api('GET', `/api/requests/${capture!.id}/delivery`);
    expect(status).toBe(200);
    expect(body).toEqual({ deliveryId: delivery.id, attempt: 1, eventId: fired.event.id, hookId: hook.id });
    expect((await core.api('GET', `/api/requests/${capture!.id}/links`)).body).toEqual({ delivery: body });
  });

  it('each attempt names its own capture; the index finds unsigned deliveries', async () => {
    // The inbox answers 500 then 200, so the delivery takes two attempts.
    const { status, body: created } = await core.api('POST', '/api/inboxes', {
      slug: 'link-retry',
      script: { steps: [{ status: 500 }, { status: 200 }] },
    });
    expect(status, JSON.stringify(created)).toBe(201);
    // An ad-hoc URL delivery has no secret, so no webhook-id: only the in-memory index links it.
    const fired = await fire({ provider: 'generic', type: 'ping', url: created.url });
    const first = await settled(stream, fired.deliveries[0].id);
    expect(first.status).toBe('failed');
    await core.api('POST', `/api/deliveries/${first.id}/retry`);
    const read = async () => (await core.api('GET', `/api/deliveries/${first.id}`)).body;
    await expect.poll(async () => (await read()).status, { timeout: 10_000 }).toBe('succeeded');
    const done = await read();
    const [one, two] = done.attempts.map((attempt: { captureId: string }) => attempt.captureId);
    expect(one).toMatch(/\S/);
    expect(two).not.toBe(one);
    const captured = await core.api('GET', `/api/requests/${one}`);
    expect(header(captured.body, 'webhook-id')).toBeUndefined();
    expect((await core.api('GET', `/api/requests/${one}/delivery`)).body).toMatchObject({ deliveryId: done.id, attempt: 1, hookId: null });
    expect((await core.api('GET', `/api/requests/${two}/delivery`)).body).toMatchObject({ deliveryId: done.id, attempt: 2 });
  });

  it('a provider delivery without webhook-id (Kazoo) is found through the index', async () => {
    const inbox = await newInbox(core, 'link-kazoo');
    const { body: hook } = await core.api('POST', '/api/hooks', {
      provider: 'kazoo',
      url: inbox.url,
      events: ['channel_create'],
      providerOptions: { accountId: 'c'.repeat(32) },
    });
    const fired = await fire({ provider: 'kazoo', type: 'channel_create', hookIds: [hook.id] });
    const delivery = await settled(stream, fired.deliveries[0].id);
    const [capture] = await inbox.next(1);
    expect(delivery.attempts[0].captureId).toBe(capture!.id);
    expect((await core.api('GET', `/api/requests/${capture!.id}/delivery`)).body).toEqual({
      deliveryId: delivery.id,
      attempt: 1,
      eventId: fired.event.id,
      hookId: hook.id,
    });
  });

  it('a capture no delivery made is 404, even with a copied webhook-id', async () => {
    const inbox = await newInbox(core, 'link-none');
    const { body: hook } = await core.api('POST', '/api/hooks', { url: inbox.url });
    const fired = await fire({ provider: 'generic', type: 'ping', hookIds: [hook.id] });
    const delivery = await settled(stream, fired.deliveries[0].id);
    await inbox.next(1);
    // Someone replays the request by hand: same webhook-id, but this capture is not the attempt's.
    const response = await request(inbox.url, { method: 'POST', headers: { 'webhook-id': delivery.id }, body: '{}' });
    await response.body.dump();
    const copy = response.headers['x-hookbench-capture-id'] as string;
    const { status, body } = await core.api('GET', `/api/requests/${copy}/delivery`);
    expect(status).toBe(404);
    expect(body.error.code).toBe('delivery_not_found');
    // What the workbench asks: "no delivery" is an answer, not an error.
    expect(await core.api('GET', `/api/requests/${copy}/links`)).toMatchObject({ status: 200, body: { delivery: null } });
    expect((await core.api('GET', '/api/requests/req_nope/delivery')).status).toBe(404);
  });
});
