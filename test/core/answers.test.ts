import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore;

beforeAll(async () => {
  core = await startTestCore();
});
afterAll(async () => {
  await core.dispose();
});

async function inboxWith(slug: string, settings: Record<string, unknown>) {
  const { status, body } = await core.api('POST', '/api/inboxes', { slug, ...settings });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

interface Sent {
  method?: string;
  /** After /in/<slug>, with any query string. */
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Sends one request to the inbox; returns what it answered and what it recorded. */
async function send(slug: string, { method = 'POST', path = '', headers = {}, body }: Sent = {}) {
  const response = await request(`${core.ingressUrl}/in/${slug}${path}`, { method: method as 'POST', headers, body });
  const text = await response.body.text();
  const { body: capture } = await core.api('GET', `/api/requests/${response.headers['x-hookbench-capture-id'] as string}`);
  return { status: response.statusCode, headers: response.headers, text, capture };
}

const json = (value: unknown): Sent => ({ body: JSON.stringify(value), headers: { 'content-type': 'application/json' } });
const hit = (body: string) => ({ response: { status: 201, body } });

describe('rule matchers, through the ingress', () => {
  it('matches on method (any of, case-insensitive as saved)', async () => {
    await inboxWith('m-method', { rules: [{ match: { method: ['put', 'PATCH'] }, ...hit('rule') }] });
    expect((await send('m-method', { method: 'PUT' })).text).toBe('rule');
    expect((await send('m-method', { method: 'PATCH' })).text).toBe('rule');
    expect((await send('m-method', { method: 'POST' })).text).toBe('{"ok":true}');
  });

  it('matches a path glob: * within a segment, ** across segments, / as the inbox root', async () => {
    await inboxWith('m-path', {
      rules: [
        { name: 'root', match: { path: '/' }, ...hit('root') },
        { name: 'one', match: { path: '/orders/*' }, ...hit('one order') },
        { name: 'deep', match: { path: '/files/**/*.json' }, ...hit('json file') },
        { name: 'all', match: { path: '/api/**' }, ...hit('api') },
      ],
    });
    const answers = async (path: string) => (await send('m-path', { path })).text;
    expect(await answers('')).toBe('root');
    expect(await answers('/orders/42')).toBe('one order');
    expect(await answers('/orders/42?x=1')).toBe('one order');
    expect(await answers('/orders/42/items')).toBe('{"ok":true}');
    expect(await answers('/files/a.json')).toBe('json file');
    expect(await answers('/files/2024/05/a.json')).toBe('json file');
    expect(await answers('/files/2024/a.txt')).toBe('{"ok":true}');
    expect(await answers('/api')).toBe('api');
    expect(await answers('/api/v1/hooks')).toBe('api');
    expect(await answers('/apis')).toBe('{"ok":true}');
  });

  it('matches headers by case-insensitive name: equals, contains, present', async () => {
    await inboxWith('m-headers', {
      rules: [
        { match: { headers: [{ name: 'X-Event', equals: 'push' }] }, ...hit('equals') },
        { match: { headers: [{ name: 'user-agent', contains: 'GitHub-Hookshot' }] }, ...hit('contains') },
        { match: { headers: [{ name: 'X-Signature', present: true }] }, ...hit('present') },
        { match: { headers: [{ name: 'authorization', present: false }] }, ...hit('absent') },
      ],
    });
    const answers = async (headers: Record<string, string>) =>
      (await send('m-headers', { headers: { authorization: 'Bearer x', ...headers } })).text;
    expect(await answers({ 'x-event': 'push' })).toBe('equals');
    expect(await answers({ 'x-event': 'pushed' })).toBe('{"ok":true}');
    expect(await answers({ 'user-agent': 'GitHub-Hookshot/abc' })).toBe('contains');
    expect(await answers({ 'x-signature': '' })).toBe('present');
    expect((await send('m-headers')).text).toBe('absent');
  });

  it('matches query parameters (decoded)', async () => {
    await inboxWith('m-query', {
      rules: [
        { match: { query: [{ name: 'mode', equals: 'a b' }] }, ...hit('equals') },
        { match: { query: [{ name: 'token', present: true }] }, ...hit('present') },
      ],
    });
    expect((await send('m-query', { path: '?mode=a+b' })).text).toBe('equals');
    expect((await send('m-query', { path: '/x?other=1&token=' })).text).toBe('present');
    expect((await send('m-query', { path: '?mode=ab' })).text).toBe('{"ok":true}');
  });

  it('matches JSON paths, with array indexes and values compared as text', async () => {
    await inboxWith('m-json', {
      rules: [
        { match: { json: [{ name: 'event.type', equals: 'order.paid' }] }, ...hit('nested') },
        { match: { json: [{ name: '$.items[1].id', equals: '7' }] }, ...hit('index') },
        { match: { json: [{ name: 'live', equals: 'true' }] }, ...hit('boolean') },
        { match: { json: [{ name: 'message', contains: 'urgent' }] }, ...hit('contains') },
        { match: { json: [{ name: 'constructor', present: true }] }, ...hit('prototype') },
      ],
    });
    expect((await send('m-json', json({ event: { type: 'order.paid' } }))).text).toBe('nested');
    expect((await send('m-json', json({ items: [{ id: 1 }, { id: 7 }] }))).text).toBe('index');
    expect((await send('m-json', json({ items: { 1: { id: 7 } } }))).text).toBe('{"ok":true}');
    expect((await send('m-json', json({ live: true }))).text).toBe('boolean');
    expect((await send('m-json', json({ message: 'this is urgent!' }))).text).toBe('contains');
    // JSON is read whatever the content type says; never from an object's prototype.
    expect((await send('m-json', { body: '{"live":true}', headers: { 'content-type': 'text/plain' } })).text).toBe('boolean');
    expect((await send('m-json', json({}))).text).toBe('{"ok":true}');
    expect((await send('m-json', { body: 'not json {' })).text).toBe('{"ok":true}');
  });

  it('needs every condition of a rule to hold', async () => {
    await inboxWith('m-all', {
      rules: [{ match: { method: ['POST'], path: '/hooks', headers: [{ name: 'x-kind', equals: 'a' }] }, ...hit('all') }],
    });
    expect((await send('m-all', { path: '/hooks', headers: { 'x-kind': 'a' } })).text).toBe('all');
    expect((await send('m-all', { path: '/hooks', headers: { 'x-kind': 'b' } })).text).toBe('{"ok":true}');
    expect((await send('m-all', { method: 'PUT', path: '/hooks', headers: { 'x-kind': 'a' } })).text).toBe('{"ok":true}');
  });
});

describe('rule order, disabled rules and scripts', () => {
  it('answers with the first enabled matching rule, recording its id on the capture', async () => {
    const inbox = await inboxWith('order', {
      rules: [
        { name: 'off', enabled: false, match: {}, ...hit('disabled') },
        { name: 'first', match: { method: ['POST'] }, response: { status: 202, body: 'first' } },
        { name: 'second', match: {}, ...hit('second') },
      ],
    });
    expect(inbox.rules.map((rule: { name: string; enabled: boolean }) => [rule.name, rule.enabled])).toEqual([
      ['off', false],
      ['first', true],
      ['second', true],
    ]);
    const first = await send('order');
    expect([first.status, first.text, first.capture.rule, first.capture.responseStatus]).toEqual([202, 'first', inbox.rules[1].id, 202]);
    const second = await send('order', { method: 'PUT' });
    expect([second.text, second.capture.rule]).toEqual(['second', inbox.rules[2].id]);
    const { body: list } = await core.api('GET', `/api/inboxes/${inbox.id}/requests`);
    expect(list.items.map((item: { rule: string }) => item.rule)).toEqual([inbox.rules[2].id, inbox.rules[1].id]);
  });

  it("fills a rule's response from the inbox's response; rules: null removes them", async () => {
    const inbox = await inboxWith('rule-defaults', {
      response: { headers: { 'content-type': 'text/plain' }, body: 'default' },
      rules: [{ match: { path: '/x' }, response: { status: 409 } }],
    });
    expect(inbox.rules[0]).toMatchObject({
      name: 'Rule 1',
      enabled: true,
      response: { status: 409, headers: { 'content-type': 'text/plain' }, body: 'default', delayMs: 0 },
    });
    expect((await send('rule-defaults', { path: '/x' })).status).toBe(409);
    const { body: patched } = await core.api('PATCH', `/api/inboxes/${inbox.id}`, { rules: null });
    expect(patched.rules).toBeUndefined();
    expect((await send('rule-defaults', { path: '/x' })).status).toBe(200);
  });

  it('lets a rule answer without taking a script step', async () => {
    await inboxWith('rule-script', {
      script: { steps: [{ status: 500 }, { status: 502 }] },
      rules: [{ match: { headers: [{ name: 'x-ping', present: true }] }, response: { status: 200, body: 'pong' } }],
    });
    const results = [await send('rule-script'), await send('rule-script', { headers: { 'x-ping': '1' } }), await send('rule-script')];
    expect(results.map((result) => [result.status, result.capture.scriptStep ?? null, result.capture.rule !== undefined])).toEqual([
      [500, 1, false],
      [200, null, true],
      [502, 2, false],
    ]);
  });

  it('refuses rules that cannot work, naming the field', async () => {
    const refused = async (rules: unknown[]) => (await core.api('POST', '/api/inboxes', { rules })).body.error;
    expect(await refused([{}, { match: { headers: [{ name: 'x', equals: 'a', present: true }] } }])).toMatchObject({
      code: 'invalid_rule',
      field: 'rules.1.match.headers.0',
    });
    expect(await refused([{ match: { path: 'orders' } }])).toMatchObject({ field: 'rules.0.match.path' });
    expect(await refused([{ match: { path: '/a**' } }])).toMatchObject({ field: 'rules.0.match.path' });
    expect(await refused([{ match: { json: [{ name: 'a..b', present: true }] } }])).toMatchObject({ field: 'rules.0.match.json.0.name' });
    expect(await refused([{ id: 'same' }, { id: 'same' }])).toMatchObject({ field: 'rules.1.id' });
    expect(await refused(Array.from({ length: 51 }, () => ({})))).toMatchObject({ code: 'invalid_request', field: 'rules' });
  });
});

describe('templated answers', () => {
  it('renders status, headers and body from every part of the request, with the helpers', async () => {
    const body = [
      'method={{ request.method }}',
      'path={{ request.path }}',
      'query={{ request.query.a }}',
      'all={{ request.queryAll.a | json }}',
      'header={{ request.headers["x-test"] }}',
      'text={{ request.body }}',
      'json={{ request.json.order.id }}',
      'hex={{ request.json.order.id | hmac_sha256_hex: "s3cret" }}',
      'b64={{ request.body | hmac_sha256_base64: "s3cret" }}',
      'embedded={"name":{{ request.json.name | json }}}',
      'now={{ now }}',
      'unix={{ now_unix }}',
      'id={{ random_id }}',
    ].join('\n');
    await inboxWith('tpl', {
      response: {
        templated: true,
        statusTemplate: '{{ request.query.code | default: 200 }}',
        headers: { 'content-type': 'text/plain', 'x-echo': '{{ request.headers.x-test | upcase }}' },
        body,
      },
    });
    const sentBody = JSON.stringify({ order: { id: 'ord_1' }, name: 'say "hi"' });
    const before = Date.now();
    const result = await send('tpl', {
      path: '/orders/1?a=1&a=2&code=201',
      headers: { 'content-type': 'application/json', 'X-Test': 'hello' },
      body: sentBody,
    });
    expect(result.status).toBe(201);
    expect(result.capture.responseStatus).toBe(201);
    expect(result.headers['x-echo']).toBe('HELLO');
    const lines = Object.fromEntries(
      result.text.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(lines).toMatchObject({
      method: 'POST',
      path: '/orders/1',
      query: '1',
      all: '["1","2"]',
      header: 'hello',
      text: sentBody,
      json: 'ord_1',
      hex: createHmac('sha256', 's3cret').update('ord_1').digest('hex'),
      b64: createHmac('sha256', 's3cret').update(sentBody).digest('base64'),
      embedded: '{"name":"say \\"hi\\""}',
    });
    expect(Date.parse(lines['now']!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Number(lines['unix'])).toBe(Math.floor(Date.parse(lines['now']!) / 1000));
    expect(lines['id']).toMatch(/^[0-9a-f-]{36}$/);
    const again = await send('tpl', { path: '?code=202' });
    expect(again.status).toBe(202);
    expect(again.text).toContain('json=\n');
    expect(again.text.match(/id=(.*)/)![1]).not.toBe(lines['id']);
  });

  it('reads urlencoded form fields', async () => {
    await inboxWith('tpl-form', { response: { templated: true, body: '{{ request.form.user }}/{{ request.form.missing }}' } });
    const result = await send('tpl-form', { body: 'user=ada+l&x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(result.text).toBe('ada l/');
  });

  it('sends a plain body with {{ literally, byte for byte', async () => {
    const body = '{"template":"{{ request.method }}","x":"{% if %}"}';
    await inboxWith('plain', { response: { body, headers: { 'content-type': 'application/json' } } });
    const result = await send('plain');
    expect(result.text).toBe(body);
    expect(result.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(result.capture.answerError).toBeUndefined();
  });

  it('goes back to a plain answer when templates are switched off', async () => {
    const inbox = await inboxWith('tpl-off', { response: { templated: true, statusTemplate: '{{ 201 }}', body: '{{ request.method }}' } });
    expect((await send('tpl-off')).text).toBe('POST');
    const { body: patched } = await core.api('PATCH', `/api/inboxes/${inbox.id}`, { response: { templated: false, statusTemplate: '' } });
    expect(patched.response).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{{ request.method }}',
      delayMs: 0,
    });
    const plain = await send('tpl-off');
    expect([plain.status, plain.text]).toEqual([200, '{{ request.method }}']);
  });

  it('refuses a template that does not parse when the inbox is saved, naming the field', async () => {
    const { body: inbox } = await core.api('POST', '/api/inboxes', { slug: 'tpl-bad' });
    const bad = await core.api('PATCH', `/api/inboxes/${inbox.id}`, {
      rules: [
        { match: {} },
        { match: {}, response: { templated: true, body: 'ok' } },
        { match: {}, response: { templated: true, body: '{{ x | nope }}' } },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_template', field: 'rules.2.response.body' });
    expect(bad.body.error.message).toContain('undefined filter: nope');
    const header = await core.api('PATCH', `/api/inboxes/${inbox.id}`, {
      response: { templated: true, headers: { 'x-sig': '{{ unclosed' } },
    });
    expect(header.body.error).toMatchObject({ code: 'invalid_template', field: 'response.headers.x-sig' });
    const include = await core.api('PATCH', `/api/inboxes/${inbox.id}`, {
      response: { templated: true, body: "{% include 'secrets.txt' %}" },
    });
    expect(include.body.error).toMatchObject({ field: 'response.body' });
    const step = await core.api('PATCH', `/api/inboxes/${inbox.id}`, {
      script: { steps: [{}, { templated: true, statusTemplate: '{% if %}' }] },
    });
    expect(step.body.error).toMatchObject({ field: 'script.steps.1.statusTemplate' });
    // Nothing of a refused save was kept.
    expect((await core.api('GET', `/api/inboxes/${inbox.id}`)).body).not.toHaveProperty('rules');
  });

  it('answers a render error with 500 template_error and records it on the capture', async () => {
    const inbox = await inboxWith('tpl-error', {
      rules: [
        { match: { path: '/status' }, response: { templated: true, statusTemplate: '{{ request.query.s }}' } },
        { match: { path: '/loop' }, response: { templated: true, body: '{% for i in (1..1000000000) %}x{% endfor %}' } },
      ],
      response: { templated: true, body: '{{ request.body | hmac_sha256_hex: request.query.secret }}' },
    });
    const missing = await send('tpl-error', { body: 'x' });
    expect(missing.status).toBe(500);
    expect(JSON.parse(missing.text).error.code).toBe('template_error');
    expect(missing.capture.answerError).toMatch(/^response\.body: .*needs a secret/);
    expect(JSON.parse(missing.text).error.message).toBe(missing.capture.answerError);
    expect(missing.capture.responseStatus).toBe(500);

    const status = await send('tpl-error', { path: '/status?s=abc' });
    expect(status.status).toBe(500);
    expect(status.capture.answerError).toBe('rules.0.response.statusTemplate: rendered "abc", not a status from 200 to 599');
    expect(status.capture.rule).toBe(inbox.rules[0].id);

    const loop = await send('tpl-error', { path: '/loop' });
    expect(loop.status).toBe(500);
    expect(loop.capture.answerError).toMatch(/^rules\.1\.response\.body: .*limit exceeded/);

    // The ingress is fine afterwards; the list shows the error too.
    expect((await send('tpl-error', { path: '?secret=k', body: 'x' })).text).toBe(createHmac('sha256', 'k').update('x').digest('hex'));
    const { body: list } = await core.api('GET', `/api/inboxes/${inbox.id}/requests`);
    expect(list.items.filter((item: { answerError?: string }) => item.answerError).length).toBe(3);
  });
});

describe('workspace', () => {
  it('exports rules and templated responses and imports them unchanged', async () => {
    const inbox = await inboxWith('ws-rules', {
      response: { templated: true, statusTemplate: '{{ 201 }}', body: '{{ request.method }}' },
      rules: [{ name: 'pings', match: { method: ['GET'], query: [{ name: 'ping', present: true }] }, response: { body: 'pong' } }],
    });
    const { body: file } = await core.api('GET', '/api/workspace');
    const entry = file.inboxes.find((candidate: { slug: string }) => candidate.slug === 'ws-rules');
    expect(entry.rules).toEqual(inbox.rules);
    expect(entry.response).toMatchObject({ templated: true, statusTemplate: '{{ 201 }}' });

    const target = await startTestCore();
    try {
      const first = await target.api('POST', '/api/workspace', { ...file, inboxes: [entry], hooks: [], eventTypes: [] });
      expect(first.body.inboxes.created).toEqual(['ws-rules']);
      const { body: inboxes } = await target.api('GET', '/api/inboxes');
      const copy = inboxes.items.find((candidate: { slug: string }) => candidate.slug === 'ws-rules');
      expect(copy.rules).toEqual(inbox.rules);
      expect(copy.response).toEqual(inbox.response);
      const again = await target.api('POST', '/api/workspace', { ...file, inboxes: [entry], hooks: [], eventTypes: [] });
      expect(again.body.inboxes.unchanged).toEqual(['ws-rules']);
      const answered = await request(`${target.ingressUrl}/in/ws-rules?ping=1`);
      expect(await answered.body.text()).toBe('pong');
    } finally {
      await target.dispose();
    }
  });
});
