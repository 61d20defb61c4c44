import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { defaultInboxId, startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore;
let inboxId: string;

beforeAll(async () => {
  core = await startTestCore();
  inboxId = await defaultInboxId(core.api);
});
afterAll(() => core.dispose());

/** The newest capture id of the default inbox ('' when it has none). */
async function newestId(): Promise<string> {
  const { body } = await core.api('GET', `/api/inboxes/${inboxId}/requests?limit=1`);
  return body.items[0]?.id ?? '';
}

const post = (path: string, body: string) =>
  request(`${core.ingressUrl}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } }).then((r) =>
    r.body.dump(),
  );

describe('wait route', () => {
  it('ends at once with 404 when the inbox is deleted meanwhile, and refuses an "after" that is no capture id', async () => {
    const { body: inbox } = await core.api('POST', '/api/inboxes', { slug: 'wait-deleted' });
    const listeners = async () => (await core.api('GET', '/api/health')).body.runtime.busListeners as number;
    const before = await listeners();
    const waiting = core.api('GET', `/api/inboxes/${inbox.id}/requests/wait?timeoutMs=60000`);
    // Deleted once the wait listens (it then answers only on a capture, the deletion or the timeout).
    for (let round = 0; round < 200 && (await listeners()) === before; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await listeners()).toBe(before + 1);
    await core.api('DELETE', `/api/inboxes/${inbox.id}`);
    const { status, body } = await waiting;
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'inbox_not_found' });

    const mistyped = await core.api('GET', `/api/inboxes/${inboxId}/requests/wait?timeoutMs=60000&after=req_nope`);
    expect(mistyped.status).toBe(400);
    expect(mistyped.body.error).toMatchObject({ field: 'after' });
    expect(mistyped.body.error.message).toContain('req_nope');
    // Another kind of id, which sorts before every capture id, would have meant "all of them".
    const other = await core.api('GET', `/api/inboxes/${inboxId}/requests/wait?timeoutMs=60000&after=${inbox.id}`);
    expect(other.status).toBe(400);
  });

  it('answers as soon as the awaited request arrives, with the full capture', async () => {
    const waiting = core.api('GET', `/api/inboxes/${inboxId}/requests/wait?timeoutMs=30000&after=${await newestId()}`);
    await post('/in/default/arrived', '{"hello":"wait"}');
    const { status, body } = await waiting;
    expect(status).toBe(200);
    expect(body.timedOut).toBe(false);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ path: '/in/default/arrived', json: { hello: 'wait' } });
  });

  it('answers timedOut with what there is when too few arrive', async () => {
    const waiting = core.api('GET', `/api/inboxes/${inboxId}/requests/wait?count=3&timeoutMs=500&after=${await newestId()}`);
    await post('/in/default/only-one', '{}');
    const { body } = await waiting;
    expect(body.timedOut).toBe(true);
    expect(body.items.map((item: { path: string }) => item.path)).toEqual(['/in/default/only-one']);
  });

  it('counts captures after a given id, oldest first, including ones already stored', async () => {
    const { body: inbox } = await core.api('POST', '/api/inboxes', { slug: 'waiting' });
    await post('/in/waiting/a', '{}');
    const { body: page } = await core.api('GET', `/api/inboxes/${inbox.id}/requests`);
    const firstId = page.items[0].id;
    await post('/in/waiting/b', '{}');
    await post('/in/waiting/c', '{}');
    const { body } = await core.api('GET', `/api/inboxes/${inbox.id}/requests/wait?count=2&after=${firstId}&timeoutMs=5000`);
    expect(body.timedOut).toBe(false);
    expect(body.items.map((item: { path: string }) => item.path)).toEqual(['/in/waiting/b', '/in/waiting/c']);
  });

  it('404s for an unknown inbox', async () => {
    const { status } = await core.api('GET', '/api/inboxes/inb_nope/requests/wait?timeoutMs=10');
    expect(status).toBe(404);
  });
});

describe('event stream', () => {
  it('sends request.captured and inbox.changed as they happen', async () => {
    const response = await request(`${core.controlUrl}/api/stream`, { headers: { authorization: `Bearer ${core.token}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    const received: string[] = [];
    const done = (async () => {
      for await (const chunk of response.body) {
        received.push(chunk.toString());
        const text = received.join('');
        if (text.includes('event: request.captured') && text.includes('event: inbox.changed')) return text;
      }
      return received.join('');
    })();
    // The stream subscribes before it sends its headers, so nothing after this is missed.
    await core.api('POST', '/api/inboxes', { slug: 'streamed' });
    await post('/in/streamed/x', '{"streamed":true}');
    const text = await done;
    response.body.destroy();
    const captured = /event: request.captured\ndata: (.*)\n/.exec(text)![1]!;
    expect(JSON.parse(captured)).toMatchObject({ path: '/in/streamed/x', method: 'POST' });
    const changed = /event: inbox.changed\ndata: (.*)\n/.exec(text)![1]!;
    expect(JSON.parse(changed)).toMatchObject({ change: 'created', inbox: { slug: 'streamed' } });
  });
});
