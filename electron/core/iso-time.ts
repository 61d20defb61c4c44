/**
 * `new Date(ms).toISOString()` without its cost (about a microsecond, paid twice per delivery
 * attempt): the formatted second is kept, so most calls only append the milliseconds.
 */
let cachedSecond = NaN;
let cachedPrefix = '';

export function isoTime(ms: number): string {
  const whole = Math.trunc(ms);
  const second = Math.floor(whole / 1000);
  if (second !== cachedSecond) {
    const iso = new Date(second * 1000).toISOString();
    // Years outside 0000-9999 are written another way: leave those to Date.
    if (iso.length !== 24) return new Date(whole).toISOString();
    cachedSecond = second;
    cachedPrefix = iso.slice(0, 20);
  }
  const milli = whole - second * 1000;
  return `${cachedPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
