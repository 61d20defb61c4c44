import { createHash } from 'node:crypto';
import type { Hook } from '../../../shared/hooks.js';
import { int, pick } from '../samples.js';

/**
 * ChallengeMe scopes hooks by team id, but its payloads name the team (`team: "teamC"`), and
 * neither `sample()` nor `scope.ofPayload()` is handed the hooks. So the emulator, when it is
 * mounted, lets this module read the provider's hooks, and team names are looked up in what
 * the hooks store (`providerOptions.teamName`). A hook that stores no name gets one derived
 * from its team id, the same every time, so a sample and an explicit payload still agree.
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

/** Each mounted emulator's view of the ChallengeMe hooks (one per running core). */
const hookLists = new Set<() => Hook[]>();

/** Lets samples and payload matching see a core's hooks; returns the way to stop. */
export function watchHooks(list: () => Hook[]): () => void {
  hookLists.add(list);
  return () => hookLists.delete(list);
}

function knownHooks(): Hook[] {
  return [...hookLists].flatMap((list) => list());
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
export function teamNameOf(teamId: string, hooks: Hook[] = knownHooks()): string {
  const named = hooks.find((hook) => teamIdOfHook(hook) === teamId && typeof hook.providerOptions['teamName'] === 'string');
  return named ? teamNameOfHook(named)! : derivedTeamName(teamId);
}

/**
 * The team a payload belongs to. `team` holds a name; it is matched against the names the
 * hooks store (or derive). A name no hook knows stays as it is: it matches no team id, so an
 * explicit payload for an unknown team reaches no hook, as the real service would send it to
 * nobody. A UUID in `team` is taken as the team id itself.
 */
export function teamOfPayload(payload: unknown): string | undefined {
  if (payload === null || typeof payload !== 'object') return undefined;
  const team = (payload as Record<string, unknown>)['team'];
  if (typeof team !== 'string' || team === '') return undefined;
  if (isTeamId(team)) return team;
  const owner = knownHooks().find((hook) => teamNameOfHook(hook) === team);
  return (owner && teamIdOfHook(owner)) ?? team;
}
