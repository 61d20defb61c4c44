import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { InboxService } from '../../inboxes/service.js';
import type { Logger } from '../../log.js';
import { emptyJsonIsNoBody } from '../json-body.js';
import { createCaptureHandler, isInboxPath } from './capture.js';
import { registerEmulators, type EmulatorServices } from './emulators.js';
import type { IngressLimits } from './limits.js';

/**
 * The listener the outside world may reach. Captures under /in/ go to a raw handler before
 * Fastify sees them (Fastify would parse bodies and refuse unusual methods or content types);
 * everything else (emulated provider APIs) is an ordinary Fastify app.
 */
export function buildIngressApp(inboxes: InboxService, emulators: EmulatorServices, limits: IngressLimits, log: Logger): FastifyInstance {
  const handleCapture = createCaptureHandler(inboxes, limits, log);
  const app = Fastify({
    logger: false,
    bodyLimit: limits.bodyLimit,
    // Emulated APIs take ids of any length in their paths (a Khan game id is the client's own
    // string) and answer a bad one in their own shape; the URL is bounded by the header limit.
    routerOptions: { maxParamLength: 2048 },
    clientErrorHandler: (error, socket) => answerClientError(error, socket, limits),
    serverFactory: (handler) => {
      const server = createServer(
        {
          maxHeaderSize: limits.maxHeaderSize,
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.requestTimeoutMs,
          keepAliveTimeout: limits.keepAliveTimeoutMs,
          connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
        },
        (request, response) => {
          // Its head arrived: from here the request timeout bounds it, not the idle one below.
          request.socket.setTimeout(0);
          if (isInboxPath(request.url)) handleCapture(request, response);
          else handler(request, response);
        },
      );
      server.maxConnections = limits.maxConnections;
      // Node drops headers past its count limit silently, which a capture must never do; the
      // size limit (maxHeaderSize) already bounds them.
      server.maxHeadersCount = 0;
      // Node's headers timeout only starts with a request's first byte: a connection that never
      // sends one would hold one of the maxConnections slots for ever. Node destroys a socket
      // whose timeout fires when nothing else handles it.
      server.on('connection', (socket: Socket) => socket.setTimeout(limits.headersTimeoutMs));
      return server;
    },
  });

  emptyJsonIsNoBody(app);
  app.get('/', async () => ({
    name: 'hookbench',
    capture: 'Send any request to /in/<slug>; the default inbox is /in/default.',
    providers: 'Emulated registration APIs are under /p/<provider>, e.g. /p/kazoo/v2/accounts/<account>/webhooks.',
  }));
  registerEmulators(app, emulators);

  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({
      error: {
        code: 'not_found',
        message: `Nothing at ${request.method} ${request.url}. Inboxes capture under /in/<slug>; provider APIs are under /p/<provider>.`,
      },
    }),
  );
  return app;
}

/** Node gives the bytes it refused as a Buffer (Fastify's type says otherwise). */
type ClientError = Error & { code?: string; rawPacket?: unknown };

/**
 * Answers what Node's parser refused before any handler saw it (bad framing, oversize head,
 * timeouts) in the ingress' own error shape, then closes the connection: after a framing error
 * nothing further on it can be trusted.
 */
function answerClientError(error: ClientError, socket: Socket, limits: IngressLimits): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = clientErrorAnswer(error, limits);
  if (socket.writable) {
    const body = JSON.stringify({ error: { code, message } });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

function clientErrorAnswer(error: ClientError, limits: IngressLimits): [number, string, string] {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return [408, 'request_timeout', 'The request did not arrive in time.'];
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    // The parser counts the request line with the headers; when the bytes it refused are a
    // request line too long to end in the URL limit, the URL is what is too long.
    if (isLongRequestLine(error.rawPacket, limits.maxUrlLength)) {
      return [414, 'url_too_long', `The URL is longer than ${limits.maxUrlLength} bytes.`];
    }
    return [431, 'headers_too_large', `The request line and headers are larger than ${limits.maxHeaderSize} bytes.`];
  }
  return [400, 'bad_request', 'The request is not valid HTTP/1.1 (its framing or headers are malformed).'];
}

function isLongRequestLine(packet: unknown, maxUrlLength: number): boolean {
  if (!Buffer.isBuffer(packet) || !/^[A-Z]+ \//.test(packet.subarray(0, 32).toString('latin1'))) return false;
  const end = packet.indexOf('\r\n');
  return (end === -1 ? packet.length : end) > maxUrlLength;
}
