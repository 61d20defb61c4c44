import { createHmac } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { inboxAnswers } from '../helpers/answers.js';
import { startTestCore, tempDir, type TestCore } from '../helpers/core.js';

// Templated answers, and rules and templates through a workspace. Rule matching: answer-rules.test.ts.
let core: TestCore;
const { inboxWith, send } = inboxAnswers(() => core);

beforeAll(async () => {
  core = await startTestCore();
});
afterAll(async () => {
  await core.dispose();
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

  it('reads request.json as the capture shows it: JSON typed, or an object or array as text/plain too', async () => {
    await inboxWith('tpl-json', { response: { templated: true, body: '{{ request.json | json }}' } });
    const typed = await send('tpl-json', { body: '42', headers: { 'content-type': 'application/json' } });
    expect([typed.text, typed.capture.json]).toEqual(['42', 42]);
    const plain = await send('tpl-json', { body: ' {"a":[1]}', headers: { 'content-type': 'text/plain' } });
    expect([plain.text, plain.capture.json]).toEqual(['{"a":[1]}', { a: [1] }]);
    const scalar = await send('tpl-json', { body: '42', headers: { 'content-type': 'text/plain' } });
    expect(scalar.text).toBe('null');
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

  it('refuses answer headers that could not be sent, and answers a rendered one as the template error it is', async () => {
    const { body: inbox } = await core.api('POST', '/api/inboxes', { slug: 'bad-headers' });
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ response: { headers: { 'X-Trace abc': '' } } }, 'response.headers', /"X-Trace abc" is not a legal HTTP header name/],
      [{ response: { headers: { 'x-ok': 'a\nb' } } }, 'response.headers', /line break/],
      [{ response: { headers: { 'x-price': '5 €' } } }, 'response.headers', /past U\+00FF/],
      [{ response: { headers: { 'x-ctl': 'a\u0001b' } } }, 'response.headers', /control character/],
      [{ script: { steps: [{ headers: { 'bad name': 'x' } }] } }, 'script.steps.0.headers', /not a legal/],
      [{ rules: [{ match: {}, response: { headers: { é: 'x' } } }] }, 'rules.0.response.headers', /not a legal/],
    ];
    for (const [patch, field, message] of cases) {
      const { status, body } = await core.api('PATCH', `/api/inboxes/${inbox.id}`, patch);
      expect(status, JSON.stringify(patch)).toBe(400);
      expect(body.error, JSON.stringify(patch)).toMatchObject({ code: 'invalid_header', field });
      expect(body.error.message).toMatch(message);
    }
    // The inbox still answers as before, and stores what it gets.
    expect((await send('bad-headers', { body: 'x' })).status).toBe(200);

    // A templated value that renders a line break cannot go out: 500 template_error, recorded.
    await inboxWith('bad-rendered', { response: { templated: true, headers: { 'x-echo': '{{ request.body }}' } } });
    const broken = await send('bad-rendered', { body: 'one\ntwo' });
    expect(broken.status).toBe(500);
    expect(broken.capture.responseStatus).toBe(500);
    expect(broken.capture.answerError).toMatch(/^response\.headers\.x-echo: rendered/);
    expect((await send('bad-rendered', { body: 'fine' })).headers['x-echo']).toBe('fine');
  });

  it('answers an inbox saved before headers were checked with 500 answer_error, and still stores the request', async () => {
    const dataDir = await tempDir();
    const first = await startTestCore({ dataDir });
    await first.close();
    const file = join(dataDir, 'state.json');
    const state = JSON.parse(await readFile(file, 'utf8'));
    state.inboxes[0].response.headers['X-Trace abc'] = 'X-Trace abc';
    await writeFile(file, JSON.stringify(state));
    const again = await startTestCore({ dataDir });
    try {
      const answered = await request(`${again.ingressUrl}/in/default`, { method: 'POST', body: 'kept' });
      expect(answered.statusCode).toBe(500);
      expect(JSON.parse(await answered.body.text()).error.code).toBe('answer_error');
      const { body: capture } = await again.api('GET', `/api/requests/${answered.headers['x-hookbench-capture-id'] as string}`);
      expect(capture).toMatchObject({ body: 'kept', responseStatus: 500 });
      expect(capture.answerError).toContain('"X-Trace abc" cannot be sent');
    } finally {
      await again.close();
      await rm(dataDir, { recursive: true, force: true });
    }
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
