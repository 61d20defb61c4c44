import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { defaultInboxId, startTestCore, tempDir, type TestCore } from '../helpers/core.js';

let cores: TestCore[] = [];
afterEach(async () => {
  await Promise.all(cores.map((core) => core.close()));
  cores = [];
});

async function start(dataDir: string, retention = {}, sync: 'always' | 'interval' | 'never' = 'interval') {
  const core = await startTestCore({ dataDir, retention, sync });
  cores.push(core);
  return core;
}

async function sendMany(core: TestCore, slug: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const response = await request(`${core.ingressUrl}/in/${slug}/${index}`, { method: 'POST', body: JSON.stringify({ index }) });
    await response.body.dump();
    ids.push(response.headers['x-hookbench-capture-id'] as string);
  }
  return ids;
}

async function allIds(core: TestCore, inboxId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const { body }: { body: { items: { id: string }[]; nextCursor: string | null } } = await core.api(
      'GET',
      `/api/inboxes/${inboxId}/requests?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
    );
    ids.push(...body.items.map((item: { id: string }) => item.id));
    cursor = body.nextCursor;
  } while (cursor);
  return ids;
}

describe('persistence', () => {
  it('keeps inboxes, settings and every capture across a restart, across many segments', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir, { segmentCaptures: 10 });
    await first.api('POST', '/api/inboxes', { slug: 'kept', response: { status: 201 } });
    const sent = await sendMany(first, 'kept', 35);
    await first.close();
    cores = [];

    const second = await start(dataDir, { segmentCaptures: 10 });
    const { body: inboxes } = await second.api('GET', '/api/inboxes');
    const kept = inboxes.items.find((inbox: { slug: string }) => inbox.slug === 'kept');
    expect(kept).toMatchObject({ response: { status: 201 }, requestCount: 35 });
    expect(await allIds(second, kept.id)).toEqual([...sent].reverse());
    const oldest = await second.api('GET', `/api/requests/${sent[0]}`);
    expect(oldest.body).toMatchObject({ path: '/in/kept/0', json: { index: 0 } });
    const segments = (await readdir(join(dataDir, 'captures', kept.id))).filter((name) => name.endsWith('.jsonl'));
    expect(segments).toHaveLength(4);

    // New captures after a restart sort after the old ones.
    const [newest] = await sendMany(second, 'kept', 1);
    expect(newest! > sent.at(-1)!).toBe(true);
    expect((await allIds(second, kept.id))[0]).toBe(newest);
  });

  it('keeps every capture in each sync mode', async () => {
    for (const mode of ['always', 'never'] as const) {
      const dataDir = await tempDir();
      const first = await start(dataDir, { segmentCaptures: 4 }, mode);
      const sent = await sendMany(first, 'default', 10);
      await first.close();
      cores = [];
      const second = await start(dataDir, { segmentCaptures: 4 }, mode);
      expect(await allIds(second, await defaultInboxId(second.api)), mode).toEqual([...sent].reverse());
      await second.close();
      cores = [];
    }
  });

  it('does not recreate the default inbox once the user deleted it', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir);
    await first.api('DELETE', `/api/inboxes/${await defaultInboxId(first.api)}`);
    await first.close();
    cores = [];
    const second = await start(dataDir);
    const { body } = await second.api('GET', '/api/inboxes');
    expect(body.items).toHaveLength(0);
  });

  it('evicts the oldest captures past the count cap, and never refuses new ones', async () => {
    const dataDir = await tempDir();
    const core = await start(dataDir, { segmentCaptures: 5, maxCapturesPerInbox: 12 });
    const inboxId = await defaultInboxId(core.api);
    const sent = await sendMany(core, 'default', 30);
    const kept = await allIds(core, inboxId);
    expect(kept.length).toBeLessThanOrEqual(12);
    expect(kept.length).toBeGreaterThanOrEqual(12 - 5);
    expect(kept).toEqual([...sent].reverse().slice(0, kept.length));
    expect((await core.api('GET', `/api/requests/${sent[0]}`)).status).toBe(404);
  });

  it('evicts by bytes, large bodies included', async () => {
    const dataDir = await tempDir();
    const core = await start(dataDir, { segmentCaptures: 2, maxBytesPerInbox: 1024 * 1024 });
    const inboxId = await defaultInboxId(core.api);
    for (let index = 0; index < 8; index += 1) {
      await request(`${core.ingressUrl}/in/default`, { method: 'POST', body: Buffer.alloc(300 * 1024, index) }).then((r) => r.body.dump());
    }
    const kept = await allIds(core, inboxId);
    expect(kept.length).toBeLessThan(8);
    const blobs = await readdir(join(dataDir, 'captures', inboxId, 'blobs'));
    expect(blobs.filter((name) => name.startsWith('req_')).sort()).toEqual([...kept].sort());
  });
});
