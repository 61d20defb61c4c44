import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { acceleratedClock } from '../../electron/core/dispatcher/clock.js';
import { rm } from 'node:fs/promises';
import { startTestCore, tempDir, type TestCore } from '../helpers/core.js';
import { openStream, settled, type EventStream } from '../helpers/stream.js';

let core: TestCore;
let stream: EventStream;

beforeAll(async () => {
  // Retry waits run 10x faster; an inbox's delay (a stall) is still real time.
  core = await startTestCore({ clock: acceleratedClock(10) });
  stream = await openStream(core);
});
afterAll(async () => {
  stream.close();
  await core.dispose();
});

async function scriptedInbox(slug: string, script: unknown, extra: Record<string, unknown> = {}) {
  const { status, body } = await core.api('POST', '/api/inboxes', { slug, script, ...extra });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

/** Sends one request and returns what the inbox answered and what it recorded. */
async function send(url: string, target: TestCore = core) {
  const response = await request(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  const text = await response.body.text();
  const id = response.headers['x-hookbench-capture-id'] as string;
  const { body: capture } = await target.api('GET', `/api/requests/${id}`);
  return { status: response.statusCode, headers: response.headers, text, capture };
}

async function sendMany(url: string, count: number) {
  const results = [];
  for (let index = 0; index < count; index++) results.push(await send(url));
  return results;
}

describe('scripted inboxes', () => {
  it('stays on the last step with then: last, recording each answer and step', async () => {
    const inbox = await scriptedInbox('script-last', {
      steps: [{ status: 500 }, { status: 429, headers: { 'retry-after': '2' }, body: 'slow down' }, { status: 200 }],
      then: 'last',
    });
    const results = await sendMany(inbox.url, 5);
    expect(results.map((result) => result.status)).toEqual([500, 429, 200, 200, 200]);
    expect(results[1]!.headers['retry-after']).toBe('2');
    expect(results[1]!.text).toBe('slow down');
    expect(results.map((result) => [result.capture.responseStatus, result.capture.scriptStep])).toEqual([
      [500, 1],
      [429, 2],
      [200, 3],
      [200, 3],
      [200, 3],
    ]);

    const { body: list } = await core.api('GET', `/api/inboxes/${inbox.id}/requests`);
    // Newest first.
    expect(list.items.map((item: { scriptStep: number }) => item.scriptStep)).toEqual([3, 3, 3, 2, 1]);
  });

  it('starts over with then: repeat', async () => {
    const inbox = await scriptedInbox('script-repeat', { steps: [{ status: 201 }, { status: 202 }], then: 'repeat' });
    const results = await sendMany(inbox.url, 5);
    expect(results.map((result) => result.status)).toEqual([201, 202, 201, 202, 201]);
    expect(results.map((result) => result.capture.scriptStep)).toEqual([1, 2, 1, 2, 1]);
  });

  it("fills a step's missing fields from the inbox's response and defaults then to last", async () => {
    const inbox = await scriptedInbox(
      'script-defaults',
      { steps: [{ status: 503 }] },
      { response: { headers: { 'content-type': 'text/plain' }, body: 'fine' } },
    );
    expect(inbox.script).toEqual({
      steps: [{ status: 503, headers: { 'content-type': 'text/plain' }, body: 'fine', delayMs: 0 }],
      then: 'last',
    });
    const result = await send(inbox.url);
    expect([result.status, result.text, result.headers['content-type']]).toEqual([503, 'fine', 'text/plain']);
  });

  it('gives each of many concurrent requests its own step', async () => {
    const steps = Array.from({ length: 20 }, (_, index) => ({ status: 200 + index }));
    const inbox = await scriptedInbox('script-concurrent', { steps, then: 'last' });
    const results = await Promise.all(steps.map(() => send(inbox.url)));
    const byStep = results.map((result) => [result.capture.scriptStep, result.status]).sort((a, b) => a[0]! - b[0]!);
    expect(byStep).toEqual(steps.map((step, index) => [index + 1, step.status]));
  });

  it('starts over when the script changes or is reset, and answers plainly once removed', async () => {
    const inbox = await scriptedInbox('script-patch', { steps: [{ status: 500 }, { status: 201 }], then: 'last' });
    expect((await sendMany(inbox.url, 2)).map((result) => result.status)).toEqual([500, 201]);

    // Renaming keeps the script's place.
    expect((await core.api('PATCH', `/api/inboxes/${inbox.id}`, { name: 'renamed' })).status).toBe(200);
    expect((await send(inbox.url)).capture.scriptStep).toBe(2);

    const patched = await core.api('PATCH', `/api/inboxes/${inbox.id}`, { script: { steps: [{ status: 502 }, { status: 202 }] } });
    expect(patched.status).toBe(200);
    expect((await sendMany(inbox.url, 2)).map((result) => [result.status, result.capture.scriptStep])).toEqual([
      [502, 1],
      [202, 2],
    ]);

    const reset = await core.api('POST', `/api/inboxes/${inbox.id}/script/reset`);
    expect(reset.status).toBe(200);
    expect((await send(inbox.url)).capture.scriptStep).toBe(1);

    const removed = await core.api('PATCH', `/api/inboxes/${inbox.id}`, { script: null });
    expect(removed.status).toBe(200);
    expect(removed.body.script).toBeUndefined();
    const plain = await send(inbox.url);
    expect(plain.status).toBe(200);
    expect(plain.capture.responseStatus).toBe(200);
    expect(plain.capture.scriptStep).toBeUndefined();

    const noScript = await core.api('POST', `/api/inboxes/${inbox.id}/script/reset`);
    expect(noScript.status).toBe(409);
    expect(noScript.body.error.code).toBe('no_script');
  });

  it('names the field of an invalid script', async () => {
    const badStatus = await core.api('POST', '/api/inboxes', { script: { steps: [{ status: 500 }, { status: 99 }] } });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.field).toBe('script.steps.1.status');

    const longDelay = await core.api('POST', '/api/inboxes', { script: { steps: [{ delayMs: 30_001 }] } });
    expect(longDelay.body.error.field).toBe('script.steps.0.delayMs');

    const empty = await core.api('POST', '/api/inboxes', { script: { steps: [] } });
    expect(empty.body.error.field).toBe('script.steps');

    const { body: inboxes } = await core.api('GET', '/api/inboxes');
    const id = inboxes.items[0].id;
    const badThen = await core.api('PATCH', `/api/inboxes/${id}`, { script: { steps: [{}], then: 'loop' } });
    expect(badThen.status).toBe(400);
    expect(badThen.body.error.field).toBe('script.then');
  });

  it('keeps the script across a restart but starts it over at step 1', async () => {
    const dataDir = await tempDir();
    try {
      const first = await startTestCore({ dataDir });
      const { body: inbox } = await first.api('POST', '/api/inboxes', {
        slug: 'kept',
        script: { steps: [{ status: 500 }, { status: 201 }] },
      });
      expect((await send(inbox.url, first)).capture.scriptStep).toBe(1);
      expect((await send(inbox.url, first)).capture.scriptStep).toBe(2);
      await first.dispose();

      const second = await startTestCore({ dataDir });
      try {
        const { body: again } = await second.api('GET', `/api/inboxes/${inbox.id}`);
        expect(again.script.steps.map((step: { status: number }) => step.status)).toEqual([500, 201]);
        const result = await send(again.url, second);
        expect([result.status, result.capture.scriptStep]).toEqual([500, 1]);
      } finally {
        await second.dispose();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps a stall longer than the ingress request timeout', async () => {
    const strict = await startTestCore({ limits: { requestTimeoutMs: 500, headersTimeoutMs: 500 } });
    try {
      const { body: inbox } = await strict.api('POST', '/api/inboxes', { slug: 'stall', script: { steps: [{ delayMs: 1500 }] } });
      const result = await send(inbox.url, strict);
      expect(result.status).toBe(200);
      expect(result.capture.scriptStep).toBe(1);
    } finally {
      await strict.dispose();
    }
  });

  it('is retried through by a hook whose attempt log matches the script', async () => {
    const inbox = await scriptedInbox('script-hook', {
      steps: [{ status: 500 }, { status: 429, headers: { 'retry-after': '2' } }, { delayMs: 3000 }, { status: 200 }],
      then: 'last',
    });
    const { body: hook } = await core.api('POST', '/api/hooks', { url: inbox.url, retry: { schedule: [0, 0, 0] }, timeoutMs: 1000 });
    const { body: fired } = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping', hookIds: [hook.id] });
    const delivery = await settled(stream, fired.deliveries[0].id);

    expect(delivery.status).toBe('succeeded');
    const outcomes = delivery.attempts.map((attempt: { response?: { status: number }; error?: { kind: string } }) =>
      attempt.response ? attempt.response.status : attempt.error?.kind,
    );
    expect(outcomes).toEqual([500, 429, 'timeout', 200]);
    // Retry-After: 2 outweighs the hook's own schedule of no wait (times are the dispatcher's clock).
    const [, afterLimit, afterStall] = delivery.attempts.map((attempt: { startedAt: string }) => Date.parse(attempt.startedAt));
    expect(afterStall - afterLimit).toBeGreaterThanOrEqual(2000);

    const { body: list } = await core.api('GET', `/api/inboxes/${inbox.id}/requests`);
    const recorded = list.items
      .reverse()
      .map((item: { responseStatus: number; scriptStep: number }) => [item.responseStatus, item.scriptStep]);
    expect(recorded).toEqual([
      [500, 1],
      [429, 2],
      [200, 3],
      [200, 4],
    ]);
  });
});
