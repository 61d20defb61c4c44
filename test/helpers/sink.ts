import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface SinkRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface SinkAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering; `Infinity` never answers. */
  delayMs?: number;
}

export interface Sink {
  url: string;
  port: number;
  requests: SinkRequest[];
  /** Resolves once `count` requests arrived in all. */
  received(count: number): Promise<SinkRequest[]>;
  close(): Promise<void>;
}

/** A local receiver whose answers a test scripts, recording every request it gets. */
export async function startSink(answer: (request: SinkRequest, index: number) => SinkAnswer = () => ({})): Promise<Sink> {
  const requests: SinkRequest[] = [];
  const waiters: { count: number; resolve: (requests: SinkRequest[]) => void }[] = [];
  const server: Server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const recorded = { method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
    const index = requests.push(recorded) - 1;
    for (const waiter of waiters.filter((candidate) => requests.length >= candidate.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(requests.slice());
    }
    const { status = 200, headers = {}, body = 'ok', delayMs = 0 } = answer(recorded, index);
    if (delayMs === Infinity) return;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (!response.destroyed) response.writeHead(status, headers).end(body);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    received: (count) =>
      requests.length >= count ? Promise.resolve(requests.slice()) : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
