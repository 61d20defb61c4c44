import { Type, type TSchema } from '@sinclair/typebox';
import { chance, int, objectId, pick } from '../samples.js';
import type { ProviderEventType } from '../types.js';

/** Codewars ids are MongoDB ObjectIds: 24 hex digits. */
const ObjectId = (description: string) => Type.String({ pattern: '^[0-9a-f]{24}$', description });

/**
 * The action names a payload may carry. Codewars renamed two actions in 2021; payloads
 * recorded before that still carry the old name, so the schema accepts both.
 */
function Action(current: string, legacy?: string) {
  return legacy ? Type.Union([Type.Literal(current), Type.Literal(legacy)]) : Type.Literal(current);
}

const CodeChallenge = Type.Object({
  id: ObjectId('The kata.'),
  created_by_id: ObjectId('The user who authored the kata.'),
});

function codeChallengePayload(action: TSchema, extra: Record<string, TSchema> = {}) {
  return Type.Object({ action, code_challenge: CodeChallenge, ...extra });
}

/** Ranks: -8..-1 are 8 kyu..1 kyu, 1..8 are 1 dan..8 dan; there is no rank 0. */
const Rank = Type.Union([Type.Integer({ minimum: -8, maximum: -1 }), Type.Integer({ minimum: 1, maximum: 8 })], {
  description: 'Negative for kyu (-8 = 8 kyu), positive for dan.',
});

// Language ids as Codewars spells them in its API.
// prettier-ignore
const LANGUAGES = [
  'javascript', 'python', 'ruby', 'java', 'csharp', 'cpp', 'c', 'haskell', 'rust', 'go', 'typescript', 'kotlin',
  'elixir', 'clojure', 'php', 'scala', 'swift', 'sql', 'fsharp', 'ocaml',
];

const DAY = 24 * 3600_000;
const YEAR = 365 * DAY;

/** An id made some time ago: users and kata predate the event about them (Codewars opened in 2012). */
function olderId(maxAgeMs: number): string {
  return objectId(Date.now() - int(DAY, maxAgeMs));
}

const codeChallenge = (createdNow = false) => ({
  id: createdNow ? objectId() : olderId(10 * YEAR),
  created_by_id: olderId(11 * YEAR),
});

export const codewarsEventTypes: ProviderEventType[] = [
  {
    type: 'code_challenge.created',
    name: 'Kata created',
    description: 'A code challenge (kata) was created.',
    schema: codeChallengePayload(Action('created')),
    sample: () => ({ action: 'created', code_challenge: codeChallenge(true) }),
  },
  {
    type: 'code_challenge.approved',
    name: 'Kata approved',
    description: 'A kata was approved and left beta. Sent as "approve_successful" before 2021.',
    aliases: ['code_challenge.approve_successful'],
    schema: codeChallengePayload(Action('approved', 'approve_successful')),
    sample: () => ({ action: 'approved', code_challenge: codeChallenge() }),
  },
  {
    type: 'code_challenge.voted',
    name: 'Kata voted on',
    description: 'Someone voted on a kata; the payload does not say which vote.',
    schema: codeChallengePayload(Action('voted')),
    sample: () => ({ action: 'voted', code_challenge: codeChallenge() }),
  },
  {
    type: 'code_challenge.solution_finalized',
    name: 'Solution finalized',
    description: 'Someone submitted a solution to a kata.',
    schema: codeChallengePayload(Action('solution_finalized'), {
      solution: Type.Object({ id: ObjectId('The solution.'), user_id: ObjectId('The user who solved it.') }),
    }),
    sample: () => ({
      action: 'solution_finalized',
      code_challenge: codeChallenge(),
      solution: { id: objectId(), user_id: olderId(8 * YEAR) },
    }),
  },
  {
    type: 'user.rank_earned',
    name: 'Rank earned',
    description: 'A user earned a new rank, overall (language null) or in one language. Sent as "rank_upgraded" before 2021.',
    aliases: ['user.rank_upgraded'],
    schema: Type.Object({
      action: Action('rank_earned', 'rank_upgraded'),
      user: Type.Object({ id: ObjectId('The user.'), rank: Rank }),
      language: Type.Union([Type.Null(), Type.String({ minLength: 1 })], { description: 'null for the overall rank.' }),
    }),
    sample: () => ({
      action: 'rank_earned',
      user: { id: olderId(8 * YEAR), rank: chance(0.9) ? int(-7, -1) : int(1, 4) },
      language: chance(0.3) ? null : pick(LANGUAGES),
    }),
  },
  {
    type: 'user.honor_changed',
    name: 'Honor changed',
    description: "A user's honor changed, usually upwards.",
    schema: Type.Object({
      action: Action('honor_changed'),
      user: Type.Object({
        id: ObjectId('The user.'),
        honor: Type.Integer({ description: 'The new total.' }),
        honor_delta: Type.Integer({ description: 'The change; negative when honor was lost.' }),
      }),
    }),
    sample: () => {
      const delta = chance(0.9) ? pick([1, 2, 2, 3, 4, 8, 10, 20]) : -pick([1, 2, 3]);
      return { action: 'honor_changed', user: { id: olderId(8 * YEAR), honor: int(20, 25_000), honor_delta: delta } };
    },
  },
  {
    type: 'webhook.updated',
    name: 'Webhook updated (ping)',
    description: 'Sent when a webhook is created or changed. Hookbench sends it by itself whenever a Codewars hook is saved.',
    schema: Type.Object({ action: Action('updated'), webhook: Type.Object({ id: ObjectId('The webhook.') }) }),
    sample: () => ({ action: 'updated', webhook: { id: olderId(2 * YEAR) } }),
  },
];
