import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { header, sendRaw, type RawRequest } from './fuzz-http.js';
import { fuzzRuns, fuzzSeed, prototypeGuard } from './fuzz-support.js';

/**
 * Property: whatever arrives at the ingress, the answer is never a 5xx, the server keeps
 * running, every capture it acknowledges (x-hookbench-capture-id) holds exactly what was sent,
 * and nothing in it reaches Object.prototype. The core runs in this process so the last part
 * can be checked directly.
 */

const BODY_LIMIT = 64 * 1024;
const runs = fuzzRuns(800);
const seed = fuzzSeed();

let core: TestCore;
let port: number;
let prototypesAdded: () => string[];

beforeAll(async () => {
  core = await startTestCore({ limits: { bodyLimit: BODY_LIMIT } });
  port = Number(new URL(core.ingressUrl).port);
  prototypesAdded = prototypeGuard();
  console.info(`fuzz-ingress: seed ${seed}, ${runs} runs (FUZZ_SEED / FUZZ_RUNS to change)`);
});
afterAll(() => core.dispose());

const token = fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}$/);
/** Header values as HTTP allows them: tab, visible ASCII, space and obs-text (latin1). */
const fieldValue = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\t', ' ', '"', '\\', '{', '}'),
    fc.integer({ min: 0x20, max: 0x7e }).map(String.fromCharCode),
    fc.integer({ min: 0x80, max: 0xff }).map(String.fromCharCode),
  ),
  maxLength: 40,
});
/** Mostly methods Node's parser knows; the rest are refused by it (400) before Hookbench sees them. */
const methods = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      'GET',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
      'HEAD',
      'OPTIONS',
      'PURGE',
      'PROPFIND',
      'REPORT',
      'MKCOL',
      'SEARCH',
      'LINK',
    ),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{1,10}$/) },
  { weight: 1, arbitrary: token },
);
const pathSegment = fc.oneof(
  // Raw bytes over 0x7f: Node's parser refuses them (400); they must never reach a capture mangled.
  { weight: 1, arbitrary: fc.constant('\u00e9\u00ff') },
  { weight: 10, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@-]{0,12}$/) },
  {
    weight: 5,
    arbitrary: fc.constantFrom('..', '.', '', '%2F', '%00', '%ZZ', '%', '__proto__', 'constructor', '%E2%82%AC', '{}', '|', '"'),
  },
);
/** Query pairs sent percent-encoded, so what the capture shows can be checked against what was meant. */
const queryPairs = fc.array(
  fc.tuple(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'a[b]', '')), fc.string({ maxLength: 12 })),
  { maxLength: 5 },
);
const rawQuery = fc.constantFrom(
  '',
  '&&',
  '=',
  'a=1&a=2',
  '%',
  '%zz=1',
  '+=+',
  'a==b',
  '?x',
  '__proto__[polluted]=1',
  'a[__proto__][polluted]=1',
  'constructor[prototype][polluted]=1',
  'a[]=1&a[][b]=2&a[c]=3',
);
/** Kazoo's pair, which makes the payload check read a form or query as nested fields. */
const kazooHeaders: [string, string][] = [
  ['X-Hook-ID', 'h'],
  ['X-Account-ID', 'a'],
];
const headers = fc.array(
  fc.tuple(
    fc.oneof(
      token,
      // Among them the headers provider detection keys on, so payload checks parse the body too.
      fc.constantFrom(
        '__proto__',
        'constructor',
        'Content-Type',
        'content-type',
        'CONTENT-ENCODING',
        'Cookie',
        'X-Hookbench-Capture-Id',
        'Hasownproperty',
        'X-Hook-ID',
        'X-Account-ID',
        'X-Webhook-Event',
        'User-Agent',
        'webhook-id',
        'Authorization',
      ),
    ),
    fieldValue,
  ),
  { maxLength: 8 },
);
const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain; charset=iso-8859-1',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'multipart/form-data',
  'application/octet-stream',
  'image/svg+xml',
  '*/*',
  ';;;',
  '',
);
const jsonText = fc.oneof(
  fc.json(),
  fc.constantFrom(
    '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
    '[{"__proto__":null}]',
    '{"a":',
    '{"a":1,}',
    '\u0000{}',
    '\ufeff{}',
    '{"a":"\ud800"}',
    '1e999999',
    '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  ),
);
const body = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 3, arbitrary: jsonText.map((text) => Buffer.from(text)) },
  // Invalid UTF-8: lone continuation bytes, overlongs, surrogates, truncated sequences.
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('80', 'c0af', 'eda080', 'f4908080', 'e282', 'fffe', 'ff')
      .map((hex) => Buffer.concat([Buffer.from('{"x":"'), Buffer.from(hex, 'hex'), Buffer.from('"}')])),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        '__proto__[polluted]=1',
        'a[__proto__][polluted]=1',
        'constructor[prototype][polluted]=1',
        'a[][__proto__][polluted]=1',
        'a=1&a[b]=2',
      )
      .map((form) => Buffer.from(form)),
  },
  { weight: 1, arbitrary: fc.constant(Buffer.from('--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xyz--\r\n')) },
  // Near and over the limit, without generating that many random bytes.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: BODY_LIMIT - 2, max: BODY_LIMIT * 3 }), fc.integer({ min: 0, max: 255 }))
      .map(([size, fill]) => Buffer.alloc(size, fill)),
  },
);

interface Sent {
  request: RawRequest;
  path: string;
  search: string;
  /** The query pairs meant, when they were sent percent-encoded. */
  meant?: [string, string][];
}

const sendable = fc
  .record({
    method: methods,
    // Mostly inboxes; the rest reach the emulators' Fastify app and its 404.
    prefix: fc.oneof(
      { weight: 12, arbitrary: fc.constant('/in/') },
      { weight: 1, arbitrary: fc.constantFrom('/p/khan/games/', '/p/vyte/', '/p/kazoo/v2/accounts/', '/') },
    ),
    slug: fc.oneof({ weight: 12, arbitrary: fc.constant('default') }, { weight: 1, arbitrary: fc.constantFrom('nope', '__proto__', '') }),
    expectContinue: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    segments: fc.array(pathSegment, { maxLength: 4 }),
    longPath: fc.oneof({ weight: 19, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 8000, max: 9000 }) }),
    query: fc.oneof(
      queryPairs.map((pairs) => ({ pairs })),
      rawQuery.map((raw) => ({ raw })),
    ),
    headers,
    kazoo: fc.boolean(),
    contentType: fc.option(contentTypes),
    hostAt: fc.nat(),
    hostCase: fc.constantFrom('Host', 'host', 'HOST'),
    body,
    framing: fc.constantFrom('length', 'length', 'chunked', 'none'),
    chunks: fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 4 }),
  })
  .map((input): Sent => {
    const path = `${input.prefix}${input.slug}${input.segments.map((segment) => `/${segment}`).join('')}${'x'.repeat(input.longPath)}`;
    const search =
      'pairs' in input.query
        ? input.query.pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&')
        : input.query.raw;
    // Framing is this test's business: random headers never carry it.
    const list = [...input.headers, ...(input.kazoo ? kazooHeaders : [])].filter(
      ([name]) => !/^(host|content-length|transfer-encoding|connection)$/i.test(name),
    );
    if (input.contentType !== null) list.push(['Content-Type', input.contentType]);
    if (input.expectContinue) list.push(['Expect', '100-continue']);
    const bodyBytes = input.framing === 'none' ? Buffer.alloc(0) : input.body;
    if (input.framing === 'length') list.push(['Content-Length', String(bodyBytes.length)]);
    if (input.framing === 'chunked') list.push(['Transfer-Encoding', 'chunked']);
    list.splice(input.hostAt % (list.length + 1), 0, [input.hostCase, `127.0.0.1:${port}`]);
    list.push(['Connection', 'close']);
    return {
      request: {
        method: input.method,
        target: search || 'pairs' in input.query ? `${path}?${search}` : path,
        headers: list,
        body: bodyBytes,
        ...(input.framing === 'chunked' ? { chunks: input.chunks } : {}),
      },
      path,
      search,
      ...('pairs' in input.query ? { meant: input.query.pairs } : {}),
    };
  });

interface StoredCapture {
  method: string;
  path: string;
  query: [string, string][];
  headers: [string, string][];
  size: number;
  truncated: boolean;
  responseStatus: number;
}

async function control(path: string): Promise<{ status: number; bytes: Buffer }> {
  const response = await request(`${core.controlUrl}${path}`, { headers: { authorization: `Bearer ${core.token}` } });
  return { status: response.statusCode, bytes: Buffer.from(await response.body.arrayBuffer()) };
}

/** HTTP drops optional whitespace around a header value; it was never part of the value. */
const fieldTrim = (value: string) => value.replace(/^[ \t]+|[ \t]+$/g, '');

async function checkCase(sent: Sent): Promise<void> {
  const response = await sendRaw(port, sent.request);
  const label = `${sent.request.method} ${sent.request.target.slice(0, 200)} → ${response.status} ${response.body.toString('latin1').slice(0, 200)}`;
  expect(response.status, label).toBeLessThan(500);
  tally.statuses[response.status] = (tally.statuses[response.status] ?? 0) + 1;
  const captureId = header(response, 'x-hookbench-capture-id');
  if (!captureId) return;
  tally.captured += 1;

  const stored = await control(`/api/requests/${captureId}`);
  expect(stored.status, label).toBe(200);
  const capture = JSON.parse(stored.bytes.toString('utf8')) as StoredCapture;
  expect(capture.method, label).toBe(sent.request.method);
  expect(capture.path, label).toBe(sent.path);
  expect(capture.query, label).toEqual([...new URLSearchParams(sent.search)]);
  if (sent.meant) expect(capture.query, label).toEqual(sent.meant);
  expect(capture.headers, label).toEqual(sent.request.headers.map(([name, value]) => [name, fieldTrim(value)]));
  const bodyBytes = (await control(`/api/requests/${captureId}/body`)).bytes;
  if (response.status === 413) {
    tally.oversize += 1;
    expect(capture.truncated, label).toBe(true);
    expect(capture.size, label).toBeGreaterThan(BODY_LIMIT);
    expect(sent.request.body.subarray(0, bodyBytes.length).equals(bodyBytes), label).toBe(true);
  } else {
    expect(capture.truncated, label).toBe(false);
    expect(capture.size, label).toBe(sent.request.body.length);
    expect(bodyBytes.equals(sent.request.body), label).toBe(true);
  }
  expect(capture.responseStatus, label).toBe(response.status);

  // The views that parse a capture (payload check, links, diff) must cope with it too.
  for (const view of [
    `/api/requests/${captureId}/check`,
    `/api/requests/${captureId}/links`,
    `/api/requests/${captureId}/diff/${previous ?? captureId}`,
  ]) {
    expect((await control(view)).status, `${view}: ${label}`).toBe(200);
  }
  previous = captureId;
}

let previous: string | undefined;

const tally = { captured: 0, oversize: 0, statuses: {} as Record<number, number> };

describe('ingress fuzzing', () => {
  it(
    'answers every request below 500 and stores exactly what it acknowledges',
    async () => {
      await fc.assert(
        fc.asyncProperty(sendable, async (sent) => {
          await checkCase(sent);
          expect(prototypesAdded()).toEqual([]);
        }),
        { numRuns: runs, seed, endOnFailure: false },
      );
      console.info(`fuzz-ingress: answers by status ${JSON.stringify(tally.statuses)}`);
      // The generators must reach the capture path, not only the parser's refusals.
      // (Only meaningful over enough cases: FUZZ_RUNS=10 may well draw no oversize body.)
      if (runs >= 200) {
        expect(tally.captured).toBeGreaterThan(runs / 5);
        expect(tally.oversize).toBeGreaterThan(0);
      }
      expect((await control('/api/health')).status).toBe(200);
    },
    Math.max(120_000, runs * 1000),
  );
});

/** Inputs the fuzzing found, kept as plain cases. */
describe('ingress fuzz regressions', () => {
  it("a stranger's `__proto__[polluted]=1` query or form never reaches Object.prototype when the capture is checked", async () => {
    const cases: RawRequest[] = [
      { method: 'GET', target: '/in/default?__proto__[polluted]=1', headers: [], body: Buffer.alloc(0) },
      {
        method: 'GET',
        target: '/in/default?a[__proto__][polluted]=1&constructor[prototype][polluted]=1',
        headers: [],
        body: Buffer.alloc(0),
      },
      {
        method: 'POST',
        target: '/in/default',
        headers: [['Content-Type', 'application/x-www-form-urlencoded']],
        body: Buffer.from('__proto__[polluted]=1&a[][__proto__][polluted]=1'),
      },
    ];
    for (const sent of cases) {
      const headers: [string, string][] = [
        ['Host', `127.0.0.1:${port}`],
        ...kazooHeaders,
        ...sent.headers,
        ['Content-Length', String(sent.body.length)],
        ['Connection', 'close'],
      ];
      const response = await sendRaw(port, { ...sent, headers });
      expect(response.status).toBe(200);
      const check = await control(`/api/requests/${header(response, 'x-hookbench-capture-id')}/check`);
      expect(check.status).toBe(200);
      expect(prototypesAdded(), sent.target).toEqual([]);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    }
  });
});
