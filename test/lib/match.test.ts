import { describe, expect, it } from 'vitest';
import { checkCapture, matches, WaitTimeoutError, type Capture } from '../../electron/lib/index.js';

function capture(overrides: Partial<Capture> = {}): Capture {
  const json = { order: { id: 41, items: [{ sku: 'A-1' }] }, type: 'order.created' };
  const body = JSON.stringify(json);
  return {
    id: 'cap_1',
    inboxId: 'inb_1',
    receivedAt: '2025-01-01T00:00:00.000Z',
    method: 'POST',
    path: '/in/orders/webhooks',
    contentType: 'application/json',
    remoteAddress: '127.0.0.1',
    size: body.length,
    truncated: false,
    responseStatus: 200,
    query: [['v', '2']],
    headers: [
      ['Content-Type', 'application/json'],
      ['X-Tag', 'a'],
      ['x-tag', 'b'],
    ],
    body,
    bodyEncoding: 'utf8',
    json,
    ...overrides,
  } as Capture;
}

describe('matching a capture', () => {
  it('matches a partial object: method any case, path below the inbox, headers any case, deep partial json', () => {
    expect(
      matches(capture(), {
        method: 'post',
        path: '/webhooks',
        query: { v: '2' },
        headers: { 'content-type': /json/, 'X-TAG': 'b' },
        json: { order: { id: 41, items: [{ sku: /^A-/ }] } },
        body: /order\.created/,
      }),
    ).toBe(true);
  });

  it('names every field that differs, expected against actual', () => {
    const checks = checkCapture(capture(), {
      method: 'PUT',
      path: '/',
      headers: { 'x-signature': 'sig' },
      json: { order: { id: 42, email: 'a@b.c', items: [] }, type: 'order.created' },
    });
    const failed = Object.fromEntries(checks.filter((c) => !c.ok).map((c) => [c.field, `${c.expected} / ${c.actual}`]));
    expect(failed).toEqual({
      method: '"PUT" / "POST"',
      path: '"/" / "/webhooks"',
      'headers.x-signature': '"sig" / missing',
      'json.order.id': '42 / 41',
      'json.order.email': '"a@b.c" / missing',
      'json.order.items.length': '0 / 1',
    });
    expect(checks.find((c) => c.field === 'json.type')?.ok).toBe(true);
  });

  it('says when the body is not JSON at all', () => {
    const [check] = checkCapture(capture({ json: undefined, contentType: 'text/plain', body: 'hi' }), { json: { a: 1 } });
    expect(check).toMatchObject({ field: 'json', ok: false, actual: 'no JSON body (text/plain)' });
  });

  it('takes a predicate as it is', () => {
    expect(matches(capture(), (c) => c.method === 'POST')).toBe(true);
    expect(matches(capture(), () => false)).toBe(false);
  });
});

describe('the timeout message', () => {
  const inbox = { slug: 'orders', url: 'http://127.0.0.1:1/in/orders' };

  it('lists what arrived and the nearest capture field by field', () => {
    const near = capture({ id: 'cap_2' });
    const far = capture({ id: 'cap_1', method: 'GET', path: '/in/orders/health', json: undefined, body: '' });
    const error = new WaitTimeoutError({
      inbox,
      count: 1,
      match: { method: 'POST', headers: { 'x-signature': /.+/ }, json: { order: { id: 42 } } },
      timeoutMs: 500,
      arrived: [far, near],
      matched: [],
    });
    expect(error.message).toContain('Timed out after 500 ms waiting for 1 capture matching');
    expect(error.message).toContain('2 captures arrived, 0 matched');
    expect(error.message).toContain('GET /health (cap_1');
    expect(error.message).toContain('Nearest: POST /webhooks (cap_2');
    expect(error.message).toContain('1 of 3 fields match');
    expect(error.message).toContain('  method: ok');
    expect(error.message).toContain('  headers.x-signature: missing');
    expect(error.message).toContain('  json.order.id: expected 42, got 41');
    expect(error.nearest?.capture.id).toBe('cap_2');
  });

  it('says so when nothing arrived', () => {
    const error = new WaitTimeoutError({ inbox, count: 2, match: undefined, timeoutMs: 10, arrived: [], matched: [] });
    expect(error.message).toContain('2 captures matching any capture');
    expect(error.message).toContain('Nothing arrived');
  });

  it('lists at most ten arrivals', () => {
    const arrived = Array.from({ length: 12 }, (_, n) => capture({ id: `cap_${n}`, path: `/in/orders/${n}` }));
    const error = new WaitTimeoutError({ inbox, count: 1, match: () => false, timeoutMs: 10, arrived, matched: [] });
    expect(error.message).toContain('12 captures arrived, 0 matched (the last 10 shown)');
    expect(error.message).not.toContain('POST /1 (');
    expect(error.message).toContain('POST /11 (');
    expect(error.message).toContain('The predicate returned false');
  });
});
