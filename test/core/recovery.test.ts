import { readdir, readFile, rm, truncate, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { defaultInboxId, startTestCore, tempDir, type TestCore } from '../helpers/core.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const retention = { segmentCaptures: 5 };

/** A data folder holding two full segments and an open one (12 captures), closed cleanly. */
async function seededDataDir(): Promise<{ dataDir: string; inboxId: string; sent: string[] }> {
  const dataDir = await tempDir();
  dirs.push(dataDir);
  const core = await startTestCore({ dataDir, retention });
  const inboxId = await defaultInboxId(core.api);
  await core.api('POST', '/api/inboxes', { slug: 'second' });
  const sent: string[] = [];
  for (let index = 0; index < 12; index += 1) {
    const response = await request(`${core.ingressUrl}/in/default/${index}`, { method: 'POST', body: `{"index":${index}}` });
    await response.body.dump();
    sent.push(response.headers['x-hookbench-capture-id'] as string);
  }
  await core.close();
  return { dataDir, inboxId, sent };
}

async function segments(dataDir: string, inboxId: string): Promise<string[]> {
  return (await readdir(join(dataDir, 'captures', inboxId))).filter((name) => name.endsWith('.jsonl')).sort();
}

async function restart(dataDir: string): Promise<TestCore> {
  return startTestCore({ dataDir, retention });
}

async function listedIds(core: TestCore, inboxId: string): Promise<string[]> {
  const { body } = await core.api('GET', `/api/inboxes/${inboxId}/requests?limit=100`);
  return body.items.map((item: { id: string }) => item.id);
}

const damages: Record<string, (file: string) => Promise<void>> = {
  'cut mid-line': async (file) => truncate(file, (await readFile(file)).length - 5),
  empty: (file) => writeFile(file, ''),
  'NUL bytes': (file) => writeFile(file, Buffer.alloc(300)),
  'NUL tail': (file) => appendFile(file, Buffer.alloc(4096)),
  'wrong shape': (file) => writeFile(file, '{"version":1,"inboxes":"not a list"}\n{"id":5}\n[]\n'),
};

describe('damaged state.json', () => {
  for (const [name, damage] of Object.entries(damages)) {
    it(`${name}: starts, restores the backup copy and says so`, async () => {
      const { dataDir } = await seededDataDir();
      await damage(join(dataDir, 'state.json'));
      const core = await restart(dataDir);
      try {
        const { body: health } = await core.api('GET', '/api/health');
        const { body: inboxes } = await core.api('GET', '/api/inboxes');
        expect(inboxes.items.map((inbox: { slug: string }) => inbox.slug).sort()).toEqual(['default', 'second']);
        expect(health.storage.notices.map((notice: { file: string }) => notice.file)).toContain('state.json');
        expect((await readdir(dataDir)).some((file) => file.startsWith('state.json.corrupt-'))).toBe(true);
      } finally {
        await core.close();
      }
    });
  }

  it('with its backup damaged too: starts on defaults', async () => {
    const { dataDir } = await seededDataDir();
    await writeFile(join(dataDir, 'state.json'), 'garbage');
    await writeFile(join(dataDir, 'state.json.bak'), Buffer.alloc(64));
    const core = await restart(dataDir);
    try {
      const { body: health } = await core.api('GET', '/api/health');
      expect(health.storage.notices).toHaveLength(2);
      const ingress = await request(`${core.ingressUrl}/in/default`, { method: 'POST', body: 'still works' });
      expect(ingress.statusCode).toBe(200);
      await ingress.body.dump();
    } finally {
      await core.close();
    }
  });
});

describe('damaged capture segments', () => {
  for (const [name, damage] of Object.entries(damages)) {
    for (const which of ['open', 'full'] as const) {
      it(`${name} ${which} segment: starts, keeps what survives, says so`, async () => {
        const { dataDir, inboxId, sent } = await seededDataDir();
        const files = await segments(dataDir, inboxId);
        expect(files).toHaveLength(3);
        const target = which === 'open' ? files[2]! : files[0]!;
        await damage(join(dataDir, 'captures', inboxId, target));
        const core = await restart(dataDir);
        try {
          const listed = await listedIds(core, inboxId);
          const { body: health } = await core.api('GET', '/api/health');
          // Untouched segments are all there.
          const untouched = which === 'open' ? sent.slice(0, 10) : sent.slice(5);
          for (const id of untouched) expect(listed).toContain(id);
          if (name !== 'empty') expect(health.storage.notices.length).toBeGreaterThan(0);
          // Every listed capture can be read in full, and new captures still land.
          for (const id of listed) expect((await core.api('GET', `/api/requests/${id}`)).status).toBe(200);
          const response = await request(`${core.ingressUrl}/in/default/after`, { method: 'POST', body: '{}' });
          expect(response.statusCode).toBe(200);
          await response.body.dump();
          expect((await listedIds(core, inboxId))[0]).toBe(response.headers['x-hookbench-capture-id']);
        } finally {
          await core.close();
        }
      });
    }
  }

  it('a damaged segment index is rebuilt from the segment files', async () => {
    const { dataDir, inboxId, sent } = await seededDataDir();
    const manifest = join(dataDir, 'captures', inboxId, 'segments.json');
    await writeFile(manifest, '{"version":1,"segments":[{"name":5}]}');
    await writeFile(`${manifest}.bak`, '');
    const core = await restart(dataDir);
    try {
      expect(await listedIds(core, inboxId)).toEqual([...sent].reverse());
      expect((await core.api('GET', `/api/inboxes/${inboxId}`)).body.requestCount).toBe(12);
    } finally {
      await core.close();
    }
  });

  it('a stale lock from a killed process does not block the next start', async () => {
    const { dataDir } = await seededDataDir();
    await writeFile(join(dataDir, 'hookbench.lock'), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    const core = await restart(dataDir);
    await core.close();
  });
});
