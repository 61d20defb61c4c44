import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { Hook, HookCreate } from '../../electron/shared/hooks.js';
import { Inbox } from '../../electron/shared/schemas.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { fuzzRuns, fuzzSeed, prototypeGuard } from './fuzz-support.js';

/**
 * Property: whatever body the control API or a provider emulator is sent, the answer is below
 * 500, a refusal says why in that API's own envelope, nothing reaches Object.prototype (the core
 * runs in this process), and what got stored still reads back valid.
 */

const runs = fuzzRuns(150);
const seed = fuzzSeed();
const ACCOUNT = 'a'.repeat(32);
const TEAM = '0b8b8f3e-6f0e-4c3e-9d7a-3d4c1b2a1f00';

let core: TestCore;
let prototypesAdded: () => string[];
let hookId: string;
let kazooWebhookId: string;

beforeAll(async () => {
  core = await startTestCore();
  prototypesAdded = prototypeGuard();
  const created = await core.api<{ id: string }>('POST', '/api/hooks', { url: `${core.ingressUrl}/in/default` });
  hookId = created.body.id;
  const kazoo = await request(`${core.ingressUrl}/p/kazoo/v2/accounts/${ACCOUNT}/webhooks`, {
    method: 'PUT',
    headers: { 'x-auth-token': 'fuzz', 'content-type': 'application/json' },
    body: JSON.stringify({ data: { name: 'fuzz', uri: `${core.ingressUrl}/in/default`, hook: 'channel_create' } }),
  });
  kazooWebhookId = ((await kazoo.body.json()) as { data: { id: string } }).data.id;
  console.info(`fuzz-control: seed ${seed}, ${runs} runs per endpoint (FUZZ_SEED / FUZZ_RUNS to change)`);
});
afterAll(() => core.dispose());

/** JSON text, so bodies can hold own `__proto__` keys, duplicate keys and nesting JSON.stringify would not make. */
type JsonText = string;

const dangerousKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'polluted');
const pollution: fc.Arbitrary<JsonText> = fc.constantFrom(
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":null}',
  '{"toString":"x","valueOf":1}',
);
const { value: jsonValue } = fc.letrec<{ value: JsonText }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.json({ maxDepth: 2 }),
    pollution,
    // Long strings and URLs, around the schemas' limits (200 for names, 4096 for URLs).
    fc.integer({ min: 150, max: 9000 }).map((length) => JSON.stringify(`http://127.0.0.1:1/${'x'.repeat(length)}`)),
    fc.constantFrom(
      '""',
      '"x"',
      '0',
      '-1',
      '1e308',
      '1.5',
      'true',
      'null',
      '[]',
      '{}',
      `"${'a'.repeat(5000)}"`,
      '"\\u0000\\r\\n"',
      '"\\ud800"',
    ),
    fc
      .array(fc.tuple(fc.oneof(dangerousKey, fc.string({ maxLength: 8 })), tie('value')), { maxLength: 4 })
      .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`),
  ),
}));

/** A valid body with some fields replaced, removed or added (dangerous keys among them). */
function mutated(valid: Record<string, JsonText>): fc.Arbitrary<JsonText> {
  const fields = Object.keys(valid);
  const edit = fc.oneof(
    fc.tuple(fc.constantFrom(...fields), fc.option(jsonValue, { nil: undefined })),
    fc.tuple(fc.oneof(dangerousKey, fc.string({ maxLength: 10 })), jsonValue),
  );
  // A fresh suffix each case, so valid bodies keep being new registrations, not 409 repeats.
  return fc.tuple(fc.array(edit, { maxLength: 3 }), fc.nat()).map(([edits, unique]) => {
    const entries = Object.entries(valid).map(([key, value]): [string, JsonText] => [key, value.replaceAll('{n}', String(unique))]);
    for (const [key, value] of edits) {
      const at = entries.findIndex(([name]) => name === key);
      if (value === undefined) {
        if (at !== -1) entries.splice(at, 1);
      } else if (at !== -1) entries[at] = [key, value];
      else entries.push([key, value]);
    }
    return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
  });
}

interface Body {
  contentType: string | undefined;
  bytes: Buffer;
}

function bodies(valid: Record<string, JsonText>, wrap: (text: JsonText) => JsonText = (text) => text): fc.Arbitrary<Body> {
  const json = fc.oneof(
    { weight: 6, arbitrary: mutated(valid).map(wrap) },
    { weight: 2, arbitrary: jsonValue },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":1,}', '\ufeff{}', '{"a":1}{"b":2}', 'nul', '') },
  );
  return fc.oneof(
    { weight: 8, arbitrary: json.map((text) => ({ contentType: 'application/json', bytes: Buffer.from(text) })) },
    {
      weight: 2,
      arbitrary: fc.record({
        contentType: fc.constantFrom(
          undefined,
          'text/plain',
          'APPLICATION/JSON; charset=latin1',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json; charset=utf-16',
        ),
        bytes: fc.oneof(
          json.map((text) => Buffer.from(text)),
          fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes)),
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ maxLength: 256 }).map((bytes) => ({
        contentType: 'application/json',
        bytes: Buffer.concat([Buffer.from('{"a":"'), Buffer.from(bytes), Buffer.from('"}')]),
      })),
    },
  );
}

const text = (value: unknown): JsonText => JSON.stringify(value);

interface Target {
  name: string;
  method: 'POST' | 'PUT' | 'PATCH';
  path: () => string;
  /** Control API routes carry the token; emulators their own credentials. */
  base: 'control' | 'ingress';
  headers?: Record<string, string>;
  body: () => fc.Arbitrary<Body>;
  /** Where a refusal's message sits in this API's envelope. */
  message: (body: Record<string, unknown>) => unknown;
}

const controlMessage = (body: Record<string, unknown>) => (body['error'] as Record<string, unknown> | undefined)?.['message'];
const hookBody = () => ({
  url: text(`${core.ingressUrl}/in/default`),
  name: text('fuzz'),
  provider: text('generic'),
  events: text(['*']),
  method: text('POST'),
  format: text('json'),
  headers: text({ 'x-fuzz': '1' }),
  customData: text({ a: 1 }),
  retry: text({ preset: 'none' }),
  timeoutMs: text(1000),
  providerOptions: text({}),
});

const targets: Target[] = [
  {
    name: 'POST /api/hooks',
    method: 'POST',
    path: () => '/api/hooks',
    base: 'control',
    body: () => bodies(hookBody()),
    message: controlMessage,
  },
  {
    name: 'PATCH /api/hooks/:id',
    method: 'PATCH',
    path: () => `/api/hooks/${hookId}`,
    base: 'control',
    body: () => bodies(hookBody()),
    message: controlMessage,
  },
  {
    name: 'POST /api/events',
    method: 'POST',
    path: () => '/api/events',
    base: 'control',
    body: () =>
      bodies({
        provider: text('generic'),
        type: text('ping'),
        payload: text({ a: 1 }),
        url: text(`${core.ingressUrl}/in/default`),
        validate: 'false',
      }),
    message: controlMessage,
  },
  {
    name: 'POST /api/inboxes',
    method: 'POST',
    path: () => '/api/inboxes',
    base: 'control',
    body: () =>
      bodies({
        name: text('fuzz'),
        response: text({ status: 201, headers: { 'x-a': '1' }, body: 'ok', delayMs: 0 }),
        script: text({ steps: [{ status: 500 }], then: 'repeat' }),
        forward: text([{ url: `${core.ingressUrl}/in/default`, enabled: false }]),
      }),
    message: controlMessage,
  },
  {
    name: 'POST /api/providers/generic/events',
    method: 'POST',
    path: () => '/api/providers/generic/events',
    base: 'control',
    body: () =>
      bodies({
        type: text('fuzz.type{n}'),
        name: text('Fuzz'),
        description: text('d'),
        schema: text({ type: 'object' }),
        sample: text({ a: 1 }),
      }),
    message: controlMessage,
  },
  {
    name: 'Khan POST /games/:g/hooks',
    method: 'POST',
    path: () => '/p/khan/games/fuzz-game/hooks',
    base: 'ingress',
    body: () => bodies({ type: '3', hookURL: text(`${core.ingressUrl}/in/default`) }),
    message: (body) => body['reason'],
  },
  {
    name: 'Kazoo PUT /v2/accounts/:a/webhooks',
    method: 'PUT',
    path: () => `/p/kazoo/v2/accounts/${ACCOUNT}/webhooks`,
    base: 'ingress',
    headers: { 'x-auth-token': 'fuzz' },
    body: () =>
      bodies(
        {
          name: text('fuzz'),
          uri: text(`${core.ingressUrl}/in/default`),
          hook: text('channel_create'),
          http_verb: text('post'),
          retries: '2',
          custom_data: text({ a: 'b' }),
        },
        (data) => `{"data":${data}}`,
      ),
    message: (body) => body['message'],
  },
  ...(['PATCH', 'POST'] as const).map((method): Target => ({
    name: `Kazoo ${method} /v2/accounts/:a/webhooks/:id`,
    method,
    path: () => `/p/kazoo/v2/accounts/${ACCOUNT}/webhooks/${kazooWebhookId}`,
    base: 'ingress',
    headers: { 'x-auth-token': 'fuzz' },
    body: () =>
      bodies(
        { name: text('fuzz'), uri: text(`${core.ingressUrl}/in/default`), hook: text('channel_create'), custom_data: text({ a: 'b' }) },
        (data) => `{"data":${data}}`,
      ),
    message: (body) => body['message'],
  })),
  {
    name: 'Vyte POST /hooks',
    method: 'POST',
    path: () => '/p/vyte/hooks',
    base: 'ingress',
    headers: { authorization: 'fuzz-key' },
    body: () => bodies({ action: text('event.created'), target_url: text(`${core.ingressUrl}/in/default`) }),
    message: controlMessage,
  },
  {
    name: 'ChallengeMe POST registration',
    method: 'POST',
    path: () => `/p/challengeme/api/v1/webhooks/events/registration/${TEAM}`,
    base: 'ingress',
    headers: { authorization: 'Bearer fuzz' },
    body: () =>
      bodies({
        webhookUrl: text(`${core.ingressUrl}/in/default/{n}`),
        events: text(['Submitted Challenge']),
        authorizationToken: text('t'),
      }),
    message: (body) => body['message'],
  },
];

async function send(target: Target, body: Body) {
  const base = target.base === 'control' ? core.controlUrl : core.ingressUrl;
  const headers: Record<string, string> = { ...target.headers };
  if (target.base === 'control') headers['authorization'] = `Bearer ${core.token}`;
  if (body.contentType !== undefined) headers['content-type'] = body.contentType;
  const response = await request(`${base}${target.path()}`, { method: target.method, headers, body: body.bytes });
  const answer = await response.body.text();
  return { status: response.statusCode, text: answer };
}

async function checkStoredState(): Promise<void> {
  const hooks = await core.api<{ items: unknown[] }>('GET', '/api/hooks?limit=500');
  expect(hooks.status).toBe(200);
  for (const hook of hooks.body.items) {
    expect(Value.Errors(Hook, hook).First(), JSON.stringify(hook).slice(0, 300)).toBeUndefined();
    // What is stored can be sent back: every hook still fits what the API accepts.
    const { url, name, provider, events, method, format, headers, customData, timeoutMs, enabled, autoDisableAfter, providerOptions } =
      hook as Hook;
    const input = {
      url,
      name,
      provider,
      events,
      method,
      format,
      headers,
      customData,
      timeoutMs,
      enabled,
      autoDisableAfter,
      providerOptions,
    };
    expect(Value.Errors(HookCreate, input).First(), JSON.stringify(hook).slice(0, 300)).toBeUndefined();
  }
  const inboxes = await core.api<{ items: unknown[] }>('GET', '/api/inboxes?limit=500');
  expect(inboxes.status).toBe(200);
  for (const inbox of inboxes.body.items) expect(Value.Errors(Inbox, inbox).First(), JSON.stringify(inbox).slice(0, 300)).toBeUndefined();
  expect((await core.api('GET', '/api/providers')).status).toBe(200);
}

describe('control API and emulator fuzzing', () => {
  for (const target of targets) {
    it(
      `${target.name}: never 5xx, refusals say why, prototypes untouched, storage valid`,
      async () => {
        const statuses: Record<number, number> = {};
        await fc.assert(
          fc.asyncProperty(target.body(), async (body) => {
            const { status, text: answer } = await send(target, body);
            statuses[status] = (statuses[status] ?? 0) + 1;
            const label = `${body.contentType} ${body.bytes.toString('latin1').slice(0, 300)} → ${status} ${answer.slice(0, 300)}`;
            expect(status, label).toBeLessThan(500);
            if (status >= 400) {
              const parsed = JSON.parse(answer) as Record<string, unknown>;
              const message = target.message(parsed);
              expect(typeof message === 'string' && message.length > 0, label).toBe(true);
            }
            expect(prototypesAdded(), label).toEqual([]);
          }),
          { numRuns: runs, seed, endOnFailure: false },
        );
        console.info(`fuzz-control: ${target.name} answers by status ${JSON.stringify(statuses)}`);
        await checkStoredState();
      },
      Math.max(60_000, runs * 1000),
    );
  }
});

/** Inputs the fuzzing found, kept as plain cases. */
describe('fuzz regressions', () => {
  const longUrl = () => `${core.ingressUrl}/in/default/${'x'.repeat(5000)}`;
  const hookCount = async () => (await core.api<{ items: unknown[] }>('GET', '/api/hooks?limit=500')).body.items.length;

  it('Khan refuses a hookURL longer than a hook URL may be, in its own shape, and stores nothing', async () => {
    const before = await hookCount();
    const response = await send(targets[5]!, {
      contentType: 'application/json',
      bytes: Buffer.from(text({ type: 3, hookURL: longUrl() })),
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toEqual({ success: false, reason: expect.stringContaining('url') });
    expect(await hookCount()).toBe(before);
    await checkStoredState();
  });

  it('Kazoo refuses a webhook name over 200 characters as a validation error on name', async () => {
    const data = { name: 'n'.repeat(300), uri: `${core.ingressUrl}/in/default`, hook: 'channel_create' };
    const response = await send(targets[6]!, { contentType: 'application/json', bytes: Buffer.from(text({ data })) });
    expect(response.status).toBe(400);
    const body = JSON.parse(response.text) as { message: string; data: Record<string, unknown> };
    expect(body.message).toBe('validation failed');
    expect(Object.keys(body.data)).toEqual(['name']);
    await checkStoredState();
  });

  it('Vyte and ChallengeMe refuse an over-long URL with a message', async () => {
    const vyte = await send(targets[9]!, {
      contentType: 'application/json',
      bytes: Buffer.from(text({ action: 'event.created', target_url: longUrl() })),
    });
    expect(vyte.status).toBe(400);
    expect(JSON.parse(vyte.text)).toMatchObject({ error: { field: 'target_url' } });
    const body = { webhookUrl: longUrl(), events: ['Submitted Challenge'] };
    const challengeme = await send(targets[10]!, { contentType: 'application/json', bytes: Buffer.from(text(body)) });
    expect(challengeme.status).toBe(400);
    expect(JSON.parse(challengeme.text)).toMatchObject({ message: 'Cannot process request' });
    await checkStoredState();
  });

  it('ChallengeMe refuses inherited names (constructor, toString) as unknown fields, as Joi does', async () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty']) {
      const body = `{"webhookUrl":"${core.ingressUrl}/in/default/${key}","events":["Submitted Challenge"],"${key}":1}`;
      const response = await send(targets[10]!, { contentType: 'application/json', bytes: Buffer.from(body) });
      expect(response.status, key).toBe(400);
      expect(JSON.parse(response.text), key).toEqual({ success: false, message: `"${key}" is not allowed` });
    }
  });
});
