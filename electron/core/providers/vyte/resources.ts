import { chance, email, firstName, fullName, int, objectId, phoneNumber, pick, recent, title, words } from '../samples.js';

/** Sample meetings and users shaped like the objects in Vyte's webhook documentation. */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const ZONES = [
  { timezone: 'Europe/Paris', lang: 'fr' },
  { timezone: 'Europe/London', lang: 'en' },
  { timezone: 'Europe/Madrid', lang: 'es' },
  { timezone: 'Europe/Berlin', lang: 'de' },
  { timezone: 'America/New_York', lang: 'en' },
  { timezone: 'Asia/Tokyo', lang: 'en' },
] as const;

const PLACES = [
  { name: 'Office', address: '12 rue de Rivoli, 75004 Paris, France' },
  { name: 'Meeting room 3', address: '221 Market Street, San Francisco, CA 94105, USA' },
  { name: 'Café Lumen', address: '8 Calle de Alcalá, 28014 Madrid, Spain' },
  { name: 'Coworking Harbor', address: '40 Torstraße, 10119 Berlin, Germany' },
  { name: 'Video call' },
  { name: 'Phone call' },
] as const;

const MESSAGES = [
  'I am booking an appointment about this.',
  'Any of these slots works for me.',
  'Can we make it a bit later?',
  'Looking forward to it!',
  'I will bring the latest figures.',
];

export interface MeetingOptions {
  confirmed: boolean;
  cancelled: boolean;
}

/** Who acts: the creator of a meeting, or the user joining an organization. */
export interface Person {
  _id: string;
  full_name: string;
  email: string;
}

export function person(): Person {
  const name = fullName();
  return { _id: objectId(recent(90 * DAY).getTime()), full_name: name, email: email(name) };
}

function meetingTitle(): string {
  return pick([
    () => `Appointment about ${words(1)}`,
    () => `Call with ${firstName()}`,
    () => `${title(2)} kickoff`,
    () => `Lunch with ${firstName()} and ${firstName()}`,
    () => `${title(1)} weekly review`,
  ])();
}

/** A slot in the coming two weeks, in office hours on a quarter hour; sometimes a whole day. */
function meetingDate(): { _id: string; all_day: boolean; date: string; end_date: string } {
  const day = Math.floor(Date.now() / DAY) * DAY + int(1, 14) * DAY;
  if (chance(0.1)) {
    return { _id: objectId(), all_day: true, date: new Date(day).toISOString(), end_date: new Date(day + DAY).toISOString() };
  }
  const start = new Date(day + int(7, 16) * 60 * MINUTE + pick([0, 15, 30, 45]) * MINUTE);
  const end = new Date(start.getTime() + pick([30, 45, 60, 90]) * MINUTE);
  return { _id: objectId(), all_day: false, date: start.toISOString(), end_date: end.toISOString() };
}

function invitee(): Record<string, string> {
  const name = fullName();
  return { _id: objectId(), full_name: name, email: email(name), ...(chance(0.5) ? { phone: phoneNumber() } : {}) };
}

/** A meeting; a confirmed one keeps its one final date and place. */
export function meeting(creator: Person, options: MeetingOptions): Record<string, unknown> {
  const created = recent(7 * DAY);
  const { timezone, lang } = pick(ZONES);
  const dates = Array.from({ length: options.confirmed ? 1 : int(2, 4) }, meetingDate).sort((a, b) => a.date.localeCompare(b.date));
  const places = Array.from({ length: options.confirmed ? 1 : int(1, 2) }, () => ({ _id: objectId(), ...pick(PLACES) }));
  const messages = Array.from({ length: int(0, 2) }, () => ({
    _id: objectId(),
    user: creator._id,
    body: pick(MESSAGES),
    date: recent(Date.now() - created.getTime() + 1).toISOString(),
  }));
  return {
    _id: objectId(created.getTime()),
    title: meetingTitle(),
    dates,
    places,
    invitees: Array.from({ length: int(1, 4) }, invitee),
    timezone,
    lang,
    locale: lang,
    confirmed: { flag: options.confirmed },
    ...(options.cancelled ? { cancelled: new Date().toISOString() } : {}),
    created_by: { _id: creator._id, full_name: creator.full_name, email: creator.email },
    messages,
    vyteme: chance(0.4),
    createdAt: created.toISOString(),
    updatedAt: new Date().toISOString(),
  };
}

/** A user who just joined through an organization's link, with the app's `extid` if it passed one. */
export function joinedUser(user: Person): Record<string, unknown> {
  const { timezone, lang } = pick(ZONES);
  const extid = chance(0.7)
    ? { extid: pick([`usr_${int(1000, 99999)}`, `${int(10_000, 999_999)}`, `crm-${words(1)}-${int(1, 999)}`]) }
    : {};
  return {
    ...user,
    lang,
    timezone,
    account: { organization: extid },
    createdAt: new Date().toISOString(),
  };
}
