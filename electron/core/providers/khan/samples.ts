import type { Static } from '@sinclair/typebox';
import { chance, hex32, int, pick, title, uuid, words } from '../samples.js';
import type { Clan, ClanWithOwner, GameUpdated, Player } from './schemas.js';

/**
 * Realistic Khan data. Games choose their own public ids; studios use short slugs, so sample
 * games are slugs. Players and clans get UUIDs, as Khan's own clients and tests create them
 * (Khan even looks clans up by a UUID prefix).
 */

// prettier-ignore
const GAMES = ['kingdoms-of-amber', 'dragon-raiders', 'pocket-legends', 'star-siege', 'tidal-wars', 'iron-harvest-mobile'];
// prettier-ignore
const TAG_STARTS = ['Shadow', 'Iron', 'Night', 'Storm', 'Frost', 'Blaze', 'Silent', 'Crimson', 'Lucky', 'Wild', 'Dark', 'Swift'];
// prettier-ignore
const TAG_ENDS = ['Falcon', 'Wolf', 'Blade', 'Rider', 'Fang', 'Hunter', 'Mage', 'Viper', 'Knight', 'Ghost', 'Tiger', 'Bard'];
// prettier-ignore
const CLAN_NOUNS = ['Wolves', 'Legion', 'Vanguard', 'Order', 'Raiders', 'Guardians', 'Syndicate', 'Dragons', 'Crusaders', 'Knights'];
const REGIONS = ['eu-west', 'us-east', 'sa-east', 'ap-southeast', 'ap-northeast'];
const COUNTRIES = ['BR', 'US', 'DE', 'JP', 'IN', 'FR', 'NG', 'KR', 'MX', 'PL'];
const LANGUAGES = ['en', 'pt', 'es', 'de', 'ja', 'fr'];

/** The levels most Khan games configure, lowest first. */
export const LEVELS = { member: 1, elder: 2, coleader: 3 } as const;
export type LevelName = keyof typeof LEVELS;

export const gameId = (): string => pick(GAMES);

function gamerTag(): string {
  return `${pick(TAG_STARTS)}${pick(TAG_ENDS)}${int(1, 999)}`;
}

export function player(overrides: Partial<Static<typeof Player>> = {}): Static<typeof Player> {
  const membershipCount = int(0, 3);
  return {
    publicID: uuid(),
    name: gamerTag(),
    metadata: { level: int(1, 80), trophies: int(0, 5000), country: pick(COUNTRIES), avatar: `avatar_${int(1, 40)}` },
    membershipCount,
    ownershipCount: membershipCount === 0 && chance(0.3) ? 1 : 0,
    ...overrides,
  };
}

export function clan(): Static<typeof Clan> {
  return {
    publicID: uuid(),
    name: `${title(1)} ${pick(CLAN_NOUNS)}`,
    membershipCount: int(2, 50),
    metadata: {
      region: pick(REGIONS),
      language: pick(LANGUAGES),
      minTrophies: int(0, 30) * 100,
      badge: `badge_${int(1, 60)}`,
      description: `${title(1)} ${words(int(2, 5))}`,
    },
    allowApplication: chance(0.8),
    autoJoin: chance(0.3),
  };
}

export function clanWithOwner(owner: string): Static<typeof ClanWithOwner> {
  return { ...clan(), ownerPublicID: owner };
}

export function game(publicID: string): Static<typeof GameUpdated> {
  const maxMembers = pick([30, 50, 100]);
  return {
    publicID,
    name: publicID.replace(/-/g, ' ').replace(/\b\w/g, (letter) => letter.toUpperCase()),
    membershipLevels: { ...LEVELS },
    metadata: {
      season: int(1, 40),
      platform: pick(['ios', 'android', 'all']),
      clanWarsEnabled: chance(0.5),
      bannerUrl: `https://cdn.example.com/${publicID}/banner_${hex32().slice(0, 8)}.png`,
    },
    minLevelToAcceptApplication: 2,
    minLevelToCreateInvitation: pick([1, 2]),
    minLevelToRemoveMember: 2,
    minLevelOffsetToRemoveMember: 1,
    minLevelOffsetToPromoteMember: 1,
    minLevelOffsetToDemoteMember: 1,
    maxMembers,
    maxClansPerPlayer: pick([1, 1, 3]),
    cooldownAfterDeny: pick([0, 3600, 86_400]),
    cooldownAfterDelete: pick([0, 600, 3600]),
    cooldownBeforeApply: pick([0, 3600]),
    cooldownBeforeInvite: pick([0, 60]),
    maxPendingInvites: pick([-1, 20, maxMembers]),
  };
}

const APPLICATION_MESSAGES = [
  'Active every day, looking for a clan for wars',
  'Hi! Level 40 here, can I join?',
  'Friend of your leader, please accept',
  'Come join us, we need one more for the raid',
];

export function membershipMessage(): string {
  return pick(APPLICATION_MESSAGES);
}
