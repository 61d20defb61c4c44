import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/**
 * Realistic sample values for event payloads: ids in each provider's format, plausible
 * people, teams and times. Every call is fresh, so two samples of one type differ.
 */

// prettier-ignore
const FIRST_NAMES = [
  'Ada', 'Alan', 'Amara', 'Bruno', 'Chen', 'Dana', 'Diego', 'Elena', 'Farah', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Lars',
  'Lucia', 'Malik', 'Mei', 'Nadia', 'Omar', 'Priya', 'Rafael', 'Sofia', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Yara', 'Zoe',
];
// prettier-ignore
const LAST_NAMES = [
  'Almeida', 'Berg', 'Chowdhury', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Lopez',
  'Murphy', 'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Silva', 'Tanaka', 'Urban', 'Varga', 'Weber', 'Yilmaz', 'Zhang',
];
// prettier-ignore
const WORDS = [
  'amber', 'brisk', 'cobalt', 'delta', 'ember', 'falcon', 'granite', 'harbor', 'indigo', 'jade', 'kestrel', 'lumen', 'maple',
  'nova', 'onyx', 'pioneer', 'quartz', 'raven', 'summit', 'tidal', 'umbra', 'vertex', 'willow', 'zephyr',
];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'corp.example'];

export function pick<T>(items: readonly T[]): T {
  return items[randomInt(items.length)]!;
}

/** An integer in [min, max]. */
export function int(min: number, max: number): number {
  return randomInt(min, max + 1);
}

export function chance(probability: number): boolean {
  return Math.random() < probability;
}

export const uuid = (): string => randomUUID();

/** A MongoDB ObjectId: 24 hex digits, the first 8 a Unix time in seconds. */
export function objectId(at = Date.now()): string {
  return (
    Math.floor(at / 1000)
      .toString(16)
      .padStart(8, '0') + randomBytes(8).toString('hex')
  );
}

/** Kazoo's ids: 32 hex digits. */
export const hex32 = (): string => randomBytes(16).toString('hex');

export const firstName = (): string => pick(FIRST_NAMES);
export const lastName = (): string => pick(LAST_NAMES);
export const fullName = (): string => `${firstName()} ${lastName()}`;

export function username(name = fullName()): string {
  return `${name.toLowerCase().replace(/[^a-z]+/g, '')}${int(1, 999)}`;
}

export function email(name = fullName()): string {
  return `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${pick(DOMAINS)}`;
}

/** A North American number in the fictional 555-01xx range, E.164 without the plus (Kazoo's habit). */
export function phoneNumber(): string {
  return `1${int(200, 999)}55501${String(int(0, 99)).padStart(2, '0')}`;
}

export function words(count: number): string {
  return Array.from({ length: count }, () => pick(WORDS)).join(' ');
}

export function title(count = 2): string {
  return words(count).replace(/\b\w/g, (letter) => letter.toUpperCase());
}

/** A time within the last `maxAgeMs`, or within the next `maxAgeMs` when negative. */
export function recent(maxAgeMs = 3_600_000): Date {
  return new Date(Date.now() - Math.sign(maxAgeMs) * int(0, Math.abs(maxAgeMs)));
}

/** RFC 3339 with a numeric offset, as Go's time.Format(time.RFC3339) writes a local time. */
export function rfc3339(date: Date, offsetMinutes = pick([0, 60, -300, 330, 540])): string {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${shifted.toISOString().slice(0, 19)}${sign}${hours}:${minutes}`;
}

/** Seconds since 0000-01-01 (Erlang's Gregorian seconds), Kazoo's timestamps. */
export const GREGORIAN_OFFSET_SECONDS = 62_167_219_200;
export function gregorianSeconds(date = new Date()): number {
  return Math.floor(date.getTime() / 1000) + GREGORIAN_OFFSET_SECONDS;
}
