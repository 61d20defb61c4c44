import { createHash } from 'node:crypto';
import type { Hook } from '../../../shared/hooks.js';
import { int, pick } from '../samples.js';

/**
 * ChallengeMe scopes hooks by team id, but its payloads name the team (`team: "teamC"`). A
 * hook's team name is what it stores (`providerOptions.teamName`, set by the emulator at
 * registration) or, without one, a name derived from its team id, the same every time, so a
 * sample and an explicit payload agree.
 */

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const uuidShape = new RegExp(UUID_PATTERN);

export function isTeamId(value: unknown): value is string {
  return typeof value === 'string' && uuidShape.test(value);
}

// Real team names are letters and digits only, at most 32 (ChallengeMe's Joi rule for new teams).
// prettier-ignore
const ADJECTIVES = [
  'Amber', 'Brisk', 'Cobalt', 'Crimson', 'Delta', 'Ember', 'Golden', 'Granite', 'Indigo', 'Jade', 'Lunar', 'Maple',
  'Nova', 'Onyx', 'Quantum', 'Rapid', 'Silent', 'Solar', 'Swift', 'Tidal', 'Vivid', 'Wild',
];
// prettier-ignore
const NOUNS = [
  'Bytes', 'Coders', 'Comets', 'Devs', 'Falcons', 'Foxes', 'Hackers', 'Hawks', 'Lions', 'Ninjas', 'Owls', 'Pandas',
  'Pixels', 'Rockets', 'Sharks', 'Stack', 'Tigers', 'Wizards', 'Wolves',
];

/** A team name for a sample that belongs to no hook. */
export function randomTeamName(): string {
  return `${pick(ADJECTIVES)}${pick(NOUNS)}${int(1, 99)}`;
}

/** The name ChallengeMe would know a team by, when Hookbench was never told: fixed per team id. */
export function derivedTeamName(teamId: string): string {
  const digest = createHash('sha256').update(teamId.toLowerCase()).digest();
  return `${ADJECTIVES[digest[0]! % ADJECTIVES.length]}${NOUNS[digest[1]! % NOUNS.length]}${(digest[2]! % 99) + 1}`;
}

export function teamIdOfHook(hook: Pick<Hook, 'providerOptions'>): string | undefined {
  const teamId = hook.providerOptions['teamId'];
  return typeof teamId === 'string' ? teamId : undefined;
}

/** The name a hook stores for its team, or the derived one. */
export function teamNameOfHook(hook: Pick<Hook, 'providerOptions'>): string | undefined {
  const stored = hook.providerOptions['teamName'];
  if (typeof stored === 'string' && stored !== '') return stored;
  const teamId = teamIdOfHook(hook);
  return teamId === undefined ? undefined : derivedTeamName(teamId);
}

/** A team's name: the first name a hook of that team stores, else the derived one. */
export function teamNameOf(teamId: string, hooks: Hook[]): string {
  const named = hooks.find((hook) => teamIdOfHook(hook) === teamId && typeof hook.providerOptions['teamName'] === 'string');
  return named ? teamNameOfHook(named)! : derivedTeamName(teamId);
}

/**
 * The team a payload names: a team name (or, in a hand-written payload, the team id). A name
 * no hook knows reaches no hook, as the real service would send it to nobody.
 */
export function teamOfPayload(payload: unknown): string | undefined {
  if (payload === null || typeof payload !== 'object') return undefined;
  const team = (payload as Record<string, unknown>)['team'];
  return typeof team === 'string' && team !== '' ? team : undefined;
}

/** The ways a payload may name a hook's team: its id and its name. */
export function teamNamesOf(options: Record<string, unknown>): string[] {
  const hook = { providerOptions: options };
  return [teamIdOfHook(hook), teamNameOfHook(hook)].filter((name): name is string => name !== undefined);
}
