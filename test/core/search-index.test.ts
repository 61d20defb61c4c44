import { copyFile, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { GramFilter, gramsOf } from '../../electron/core/store/gram-filter.js';
import { startTestCore, tempDir, type TestCore } from '../helpers/core.js';

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('GramFilter', () => {
  it('never rules out a segment that holds the needle, in any letter case, after a round trip to disk too', () => {
    const alphabet = 'abcXYZ-_":{}0129 ';
    const random = seeded(20261123);
    for (let round = 0; round < 30; round += 1) {
      const text = Array.from({ length: 3000 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const built = GramFilter.of(Buffer.from(text));
      const read = GramFilter.fromBuffer(built.toBuffer())!;
      for (let start = 0; start < text.length - 8; start += 7) {
        const needle = text.slice(start, start + 3 + (start % 6));
        for (const variant of [needle, needle.toUpperCase(), needle.toLowerCase()]) {
          const grams = gramsOf(Buffer.from(variant));
          expect(built.mayContain(grams), variant).toBe(true);
          expect(read.mayContain(grams), variant).toBe(true);
        }
      }
    }
  });

  it('rules out most segments that lack the needle, and reads back only what it wrote', () => {
    const text = Array.from({ length: 2000 }, (_, index) => `{"id":"cap_${index}","path":"/in/orders/${index * 7}"}`).join('\n');
    const filter = GramFilter.of(Buffer.from(text));
    expect(filter.mayContain(gramsOf(Buffer.from('needle-1')))).toBe(false);
    expect(filter.mayContain(gramsOf(Buffer.from('ORDERS/70')))).toBe(true);
    const stored = filter.toBuffer();
    expect(GramFilter.fromBuffer(stored)?.segmentBytes).toBe(Buffer.byteLength(text));
    expect(GramFilter.fromBuffer(stored.subarray(0, stored.length - 1))).toBeUndefined();
    expect(GramFilter.fromBuffer(Buffer.from('not a filter at all'))).toBeUndefined();
    // Bits zeroed by a power cut (sync "never"): the checksum no longer matches.
    const zeroed = Buffer.from(stored);
    zeroed.fill(0, zeroed.length - 64);
    expect(GramFilter.fromBuffer(zeroed)).toBeUndefined();
  });
});

describe('searching an inbox with a trigram index', () => {
  let cores: TestCore[] = [];
  afterEach(async () => {
    await Promise.all(cores.map((core) => core.close()));
    cores = [];
  });

  async function start(dataDir: string): Promise<TestCore> {
    const core = await startTestCore({ dataDir, retention: { segmentCaptures: 20 } });
    cores.push(core);
    return core;
  }

  /** 100 captures, 20 a segment; a few carry a needle in the body, a header or the path. */
  async function fill(core: TestCore, slug: string): Promise<void> {
    for (let index = 0; index < 100; index += 1) {
      const headers: Record<string, string> = index === 45 ? { 'x-trace': 'Needle-Header' } : {};
      const path = index === 61 ? `/in/${slug}/needle-path` : `/in/${slug}/${index}`;
      const body = JSON.stringify({ index, word: index === 3 || index === 88 ? 'NEEDLE-body' : 'h;y' });
      await request(`${core.ingressUrl}${path}`, { method: 'POST', headers, body }).then((response) => response.body.dump());
    }
  }

  async function filterFiles(dir: string): Promise<string[]> {
    return (await readdir(dir)).filter((name) => name.endsWith('.grams')).sort();
  }

  /**
   * Waits (bounded polling: indexing has no event to await) until the filter files are exactly
   * those of the segments, each one valid and built from its segment as it is now.
   */
  async function indexed(dir: string): Promise<void> {
    for (let round = 0; round < 300; round += 1) {
      const segments = (await readdir(dir)).filter((name) => name.endsWith('.jsonl')).sort();
      const filters = await filterFiles(dir);
      if (JSON.stringify(filters) === JSON.stringify(segments.map((name) => `${name}.grams`))) {
        const current = await Promise.all(
          segments.map(async (name) => {
            const filter = GramFilter.fromBuffer(await readFile(join(dir, `${name}.grams`)).catch(() => Buffer.alloc(0)));
            return filter?.segmentBytes === (await stat(join(dir, name))).size;
          }),
        );
        if (current.every(Boolean)) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the segments of ${dir} were not indexed within 15 s`);
  }

  async function search(core: TestCore, inboxId: string, q: string, limit = 50): Promise<number[]> {
    const found: number[] = [];
    let cursor: string | null = null;
    do {
      const { body }: { body: { items: { id: string }[]; nextCursor: string | null } } = await core.api(
        'GET',
        `/api/inboxes/${inboxId}/requests?limit=${limit}&q=${encodeURIComponent(q)}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const item of body.items) {
        const { body: capture } = await core.api('GET', `/api/requests/${item.id}`);
        found.push(capture.json?.index ?? Number(capture.path.split('/').pop()));
      }
      cursor = body.nextCursor;
    } while (cursor);
    return found;
  }

  it('finds every capture that holds the needle, and keeps its filters across restarts, damage and stale files', async () => {
    const dataDir = await tempDir();
    try {
      let core = await start(dataDir);
      const { body: inbox } = await core.api('POST', '/api/inboxes', { slug: 'indexed' });
      await fill(core, 'indexed');
      const dir = join(dataDir, 'captures', inbox.id);
      // Five full segments: the last one filled too, so every capture is behind a filter.
      await indexed(dir);
      expect(await filterFiles(dir)).toHaveLength(5);

      expect(await search(core, inbox.id, 'needle-body')).toEqual([88, 3]);
      expect(await search(core, inbox.id, 'needle-body', 1)).toEqual([88, 3]);
      expect(await search(core, inbox.id, 'NEEDLE-HEADER')).toEqual([45]);
      expect(await search(core, inbox.id, 'needle-path')).toHaveLength(1);
      expect(await search(core, inbox.id, 'needle')).toHaveLength(4);
      expect(await search(core, inbox.id, 'not in any capture')).toEqual([]);
      // Under three bytes there is no trigram to look up: every segment is read.
      expect((await search(core, inbox.id, ';y')).length).toBe(98);

      // A damaged filter is rebuilt at the next start, and the search still finds everything; so
      // is one of another version of its segment (here: another segment's, which lacks the needle).
      const files = await filterFiles(dir);
      await copyFile(join(dir, files[1]!), join(dir, files[0]!));
      await writeFile(join(dir, files[2]!), 'damaged');
      await rm(join(dir, files[3]!));
      await writeFile(join(dir, 'orphan.jsonl.grams'), 'of a segment that is gone');
      await core.close();
      cores = [];
      core = await start(dataDir);
      expect(await search(core, inbox.id, 'needle-body')).toEqual([88, 3]);
      expect(await search(core, inbox.id, 'NEEDLE-HEADER')).toEqual([45]);
      await indexed(dir);
      expect(await search(core, inbox.id, 'needle-body')).toEqual([88, 3]);
      expect(await search(core, inbox.id, 'NEEDLE-HEADER')).toEqual([45]);

      // Clearing the inbox removes its filters with its segments.
      await core.api('DELETE', `/api/inboxes/${inbox.id}/requests`);
      expect(await filterFiles(dir)).toEqual([]);
      expect(await search(core, inbox.id, 'needle')).toEqual([]);
    } finally {
      await Promise.all(cores.map((core) => core.close()));
      cores = [];
      await rm(dataDir, { recursive: true, force: true });
    }
  });
  it('indexes full segments while a steady trickle of captures keeps coming', async () => {
    const dataDir = await tempDir();
    try {
      const core = await start(dataDir);
      const { body: inbox } = await core.api('POST', '/api/inboxes', { slug: 'trickle' });
      const send = (index: number) =>
        request(`${core.ingressUrl}/in/trickle/${index}`, { method: 'POST', body: JSON.stringify({ index }) }).then((response) =>
          response.body.dump(),
        );
      for (let index = 0; index < 60; index += 1) await send(index);
      const dir = join(dataDir, 'captures', inbox.id);
      // Ten captures a second, never a quiet half second, for at most 5 s (indexing defers to a burst for up to 10 s).
      let trickling = true;
      const trickle = (async () => {
        for (let index = 60; trickling && index < 110; index += 1) {
          await send(index);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      try {
        for (let round = 0; round < 100 && (await filterFiles(dir)).length < 3; round += 1) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        trickling = false;
        await trickle;
      }
      expect((await filterFiles(dir)).length).toBeGreaterThanOrEqual(3);
    } finally {
      await Promise.all(cores.map((core) => core.close()));
      cores = [];
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
