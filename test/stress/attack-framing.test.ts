import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { defaultInboxId, startTestCore, type TestCore } from '../helpers/core.js';

/**
 * Hostile framing and slow clients against the open ingress, with raw sockets (an HTTP client
 * would refuse to send most of this). Short limits so the timeouts end within seconds. After
 * every case a well-formed request is still answered and captured.
 */

const LIMITS = {
  bodyLimit: 64 * 1024,
  headersTimeoutMs: 1000,
  requestTimeoutMs: 2000,
  keepAliveTimeoutMs: 1000,
  maxConnections: 200,
};

let core: TestCore;
let inboxId: string;
let port: number;

beforeAll(async () => {
  core = await startTestCore({ limits: LIMITS });
  inboxId = await defaultInboxId(core.api);
  port = Number(new URL(core.ingressUrl).port);
});
afterAll(() => core?.dispose());

interface Exchange {
  /** Everything the server sent. */
  answer: string;
  /** The server closed the connection (rather than our own deadline ending it). */
  closedByServer: boolean;
}

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Writes `parts` (waiting `gapMs` between them), then reads until the server closes or `deadlineMs` passes. */
async function exchange(parts: (string | Buffer)[], deadlineMs = 5000, gapMs = 0): Promise<Exchange> {
  const socket = await open();
  let answer = '';
  let closedByServer = false;
  let ours = false;
  socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closedByServer = !ours;
      resolve();
    }),
  );
  for (const part of parts) {
    if (socket.destroyed) break;
    socket.write(part);
    if (gapMs) await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  const timer = setTimeout(() => {
    ours = true;
    socket.destroy();
  }, deadlineMs);
  await closed;
  clearTimeout(timer);
  return { answer, closedByServer };
}

/** Statuses of every response in a raw answer, in order. */
function statuses(answer: string): number[] {
  return [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1]));
}

/** Captures whose path contains `marker`. */
async function captured(marker: string): Promise<{ path: string; size: number; id: string }[]> {
  const { body } = await core.api('GET', `/api/inboxes/${inboxId}/requests?q=${encodeURIComponent(marker)}&limit=50`);
  return (body.items as { path: string; size: number; id: string }[]).filter((item) => item.path.includes(marker));
}

/** A plain request right after a hostile one: answered 200 and stored. */
async function stillServes(tag: string): Promise<void> {
  const response = await request(`${core.ingressUrl}/in/default/after-${tag}`, { method: 'POST', body: `after ${tag}` });
  expect(response.statusCode, tag).toBe(200);
  const id = response.headers['x-hookbench-capture-id'];
  await response.body.dump();
  const stored = await core.api('GET', `/api/requests/${id}`);
  expect(stored.status, tag).toBe(200);
  expect(stored.body.path).toBe(`/in/default/after-${tag}`);
}

const head = (path: string, headers: string[]) => `POST ${path} HTTP/1.1\r\nHost: x\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;
const smuggled = (marker: string) => `GET /in/default/${marker} HTTP/1.1\r\nHost: x\r\n\r\n`;

describe('conflicting and wrong framing', () => {
  it('refuses Content-Length with Transfer-Encoding (any order or spelling) and smuggles nothing', async () => {
    const variants: [string, string[]][] = [
      ['cl-te', ['Content-Length: 4', 'Transfer-Encoding: chunked']],
      ['te-cl', ['Transfer-Encoding: chunked', 'Content-Length: 4']],
      ['te-list', ['Content-Length: 4', 'Transfer-Encoding: gzip, chunked']],
      ['te-case', ['Content-Length: 4', 'Transfer-Encoding: CHUNKED']],
      ['te-space', ['Content-Length: 4', 'Transfer-Encoding : chunked']],
      ['te-xchunked', ['Content-Length: 4', 'Transfer-Encoding: xchunked']],
      ['te-double', ['Transfer-Encoding: chunked', 'Transfer-Encoding: identity']],
    ];
    for (const [tag, headers] of variants) {
      const marker = `smuggled-${tag}`;
      const { answer, closedByServer } = await exchange([`${head(`/in/default/${tag}`, headers)}0\r\n\r\n${smuggled(marker)}`]);
      expect(statuses(answer)[0], `${tag}: ${answer.slice(0, 80)}`).toBe(400);
      expect(closedByServer, tag).toBe(true);
      expect(await captured(marker), tag).toEqual([]);
      expect(await captured(`/in/default/${tag}`), tag).toEqual([]);
    }
    await stillServes('cl-te');
  });

  it('refuses two different Content-Lengths and malformed ones', async () => {
    for (const [tag, headers] of [
      ['two-cl', ['Content-Length: 5', 'Content-Length: 6']],
      ['cl-list', ['Content-Length: 5, 6']],
      ['cl-negative', ['Content-Length: -1']],
      ['cl-hex', ['Content-Length: 0x5']],
      ['cl-huge', ['Content-Length: 99999999999999999999999']],
    ] as [string, string[]][]) {
      const { answer, closedByServer } = await exchange([`${head(`/in/default/${tag}`, headers)}hello!${smuggled(`smuggled-${tag}`)}`]);
      expect(statuses(answer)[0], `${tag}: ${answer.slice(0, 80)}`).toBe(400);
      expect(closedByServer, tag).toBe(true);
      expect(await captured(`smuggled-${tag}`), tag).toEqual([]);
      expect(await captured(`/in/default/${tag}`), tag).toEqual([]);
    }
    await stillServes('two-cl');
  });

  it('keeps exactly Content-Length bytes of a longer body; the rest is a new request, refused if garbage', async () => {
    const { answer } = await exchange([
      `${head('/in/default/longer', ['Content-Length: 5', 'Connection: close'])}helloGARBAGE NOT HTTP\r\n\r\n`,
    ]);
    // The garbage is refused at once; the first request's answer may lose the race to that 400.
    expect(statuses(answer)).toContain(400);
    const [capture] = await captured('/in/default/longer');
    expect(capture?.size).toBe(5);
    const body = await core.api('GET', `/api/requests/${capture!.id}/body`);
    expect(body.body).toBe('hello');
    await stillServes('longer');
  });

  it('cuts off a body shorter than its Content-Length at the request timeout and stores nothing', async () => {
    const { answer, closedByServer } = await exchange([`${head('/in/default/shorter', ['Content-Length: 100'])}only ten b`], 8000);
    expect(closedByServer).toBe(true);
    // Never acknowledged: at most a timeout answer, never a 2xx.
    expect(statuses(answer).every((status) => status === 408)).toBe(true);
    expect(await captured('/in/default/shorter')).toEqual([]);
    // The same, with the client giving up half way.
    const socket = await open();
    socket.write(`${head('/in/default/shorter-gone', ['Content-Length: 100'])}only ten b`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await captured('/in/default/shorter-gone')).toEqual([]);
    await stillServes('shorter');
  });

  it('refuses bad chunk sizes and broken chunk framing and stores nothing', async () => {
    const chunked = (tag: string) => head(`/in/default/${tag}`, ['Transfer-Encoding: chunked']);
    for (const [tag, body] of [
      ['chunk-nonhex', 'zz\r\nhello\r\n0\r\n\r\n'],
      ['chunk-negative', '-5\r\nhello\r\n0\r\n\r\n'],
      ['chunk-overflow', 'fffffffffffffffffff\r\nhello\r\n0\r\n\r\n'],
      ['chunk-short', '10\r\nhello\r\n0\r\n\r\n'.padEnd(40, 'x') + '\r\nzz\r\n'],
      ['chunk-no-crlf', '5\r\nhelloXX0\r\n\r\n'],
      ['chunk-space', '5 5\r\nhello\r\n0\r\n\r\n'],
    ] as [string, string][]) {
      const marker = `smuggled-${tag}`;
      const { answer, closedByServer } = await exchange([`${chunked(tag)}${body}${smuggled(marker)}`], 8000);
      expect(closedByServer, tag).toBe(true);
      expect(
        statuses(answer).every((status) => status === 400 || status === 408),
        `${tag}: ${answer.slice(0, 80)}`,
      ).toBe(true);
      expect(await captured(`/in/default/${tag}`), tag).toEqual([]);
      expect(await captured(marker), tag).toEqual([]);
    }
    await stillServes('chunks');
  });
});

describe('oversize heads', () => {
  it('answers 414 to a 64 KB URL', async () => {
    const { answer, closedByServer } = await exchange([`GET /in/default/${'u'.repeat(64 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`]);
    expect(statuses(answer)[0], answer.slice(0, 80)).toBe(414);
    expect(closedByServer).toBe(true);
    await stillServes('url');
  });

  it('answers 414 to a URL just over its limit and stores it under the limit', async () => {
    const over = await request(`${core.ingressUrl}/in/default/over-${'u'.repeat(8 * 1024)}`);
    expect(over.statusCode).toBe(414);
    await over.body.dump();
    const under = await request(`${core.ingressUrl}/in/default/under-${'u'.repeat(7 * 1024)}`);
    expect(under.statusCode).toBe(200);
    await under.body.dump();
  });

  it('answers 431 to a flood of small headers past the size limit', async () => {
    const headers = Array.from({ length: 8000 }, (_, index) => `x-${index}: v`);
    const { answer } = await exchange([head('/in/default/flood-many', headers)]);
    expect(statuses(answer)[0]).toBe(431);
    expect(await captured('/in/default/flood-many')).toEqual([]);
    await stillServes('flood');
  });

  it('keeps every header of a request under the size limit, however many (none silently dropped)', async () => {
    const count = 2500;
    const headers = Array.from({ length: count }, (_, index) => `x-${index}: v`);
    const { answer } = await exchange([head('/in/default/many-headers', [...headers, 'Content-Length: 0', 'Connection: close'])], 5000);
    expect(statuses(answer)[0]).toBe(200);
    const [capture] = await captured('/in/default/many-headers');
    const stored = await core.api('GET', `/api/requests/${capture!.id}`);
    expect(stored.body.headers.filter(([name]: [string]) => name.startsWith('x-')).length).toBe(count);
  });
});

describe('slow clients', () => {
  it('cuts a client that sends part of its headers and stops, at the headers timeout', async () => {
    const { answer, closedByServer } = await exchange(['POST /in/default/slow-head HTTP/1.1\r\nHost: x\r\nX-Half: '], 8000);
    expect(closedByServer).toBe(true);
    expect(statuses(answer).every((status) => status === 408)).toBe(true);
    await stillServes('slow-head');
  });

  it('cuts a body sent a few bytes at a time at the request timeout, and stores nothing of it', async () => {
    const parts = [head('/in/default/slow-body', ['Content-Length: 1000']), ...Array.from({ length: 60 }, () => 'abcde')];
    const { answer, closedByServer } = await exchange(parts, 8000, 100);
    expect(closedByServer).toBe(true);
    expect(statuses(answer).every((status) => status === 408)).toBe(true);
    expect(await captured('/in/default/slow-body')).toEqual([]);
    await stillServes('slow-body');
  });

  it('survives 1,000 idle sockets: past the cap they are dropped, the rest time out, then others are served', async () => {
    const sockets: Socket[] = [];
    const closed = new Set<Socket>();
    try {
      for (let batch = 0; batch < 10; batch += 1) {
        const opened = await Promise.all(
          Array.from({ length: 100 }, () =>
            open().then((socket) => {
              socket.on('error', () => {});
              socket.once('close', () => closed.add(socket));
              return socket;
            }),
          ),
        );
        sockets.push(...opened);
      }
      expect(sockets.length).toBe(1000);
      // Idle sockets hold nothing past the headers timeout; allow generous slack on a busy machine.
      for (let wait = 0; wait < 100 && closed.size < sockets.length; wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(closed.size).toBe(sockets.length);
      await stillServes('idle');
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('keeps serving a fresh client while 1,000 idle sockets are open', async () => {
    const sockets: Socket[] = [];
    try {
      for (let batch = 0; batch < 10; batch += 1) {
        sockets.push(
          ...(await Promise.all(
            Array.from({ length: 100 }, () =>
              open().then((socket) => {
                socket.on('error', () => {});
                return socket;
              }),
            ),
          )),
        );
      }
      // At most maxConnections stay held; a fresh client gets in once the headers timeout frees them.
      let served = 0;
      for (let attempt = 0; attempt < 40 && served === 0; attempt += 1) {
        const response = await request(`${core.ingressUrl}/in/default/during-idle`, { method: 'POST', body: 'fresh' }).catch(
          () => undefined,
        );
        if (response) {
          if (response.statusCode === 200) served += 1;
          await response.body.dump();
        } else {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      expect(served).toBe(1);
      // The control API, on its own listener, never stopped answering.
      expect((await core.api('GET', '/api/health')).status).toBe(200);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });
});
