import { Type } from '@sinclair/typebox';
import { retryPolicy } from '../../dispatcher/retry.js';
import type { ProviderDefinition } from '../types.js';
import { buildChallengemeRequest } from './delivery.js';
import { challengemeEmulator } from './emulator.js';
import { challengemeEventTypes } from './events.js';
import { teamNamesOf, teamOfPayload, UUID_PATTERN } from './teams.js';

/**
 * ChallengeMe (a coding-challenge platform for teams): "Submitted Challenge" and "Started
 * Challenge", POSTed by axios with the team's token as `Authorization: token <token>`.
 * Hooks belong to a team, registered through its webhook API, emulated under /p/challengeme.
 */
export const challengeme: ProviderDefinition = {
  id: 'challengeme',
  name: 'ChallengeMe',
  description:
    'Team events "Submitted Challenge" and "Started Challenge", POSTed as JSON by axios/0.20.0 with Authorization: token <authorizationToken>. Hooks belong to a team; register them through the emulated API at /p/challengeme/api/v1/webhooks/events.',
  eventTypes: challengemeEventTypes,
  // The team chooses its token; ChallengeMe signs nothing.
  generatesSecret: false,
  // ChallengeMe sets no timeout and never retries; 120 s is the longest Hookbench allows.
  hookDefaults: { method: 'POST', format: 'json', timeoutMs: 120_000, retry: retryPolicy({ preset: 'none' }) },
  hookOptions: Type.Object({
    teamId: Type.String({ pattern: UUID_PATTERN, description: 'The team’s id on ChallengeMe (a UUID).' }),
    teamName: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'The team’s name, sent as `team` in every payload.' }),
    ),
    authorizationToken: Type.Optional(
      Type.String({ minLength: 1, maxLength: 4096, description: 'Sent as `Authorization: token <authorizationToken>`.' }),
    ),
  }),
  secretOptions: ['authorizationToken'],
  scope: { option: 'teamId', label: 'Team', ofPayload: teamOfPayload, namesOf: teamNamesOf },

  buildRequest: buildChallengemeRequest,

  // No signature: the receiver checks the token in Authorization.
  signAttempt: () => [],

  emulator: challengemeEmulator,
};
