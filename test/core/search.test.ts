import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteSearch } from '../../electron/core/store/search.js';
import type { RecordCodec } from '../../electron/core/store/segment-file.js';
import { searchSegments } from '../../electron/core/store/segment-search.js';

function offsets(needle: string | string[], haystack: string): number[] {
  const found: number[] = [];
  new ByteSearch(typeof needle === 'string' ? [needle] : needle).scan(Buffer.from(haystack, 'utf8'), (offset) => {
    found.push(offset);
    return offset + 1;
  });
  return found;
}

describe('ByteSearch', () => {
  it('finds every match, ASCII letters in any case, other bytes exactly', () => {
    expect(offsets('needle', 'NEEDLE needle NeEdLe')).toEqual([0, 7, 14]);
    expect(offsets('aa', 'aaaa')).toEqual([0, 1, 2]);
    expect(offsets('x', 'x')).toEqual([0]);
    expect(offsets('longer than', 'short')).toEqual([]);
    expect(offsets('GRüSSE', 'grüsse')).toEqual([0]);
    expect(offsets('ü', 'Ü')).toEqual([]);
    expect(offsets('[k]*.', 'a[K]*.b')).toEqual([1]);
    expect(offsets('', 'anything')).toEqual([]);
  });

  it('finds the matches of any of its alternatives, in order, each offset once', () => {
    expect(offsets(['café', 'cafÃ©'], 'café cafÃ© CAFÃ© cafe')).toEqual([0, 6, 14]); // byte offsets;
    expect(offsets(['ab', 'b'], 'abab')).toEqual([0, 1, 2, 3]);
    expect(offsets(['ab', 'abab'], 'abab')).toEqual([0, 2]);
    expect(offsets(['x', 'y'], 'none here')).toEqual([]);
  });

  it('agrees with a plain lowercase search on random text, with alternatives too', () => {
    const alphabet = 'abAB-1 ';
    const pick = (length: number) => Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
    for (let round = 0; round < 200; round += 1) {
      const haystack = pick(200).toLowerCase();
      const needles = [pick(1 + (round % 3)), pick(1 + (round % 4))].map((needle) => needle.toLowerCase());
      const expected = new Set<number>();
      for (const needle of needles) {
        for (let index = haystack.indexOf(needle); index !== -1; index = haystack.indexOf(needle, index + 1)) expected.add(index);
      }
      expect(offsets(needles, haystack), `${needles.join(' | ')} in ${haystack}`).toEqual([...expected].sort((a, b) => a - b));
    }
  });

  it('agrees with a plain lowercase search on random text', () => {
    const alphabet = 'abAB-1 ';
    for (let round = 0; round < 200; round += 1) {
      const haystack = Array.from({ length: 200 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
      const needle = Array.from({ length: 1 + (round % 4) }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
      const expected: number[] = [];
      for (
        let index = haystack.toLowerCase().indexOf(needle.toLowerCase());
        index !== -1;
        index = haystack.toLowerCase().indexOf(needle.toLowerCase(), index + 1)
      ) {
        expected.push(index);
      }
      expect(offsets(needle, haystack), `${needle} in ${haystack}`).toEqual(expected);
    }
  });
});

describe('searchSegments', () => {
  const codec: RecordCodec<{ id: string; text: string }, { id: string }> = {
    accept: (value): value is { id: string; text: string } => typeof (value as { id?: unknown }).id === 'string',
    summarize: ({ id }) => ({ id }),
  };

  it('pages through matches newest first, each once, however the files are shared between threads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hookbench-search-'));
    const files: string[] = [];
    const matching: string[] = [];
    for (let file = 0; file < 12; file += 1) {
      const lines: string[] = [];
      for (let line = 0; line < 20; line += 1) {
        const id = `r${String(file * 100 + line).padStart(5, '0')}`;
        const hit = (file * 7 + line * 3) % 5 === 0;
        if (hit) matching.push(id);
        lines.push(JSON.stringify({ id, text: hit ? 'has the NEEDLE' : 'nothing here' }));
      }
      // A damaged line is skipped, as reads skip it.
      if (file === 4) lines.splice(3, 0, '{"id":"needle, cut short');
      const path = join(dir, `segment-${file}.jsonl`);
      await writeFile(path, `${lines.join('\n')}\n`);
      files.unshift(path);
    }
    // A file retention removed meanwhile is passed over.
    files.splice(5, 0, join(dir, 'gone.jsonl'));

    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const result = await searchSegments(files, codec, { search: new ByteSearch(['needle']), limit: 7, before });
      seen.push(...result.items.map((item) => item.id));
      if (!result.nextCursor) break;
      before = result.nextCursor;
    }
    expect(seen).toEqual(matching.reverse());
    await rm(dir, { recursive: true, force: true });
  });
});
