import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hit, inboxAnswers, json } from '../helpers/answers.js';
import { startTestCore, type TestCore } from '../helpers/core.js';

// Inbox rules: which request gets which answer. Templated answers: answer-templates.test.ts.
let core: TestCore;
const { inboxWith, send } = inboxAnswers(() => core);

beforeAll(async () => {
  core = await startTestCore();
});
afterAll(async () => {
  await core.dispose();
});

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
