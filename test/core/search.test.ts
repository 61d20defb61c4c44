import { describe, expect, it } from 'vitest';
import { ByteSearch } from '../../electron/core/store/search.js';

function offsets(needle: string, haystack: string): number[] {
  const found: number[] = [];
  new ByteSearch(needle).scan(Buffer.from(haystack, 'utf8'), (offset) => {
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
