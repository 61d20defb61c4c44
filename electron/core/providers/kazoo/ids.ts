import { createHash, randomBytes } from 'node:crypto';
import { hex32, int, pick, uuid } from '../samples.js';

/** Kazoo's document ids (accounts, webhooks, devices...): 32 lowercase hex digits. */
export const KAZOO_ID = '^[0-9a-f]{32}$';
export const isKazooId = (value: string): boolean => new RegExp(KAZOO_ID).test(value);

/** 32 hex digits derived from a text, for ids that must stay the same across calls. */
export function stableHex32(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/**
 * A SIP Call-ID as Kazoo reports it: its own legs carry a base64 of random hex (no padding),
 * phones send `<random>@<their IP>`, FreeSWITCH-originated legs a UUID.
 */
export function callId(): string {
  const kind = int(0, 2);
  if (kind === 0) return Buffer.from(hex32()).toString('base64').replace(/=+$/, '');
  if (kind === 1) return `${randomBytes(int(8, 12)).toString('hex')}@${privateIp()}`;
  return uuid();
}

export function privateIp(): string {
  return pick([`10.${int(0, 255)}.${int(0, 255)}.${int(2, 254)}`, `192.168.${int(0, 20)}.${int(2, 254)}`]);
}

/** An account's SIP realm, like `kx3b9q.sip.example.net`. */
export function realm(): string {
  return `${randomBytes(3).toString('hex')}.sip.${pick(['example.net', 'example.com', 'voip.example.org'])}`;
}
