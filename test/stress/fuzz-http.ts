import { connect } from 'node:net';

/** A request written byte for byte: odd methods, header casing, duplicates and framing go out exactly as given. */
export interface RawRequest {
  method: string;
  /** The request target as sent (path and query), latin1. */
  target: string;
  /** In order, names in their own case; Host and framing headers included by the caller. */
  headers: [string, string][];
  /** Body bytes; with `chunks` they go out as chunked transfer encoding, split at those sizes. */
  body: Buffer;
  chunks?: number[];
}

export interface RawResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

/** Each fuzz request gets a fresh connection; a stuck one fails the case instead of hanging the run. */
const REQUEST_TIMEOUT_MS = 20_000;

export function encodeRequest(request: RawRequest): Buffer {
  const head = [`${request.method} ${request.target} HTTP/1.1`, ...request.headers.map(([name, value]) => `${name}: ${value}`), '', ''];
  const parts: Buffer[] = [Buffer.from(head.join('\r\n'), 'latin1')];
  if (request.chunks) {
    let offset = 0;
    for (const size of [...request.chunks, request.body.length]) {
      const piece = request.body.subarray(offset, offset + size);
      offset += piece.length;
      if (piece.length === 0) continue;
      parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`, 'latin1'), piece, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from('0\r\n\r\n'));
  } else {
    parts.push(request.body);
  }
  return Buffer.concat(parts);
}

/**
 * Sends one request on its own connection and reads until the server closes it (the caller sends
 * `Connection: close`). The bytes go out in 16 KiB slices, and writing stops once an answer has
 * arrived: a server that refuses an oversize body early must still be heard.
 */
export function sendRaw(port: number, request: RawRequest): Promise<RawResponse> {
  const bytes = encodeRequest(request);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const received: Buffer[] = [];
    let answered = false;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const response = parseResponse(Buffer.concat(received), request.method === 'HEAD');
      if (response) resolve(response);
      else reject(error ?? new Error(`no complete HTTP answer (${Buffer.concat(received).length} bytes)`));
    };
    const timer = setTimeout(() => finish(new Error('no answer in time')), REQUEST_TIMEOUT_MS);
    socket.on('data', (chunk: Buffer) => {
      answered = true;
      received.push(chunk);
    });
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    // A reset after the server answered early is how an oversize body ends; the answer is kept.
    socket.on('error', (error) => finish(error));
    socket.on('connect', async () => {
      for (let offset = 0; offset < bytes.length && !answered && !settled; offset += 16 * 1024) {
        const flushed = socket.write(bytes.subarray(offset, offset + 16 * 1024));
        if (!flushed) await new Promise<void>((done) => socket.once('drain', done).once('close', done));
      }
    });
  });
}

/** The first final answer in `bytes` (1xx interim answers skipped); undefined while incomplete. */
export function parseResponse(bytes: Buffer, head: boolean): RawResponse | undefined {
  let offset = 0;
  for (;;) {
    const end = bytes.indexOf('\r\n\r\n', offset, 'latin1');
    if (end === -1) return undefined;
    const lines = bytes.subarray(offset, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1]);
    if (!status) return undefined;
    const headers = lines.slice(1).map((line): [string, string] => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    });
    offset = end + 4;
    if (status < 200) continue;
    const length = headers.find(([name]) => name.toLowerCase() === 'content-length')?.[1];
    const rest = bytes.subarray(offset);
    if (head || status === 204 || status === 304) return { status, headers, body: Buffer.alloc(0) };
    if (length === undefined) return { status, headers, body: rest };
    if (rest.length < Number(length)) return undefined;
    return { status, headers, body: rest.subarray(0, Number(length)) };
  }
}

export function header(response: RawResponse, name: string): string | undefined {
  return response.headers.find(([candidate]) => candidate.toLowerCase() === name)?.[1];
}
