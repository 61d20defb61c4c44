import { Type } from '@sinclair/typebox';
import type { ProviderDefinition } from '../types.js';
import { buildKhanRequest } from './delivery.js';
import { khanEmulator } from './emulator.js';
import { eventTypes } from './events.js';

/** A Khan hook belongs to one game; `publicID` is the id Khan's create-hook route returned. */
const hookOptions = Type.Object({
  gameID: Type.String({ minLength: 1, description: 'The Khan game whose events this hook receives.' }),
  publicID: Type.Optional(Type.String({ description: 'The id Khan returned when the hook was registered (needed to remove it).' })),
});

/**
 * Khan (topfreegames/khan), a clans server for games: unsigned JSON POSTs per game and event
 * number, to hook URLs that may be templates filled from the payload.
 */
export const khan: ProviderDefinition = {
  id: 'khan',
  name: 'Khan',
  description:
    'Clan and player events of a Khan game: an unsigned JSON POST of the payload plus type (the event number), id and timestamp. Hook URLs may hold {{field}} templates and user:pass@ for Basic auth.',
  eventTypes,
  generatesSecret: false,
  // Khan's webhooks.timeout is 500 ms; it never retries; any status above 399 is a failure.
  hookDefaults: { method: 'POST', format: 'json', timeoutMs: 500, retry: { preset: 'none', schedule: [] } },
  hookOptions,
  scope: {
    option: 'gameID',
    label: 'Game',
    // GameUpdated carries the game as the payload itself, so its id is `publicID` there.
    ofPayload(payload) {
      if (payload === null || typeof payload !== 'object') return undefined;
      const { gameID, publicID } = payload as { gameID?: unknown; publicID?: unknown };
      if (typeof gameID === 'string') return gameID;
      return typeof publicID === 'string' ? publicID : undefined;
    },
  },
  succeeded: (status) => status < 400,
  buildRequest: buildKhanRequest,
  signAttempt: () => [],
  emulator: khanEmulator,
};
