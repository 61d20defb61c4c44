import type { IncomingMessage, ServerResponse } from 'node:http';
import { storageFault, storageUnavailable } from '../../errors.js';
import { RequestView } from '../../inboxes/request.js';
import type { InboxService } from '../../inboxes/service.js';
import type { Logger } from '../../log.js';
import { chooseAnswer } from './answer.js';
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
    const method = request.method ?? 'GET';
    const headers = headerPairs(request.rawHeaders);
    const contentType = request.headers['content-type'] ?? null;
    // Only references: rules and templates parse what they read of it, when they read it.
    const view = new RequestView(method, path, INBOX_PREFIX.length + slug.length, search, headers, body, contentType);
    // The answer (a rule, the script's step, or the response) is chosen and rendered once the
    // request has fully arrived, before it is stored, so the capture records what it was
    // answered. A 413 takes no script step.
    const { answer, ready } = overflow ? { answer: undefined, ready: undefined } : chooseAnswer(inboxes, inbox, view);
    const summary = await inboxes.capture(
      {
        inboxId: inbox.id,
        receivedAt,
        method,
        path,
        search,
        headers,
        remoteAddress: plainAddress(request.socket.remoteAddress),
        size: received,
        contentType,
        truncated: overflow,
        responseStatus: ready ? ready.status : 413,
        scriptStep: answer?.step,
        rule: answer?.rule?.id,
        answerError: ready?.error,
      },
      body,
    );
    if (!ready) {
      response.setHeader('connection', 'close');
      response.setHeader('x-hookbench-capture-id', summary.id);
      return sendError(response, 413, 'body_too_large', `The body is larger than the ${limits.bodyLimit}-byte limit (--body-limit).`);
    }

    if (ready.delayMs > 0 && !(await delay(ready.delayMs, response))) return;
    response.writeHead(ready.status, [...ready.headers, 'x-hookbench-capture-id', summary.id]);
    response.end(request.method === 'HEAD' ? undefined : ready.body);
  }
}

function readBody(request: IncomingMessage, limit: number): Promise<ReceivedBody> {
  return new Promise((resolve, reject) => {
    // A body announced as over the limit is read only as far as the start that is kept.
    const declared = Number(request.headers['content-length']);
    const announcedTooLarge = declared > limit;
    // Over the limit once a byte past it arrives; announced as over it, once the kept start has.
    const overflowAt = announcedTooLarge ? Math.min(limit, TRUNCATED_KEEP) : limit + 1;
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const overflowed = () => {
      done = true;
      request.off('data', onData);
      request.pause();
      const kept = Buffer.concat(chunks).subarray(0, Math.min(limit, TRUNCATED_KEEP));
      resolve({ body: kept, received: announcedTooLarge ? declared : received, overflow: true });
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      chunks.push(chunk);
      if (received >= overflowAt) overflowed();
    };
    request.on('data', onData);
    request.on('end', () => {
      if (done) return;
      if (announcedTooLarge) return overflowed();
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
