import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InboxResponse } from '../../../shared/schemas.js';
import { storageFault, storageUnavailable } from '../../errors.js';
import type { InboxService } from '../../inboxes/service.js';
import type { Logger } from '../../log.js';
import type { IngressLimits } from './limits.js';

/** What an oversize body keeps, so the user can still see who sent it. */
const TRUNCATED_KEEP = 64 * 1024;
const INBOX_PREFIX = '/in/';

export function isInboxPath(url: string | undefined): boolean {
  return url !== undefined && url.startsWith(INBOX_PREFIX);
}

interface ReceivedBody {
  body: Buffer;
  received: number;
  overflow: boolean;
}

/**
 * Captures any request to /in/<slug>[/<anything>] byte for byte: every method, any content
 * type, the body never parsed or re-encoded. It answers only after the capture is stored.
 */
export function createCaptureHandler(inboxes: InboxService, limits: IngressLimits, log: Logger) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    capture(request, response).catch((error: unknown) => {
      if (error instanceof ClientGoneError) return;
      log.error(`capture failed: ${(error as Error).message}`);
      if (!response.headersSent) {
        const fault = storageFault(error);
        const { statusCode, code, message } = fault
          ? storageUnavailable(fault, 'this request')
          : {
              statusCode: 503,
              code: 'storage_unavailable',
              message: 'Hookbench could not store this request; check its log and free disk space.',
            };
        sendError(response, statusCode, code, message);
      } else {
        response.destroy();
      }
    });
  };

  async function capture(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = request.url!;
    if (url.length > limits.maxUrlLength) {
      request.resume();
      return sendError(response, 414, 'url_too_long', `The URL is longer than ${limits.maxUrlLength} bytes.`);
    }
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const search = queryStart === -1 ? '' : url.slice(queryStart + 1);
    const slug = path.slice(INBOX_PREFIX.length).split('/', 1)[0]!;
    const inbox = inboxes.resolveSlug(slug);
    if (!inbox) {
      request.resume();
      return sendError(
        response,
        404,
        'inbox_not_found',
        `No inbox "${slug}". Create it in Hookbench or with POST /api/inboxes {"slug":"${slug}"} on the control API.`,
      );
    }

    const receivedAt = new Date().toISOString();
    const { body, received, overflow } = await readBody(request, limits.bodyLimit);
    // The script's step is taken once the request has fully arrived; a 413 does not use one.
    const answer = overflow ? undefined : inboxes.answer(inbox);
    const status = answer ? answer.response.status : 413;
    const summary = await inboxes.capture(
      {
        inboxId: inbox.id,
        receivedAt,
        method: request.method ?? 'GET',
        path,
        search,
        headers: headerPairs(request.rawHeaders),
        remoteAddress: plainAddress(request.socket.remoteAddress),
        size: received,
        contentType: request.headers['content-type'] ?? null,
        truncated: overflow,
        responseStatus: status,
        scriptStep: answer?.step,
      },
      body,
    );
    if (!answer) {
      response.setHeader('connection', 'close');
      response.setHeader('x-hookbench-capture-id', summary.id);
      return sendError(response, 413, 'body_too_large', `The body is larger than the ${limits.bodyLimit}-byte limit (--body-limit).`);
    }

    const ready = prepared(answer.response);
    if (ready.delayMs > 0 && !(await delay(ready.delayMs, response))) return;
    response.writeHead(status, [...ready.headers, 'x-hookbench-capture-id', summary.id]);
    response.end(request.method === 'HEAD' ? undefined : ready.body);
  }
}

interface PreparedResponse {
  headers: string[];
  body: Buffer;
  delayMs: number;
}

/**
 * Each answer (an inbox's response or one script step), encoded once. A changed inbox gets new
 * response and step objects, so this never goes stale.
 */
const preparedResponses = new WeakMap<InboxResponse, PreparedResponse>();

function prepared(source: InboxResponse): PreparedResponse {
  let answer = preparedResponses.get(source);
  if (!answer) {
    const { status, headers, body, delayMs } = source;
    const kept = Object.entries(headers).filter(([name]) => !/^(content-length|transfer-encoding)$/i.test(name));
    // 204 and 304 answers never carry a body (RFC 9110), whatever the inbox's body says.
    const bytes = status === 204 || status === 304 ? Buffer.alloc(0) : Buffer.from(body);
    const length = status === 204 || status === 304 ? [] : ['content-length', String(bytes.length)];
    answer = { headers: [...kept.flat(), ...length], body: bytes, delayMs };
    preparedResponses.set(source, answer);
  }
  return answer;
}

function readBody(request: IncomingMessage, limit: number): Promise<ReceivedBody> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (declared > limit) {
      resolve({ body: Buffer.alloc(0), received: declared, overflow: true });
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) {
        chunks.push(chunk);
        return;
      }
      done = true;
      request.off('data', onData);
      request.pause();
      resolve({ body: Buffer.concat(chunks).subarray(0, TRUNCATED_KEEP), received, overflow: true });
    };
    request.on('data', onData);
    request.on('end', () => {
      done = true;
      resolve({ body: Buffer.concat(chunks, received), received, overflow: false });
    });
    request.on('close', () => {
      if (!done) reject(new ClientGoneError());
    });
    request.on('error', () => {
      if (!done) reject(new ClientGoneError());
    });
  });
}

class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection before sending its whole request');
  }
}

/** Waits for the configured delay; false when the client left meanwhile. */
function delay(ms: number, response: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(true);
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    response.once('close', onClose);
  });
}

function headerPairs(raw: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let index = 0; index < raw.length; index += 2) pairs.push([raw[index]!, raw[index + 1]!]);
  return pairs;
}

function plainAddress(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
