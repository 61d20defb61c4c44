/**
 * A tiny order service, the "code under test" of this example. It sends a signed
 * `order.created` webhook when an order is made, and takes signed `payment.succeeded`
 * webhooks from a payment provider. Plain Node http + undici; signatures follow Standard Webhooks.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';

export interface OrderServiceOptions {
  /** Where `order.created` webhooks go. */
  webhookUrl: string;
  /** Signs outgoing webhooks (a `whsec_…` Standard Webhooks secret). */
  webhookSecret: string;
  /** Checks incoming payment webhooks. */
  paymentSecret: string;
}

export interface Order {
  id: string;
  item: string;
  quantity: number;
  email: string;
  status: 'new' | 'paid';
}

export interface OrderService {
  url: string;
  close(): Promise<void>;
}

export async function startOrderService(options: OrderServiceOptions): Promise<OrderService> {
  const orders = new Map<string, Order>();
  const sending = new Set<Promise<void>>();
  const signer = new Webhook(options.webhookSecret);
  const payments = new Webhook(options.paymentSecret);

  // Sent after the answer, as real services do: a test must wait for it, not assume it is there.
  function notify(order: Order): void {
    const id = `msg_${randomUUID()}`;
    const body = JSON.stringify({ type: 'order.created', data: order });
    const now = new Date();
    const sent = request(options.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signer.sign(id, now, body),
      },
      body,
    })
      .then((response) => response.body.dump())
      .catch((error: unknown) => console.error(`order ${order.id}: webhook failed: ${(error as Error).message}`))
      .finally(() => sending.delete(sent));
    sending.add(sent);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (req.method === 'POST' && req.url === '/orders') {
      const input = JSON.parse(body) as Pick<Order, 'item' | 'quantity' | 'email'>;
      const order: Order = { id: randomUUID(), item: input.item, quantity: input.quantity, email: input.email, status: 'new' };
      orders.set(order.id, order);
      reply(res, 201, order);
      notify(order);
      return;
    }
    const found = /^\/orders\/([\w-]+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && found) {
      const order = orders.get(found[1]!);
      return order ? reply(res, 200, order) : reply(res, 404, { error: 'no such order' });
    }
    if (req.method === 'POST' && req.url === '/payments/webhook') {
      let event: { type: string; data: { orderId: string } };
      try {
        event = payments.verify(body, headersOf(req)) as typeof event;
      } catch {
        return reply(res, 401, { error: 'bad signature' });
      }
      const order = orders.get(event.data.orderId);
      if (event.type === 'payment.succeeded' && order) order.status = 'paid';
      return reply(res, 204);
    }
    reply(res, 404, { error: 'not found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => reply(res, 400, { error: (error as Error).message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await Promise.all(sending);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function headersOf(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]));
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}
