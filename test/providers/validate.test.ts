import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore;
beforeAll(async () => {
  core = await startTestCore();
});
afterAll(() => core.dispose());

const validate = (provider: string, type: string, body: unknown) =>
  core.api('POST', `/api/providers/${provider}/events/${encodeURIComponent(type)}/validate`, body);

describe('checking a payload without firing it', () => {
  it('answers no problems for a fresh sample, and fires nothing', async () => {
    const { body } = await core.api('GET', '/api/providers');
    const kazoo = body.items.find((provider: { id: string }) => provider.id === 'kazoo');
    const destroy = kazoo.eventTypes.find((eventType: { type: string }) => eventType.type === 'channel_destroy');
    const checked = await validate('kazoo', 'channel_destroy', { payload: destroy.sample });
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({ type: 'channel_destroy', problems: [] });
    expect((await core.api('GET', '/api/events')).body.items).toEqual([]);
  });

  it('names each problem by JSON pointer and reason, as firing would refuse it', async () => {
    const checked = await validate('generic', 'ping', { payload: { message: 7 } });
    expect(checked.status).toBe(200);
    expect(checked.body.problems).toEqual([{ pointer: '/message', reason: 'must be string' }]);
    const whole = await validate('generic', 'ping', { payload: 'not an object' });
    expect(whole.body.problems).toEqual([expect.objectContaining({ pointer: '' })]);
  });

  it("resolves aliases (Khan's numbers) to the type id", async () => {
    const checked = await validate('khan', '3', { payload: {} });
    expect(checked.status).toBe(200);
    expect(checked.body.type).toBe('ClanCreated');
    expect(checked.body.problems.length).toBeGreaterThan(0);
  });

  it("checks the user's own generic event types against their schema", async () => {
    const created = await core.api('POST', '/api/providers/generic/events', {
      type: 'order.paid',
      name: 'Order paid',
      schema: { type: 'object', required: ['orderId'], properties: { orderId: { type: 'integer' } } },
      sample: { orderId: 1 },
    });
    expect(created.status).toBe(201);
    expect((await validate('generic', 'order.paid', { payload: { orderId: 1 } })).body.problems).toEqual([]);
    expect((await validate('generic', 'order.paid', { payload: { orderId: 'x' } })).body.problems).toEqual([
      { pointer: '/orderId', reason: 'must be integer' },
    ]);
  });

  it('refuses an unknown provider or event type, and a body without a payload', async () => {
    const provider = await validate('nope', 'ping', { payload: {} });
    expect(provider.status).toBe(400);
    expect(provider.body.error.code).toBe('unknown_provider');
    const type = await validate('generic', 'nope', { payload: {} });
    expect(type.status).toBe(400);
    expect(type.body.error.code).toBe('unknown_event_type');
    expect((await validate('generic', 'ping', {})).status).toBe(400);
  });
});
