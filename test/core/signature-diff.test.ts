import { describe, expect, it } from 'vitest';
import { detectScheme } from '../../electron/shared/signatures.js';
import { diffBodies, likelyCause, withoutJsonWhitespace } from '../../electron/core/signatures/body-diff.js';

const diff = (captured: string, original: string) => diffBodies(Buffer.from(captured), Buffer.from(original));

describe('body diff', () => {
  it('is undefined for equal bodies', () => {
    expect(diff('{"a":1}', '{"a":1}')).toBeUndefined();
  });

  it('gives the first differing byte with both sides in hex and visible text', () => {
    const result = diff('{"a":1,"b":2}', '{"a":1,"b":3}')!;
    expect(result).toMatchObject({ offset: 11, from: 3, cause: 'content' });
    expect(result.captured).toEqual({ hex: '22 3a 31 2c 22 62 22 3a 32 7d', text: JSON.stringify('":1,"b":2}'), size: 13 });
    expect(result.original.hex.endsWith('33 7d')).toBe(true);
  });

  it('counts a prefix as differing where the shorter one ends', () => {
    expect(diff('{"a":1}\n', '{"a":1}')).toMatchObject({ offset: 7, cause: 'trailing_newline' });
    expect(diff('{"a":1}', '{"a":1}\n')!.causeMessage).toContain('removed');
  });

  it('tells CRLF line endings from other whitespace', () => {
    expect(likelyCause('{\r\n"a": 1\r\n}', '{\n"a": 1\n}').cause).toBe('line_endings');
    expect(likelyCause('{\n  "a": 1\n}', '{"a":1}').cause).toBe('whitespace');
  });

  it('keeps whitespace inside JSON strings significant', () => {
    expect(withoutJsonWhitespace('{ "a b" : "c \\" d" }')).toBe('{"a b":"c \\" d"}');
    expect(likelyCause('{"a":"x y"}', '{"a":"xy"}').cause).toBe('content');
  });

  it('recognizes unicode escaping', () => {
    const result = likelyCause('{"name":"Ren\\u00e9"}', '{"name":"René"}');
    expect(result.cause).toBe('unicode_escaping');
    expect(result.causeMessage).toContain('the received body');
    // Python's json.dumps(indent=2): pretty-printed and ASCII-only at once.
    expect(likelyCause('{\n  "name": "Ren\\u00e9"\n}', '{"name":"René"}').cause).toBe('unicode_escaping');
  });

  it('recognizes JSON re-serialization: key order, number format', () => {
    expect(likelyCause('{"b":2,"a":1}', '{"a":1,"b":2}').cause).toBe('json_reserialized');
    expect(likelyCause('{"a":1}', '{"a":1.0}').cause).toBe('json_reserialized');
    expect(likelyCause('{ "b": 2, "a": [1, {"d":1,"c":2}] }', '{"a":[1,{"c":2,"d":1}],"b":2}').cause).toBe('json_reserialized');
  });

  it('falls back to changed content, also for non-JSON bodies', () => {
    expect(likelyCause('a=1&b=2', 'a=1&b=3').cause).toBe('content');
    expect(likelyCause('a=1 & b=2', 'a=1&b=2').cause).toBe('whitespace');
  });
});

describe('scheme detection', () => {
  it('reads the scheme from the headers', () => {
    expect(detectScheme([['Webhook-Signature', 'v1,x']])).toBe('standard-webhooks');
    expect(detectScheme([['svix-id', 'msg_1']])).toBe('standard-webhooks');
    expect(detectScheme([['X-Hub-Signature-256', 'sha256=00']])).toBe('github');
    expect(detectScheme([['Stripe-Signature', 't=1,v1=00']])).toBe('stripe');
    expect(detectScheme([['user-agent', 'Codewars Hookbot']])).toBe('codewars');
    expect(detectScheme([['content-type', 'application/json']])).toBe('none');
  });
});
