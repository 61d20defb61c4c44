import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { curlCommand } from '../../electron/core/snippets/curl.js';
import { fetchCode } from '../../electron/core/snippets/fetch.js';
import { forwardedHeaders } from '../../electron/core/snippets/headers.js';
import { httpieCommand } from '../../electron/core/snippets/httpie.js';
import { shellQuote } from '../../electron/core/snippets/quote.js';
import { inlineBody, type SnippetRequest } from '../../electron/core/snippets/request.js';
import { captureUrl } from '../../electron/core/snippets/target.js';

const TRICKY = `it's "quoted" $HOME \`whoami\` $(id) \\n back\\slash\nsecond line\ttab é ✓ 😀 '' ''' !`;

const base: SnippetRequest = {
  method: 'POST',
  url: 'http://127.0.0.1:7601/in/default/x?a=1',
  headers: [
    ['Host', '127.0.0.1:7601'],
    ['Content-Type', 'text/plain'],
    ['X-Quote', `it's $x`],
    ['Content-Length', '3'],
    ['Connection', 'keep-alive, X-Hop'],
    ['X-Hop', 'gone'],
    ['X-Empty', ''],
  ],
  body: Buffer.from('abc'),
  bodyFileName: 'capture-1.bin',
};

describe('shell quoting', () => {
  it.each([TRICKY, '', "'", "''", 'plain', '$', '`', '\n', 'ünï ✓'])('bash reads %j back exactly', (text) => {
    const echoed = execFileSync('bash', ['-c', `printf %s ${shellQuote(text)}`]).toString('utf8');
    expect(echoed).toBe(text);
  });
});

describe('headers', () => {
  it('drops hop-by-hop, named-by-Connection, host and content-length, keeping order', () => {
    const { kept, dropped } = forwardedHeaders(base.headers);
    expect(kept).toEqual([
      ['Content-Type', 'text/plain'],
      ['X-Quote', `it's $x`],
      ['X-Empty', ''],
    ]);
    expect(dropped).toEqual(['host', 'content-length', 'connection', 'x-hop']);
  });
});

describe('body placement', () => {
  it('keeps text inline and sends bytes, control characters and CRs to a file', () => {
    expect(inlineBody(Buffer.from(TRICKY))).toBe(TRICKY);
    expect(inlineBody(Buffer.from([0xff, 0xfe]))).toBeUndefined();
    expect(inlineBody(Buffer.from('a\r\nb'))).toBeUndefined();
    expect(inlineBody(Buffer.from('a\u0000b'))).toBeUndefined();
  });
});

describe('curl', () => {
  it('states every kept header, switches off its own, and explains what it left out', () => {
    const command = curlCommand(base);
    expect(command).toContain(`-H 'X-Quote: it'\\''s $x'`);
    expect(command).toContain(`-H 'X-Empty;'`);
    expect(command).toContain(`-H User-Agent: -H Accept: -H Expect:`);
    expect(command).toContain('--data-binary abc');
    expect(command).toMatch(/^# host and content-length: set by curl itself/m);
    expect(command).toMatch(/^# left out .*connection, x-hop/m);
    expect(command).not.toContain('gone');
  });

  it('reads a binary body from its file', () => {
    const command = curlCommand({ ...base, body: Buffer.from([0, 1, 255]) });
    expect(command).toContain('--data-binary @capture-1.bin');
    expect(command).toContain('save it as capture-1.bin');
  });

  it('keeps a dot segment and brackets literal', () => {
    const command = curlCommand({ ...base, method: 'GET', url: 'http://h/in/x/../a?q[]=1', body: Buffer.alloc(0) });
    expect(command).toContain('--path-as-is');
    expect(command).toContain('--globoff');
    expect(command).not.toContain('--data-binary');
  });
});

describe('fetch and HTTPie', () => {
  it('writes headers as ordered pairs and the body as a string literal', () => {
    const code = fetchCode({ ...base, body: Buffer.from(TRICKY) });
    expect(code).toContain(`["X-Quote", "it's $x"],`);
    expect(code).toContain(`body: ${JSON.stringify(TRICKY)},`);
    expect(fetchCode({ ...base, body: Buffer.from([0, 255]) })).toContain(`body: await readFile("capture-1.bin"),`);
  });

  it('sends the body raw and removes HTTPie defaults', () => {
    const command = httpieCommand({ ...base, headers: [...base.headers, ['X-Eq', '=v']] });
    expect(command).toContain('--raw abc');
    expect(command).toContain(`'X-Quote:it'\\''s $x'`);
    expect(command).toContain(`'X-Eq:\\=v'`);
    expect(command).toContain(`'X-Empty;'`);
    expect(command).toContain('Accept-Encoding:');
    expect(httpieCommand({ ...base, body: Buffer.from([0, 255]) })).toMatch(/< capture-1\.bin$/);
  });
});

describe('capture URL', () => {
  it("appends the capture's sub-path and raw query to the target", () => {
    expect(captureUrl(new URL('http://h:1/in/a'), '/in/a/sub/p', 'x=%20y&z', 'a')).toBe('http://h:1/in/a/sub/p?x=%20y&z');
    expect(captureUrl(new URL('http://h:2/hooks/?k=1'), '/in/a', 'x=1', 'a')).toBe('http://h:2/hooks?k=1&x=1');
    expect(captureUrl(new URL('http://h:2'), '/in/a', '', 'a')).toBe('http://h:2/');
  });
});
