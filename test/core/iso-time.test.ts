import { describe, expect, it } from 'vitest';
import { isoTime } from '../../electron/core/iso-time.js';

describe('isoTime', () => {
  it('writes what Date#toISOString writes, across seconds, before 1970 and past year 9999', () => {
    const times = [
      0, -1, 999, 1000, 1001, 1_795_378_895_123, 1_795_378_895_123.7, -62_167_219_200_000, 253_402_300_799_999, 253_402_300_800_000,
    ];
    for (let index = 0; index < 2000; index += 1) times.push(Math.floor(Math.random() * 4e12) - 1e12, 1_795_378_895_000 + index * 7);
    for (const ms of times) expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
  });
});
