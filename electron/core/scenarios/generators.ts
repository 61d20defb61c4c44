import { callId, realm } from '../providers/kazoo/ids.js';
import { clan, player } from '../providers/khan/samples.js';
import * as samples from '../providers/samples.js';
import { meeting, person } from '../providers/vyte/resources.js';

/**
 * What a scenario's `vars` may ask for: each is generated once per run, so every step that
 * names it sees the same value. The provider ones reuse the catalogs' own sample helpers, so
 * a scenario's shared objects look like the single-event samples.
 */
export const GENERATORS: Readonly<Record<string, () => unknown>> = {
  uuid: samples.uuid,
  objectId: () => samples.objectId(),
  hex32: samples.hex32,
  fullName: samples.fullName,
  firstName: samples.firstName,
  email: () => samples.email(),
  username: () => samples.username(),
  /** E.164 digits without the plus. */
  phoneNumber: samples.phoneNumber,
  title: () => samples.title(),
  extension: () => String(samples.int(100, 299)),
  now: () => new Date().toISOString(),
  unixSeconds: () => Math.floor(Date.now() / 1000),
  gregorianSeconds: () => samples.gregorianSeconds(),
  /** A Khan player who has no clan yet. */
  khanPlayer: () => player({ membershipCount: 0, ownershipCount: 0 }),
  khanClan: clan,
  kazooCallId: callId,
  kazooRealm: realm,
  vytePerson: person,
  /** A meeting created already confirmed: `{user, resource}`, the user being its creator. */
  vyteConfirmedMeeting: () => {
    const user = person();
    return { user, resource: meeting(user, { confirmed: true, cancelled: false }) };
  },
};

export const isGenerator = (name: string): boolean => Object.hasOwn(GENERATORS, name);

/** One value per variable, fresh for this run. */
export function generate(vars: Readonly<Record<string, string>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(vars).map(([name, generator]) => [name, GENERATORS[generator]!()]));
}
