/** How an app's own test suite uses Hookbench: receive its webhooks, and send it some. */
import { randomBytes } from 'node:crypto';
import { Hookbench, type TestInbox } from 'hookbench';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOrderService, type Order, type OrderService } from '../src/service.js';

const secret = () => `whsec_${randomBytes(24).toString('base64')}`;
const webhookSecret = secret();
const paymentSecret = secret();

let hb: Hookbench;
let inbox: TestInbox;
let service: OrderService;

beforeAll(async () => {
  hb = await Hookbench.start();
  inbox = await hb.createInbox({ name: 'order webhooks' });
  service = await startOrderService({ webhookUrl: `${inbox.url}/webhooks/orders`, webhookSecret, paymentSecret });
});

afterAll(async () => {
  await service?.close();
  await hb?.close();
});

async function createOrder(): Promise<Order> {
  const response = await request(`${service.url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ item: 'keyboard', quantity: 1, email: 'ada@example.com' }),
  });
  expect(response.statusCode).toBe(201);
  return (await response.body.json()) as Order;
}

it('sends a signed order.created webhook when an order is made', async () => {
  const order = await createOrder();

  const [webhook] = await inbox.waitFor({
    match: {
      method: 'POST',
      path: '/webhooks/orders',
      headers: { 'content-type': 'application/json', 'webhook-signature': /^v1,/ },
      json: { type: 'order.created', data: { id: order.id, email: 'ada@example.com' } },
    },
  });

  const headers = Object.fromEntries(webhook!.headers.map(([name, value]) => [name.toLowerCase(), value]));
  expect(new Webhook(webhookSecret).verify(webhook!.body, headers)).toEqual({ type: 'order.created', data: order });
});

it('marks an order paid when the payment provider says so', async () => {
  const order = await createOrder();
  // A payment provider stand-in: Hookbench signs generic events with the hook's secret.
  await hb.request('POST', '/api/providers/generic/events', { type: 'payment.succeeded', name: 'Payment succeeded' });
  const hook = await hb.createHook({
    url: `${service.url}/payments/webhook`,
    provider: 'generic',
    secret: paymentSecret,
    retry: { preset: 'none' },
  });

  const { deliveries } = await hb.fire({
    provider: 'generic',
    type: 'payment.succeeded',
    payload: { orderId: order.id },
    hookIds: [hook.id],
  });
  const delivery = await hb.waitForDelivery(deliveries[0]!.id, { status: 'succeeded' });
  expect(delivery.attempts.at(-1)?.response?.status).toBe(204);

  const response = await request(`${service.url}/orders/${order.id}`);
  expect(await response.body.json()).toMatchObject({ status: 'paid' });
});
