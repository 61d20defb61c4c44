import type { Static } from '@sinclair/typebox';
import { chance, pick } from '../samples.js';
import type { ProviderEventType, SampleContext } from '../types.js';
import { clan, clanWithOwner, game, gameId, membershipMessage, player, type LevelName } from './samples.js';
import * as schemas from './schemas.js';

type Player = Static<typeof schemas.Player>;

/** One Khan event: its numeric code (what Khan's API and payloads use) and its catalog entry. */
interface KhanEvent {
  code: number;
  type: string;
  name: string;
  description: string;
  schema: Record<string, unknown>;
  sample(gameID: string): unknown;
}

const NOT_DOCUMENTED = 'As Khan’s code sends it (the docs’ `success: true` is not part of hook payloads).';

/** A membership payload: the player with their level, who asked, and the optional message. */
function membership(gameID: string, level: LevelName, requestor: Player | 'self', message?: string) {
  const subject = player({ membershipCount: pick([0, 1]) });
  return {
    gameID,
    clan: clan(),
    player: { ...subject, membershipLevel: level },
    requestor: requestor === 'self' ? subject : requestor,
    ...(message ? { message } : {}),
  };
}

/** Approve/deny: the applicant's own application decided by an officer, or an invitation the player answered. */
function decision(gameID: string) {
  const officer = player({ membershipCount: 1 });
  if (chance(0.5)) {
    const event = membership(gameID, 'member', officer);
    return { ...event, creator: withoutLevel(event.player) };
  }
  const event = membership(gameID, 'member', 'self');
  return { ...event, creator: officer };
}

function withoutLevel({ membershipLevel: _level, ...rest }: Player & { membershipLevel: string }): Player {
  return rest;
}

function ownershipChange(gameID: string, mayDelete: boolean) {
  const previousOwner = player({ ownershipCount: 0 });
  if (mayDelete && chance(0.25)) {
    return { gameID, clan: { ...clan(), membershipCount: 1 }, previousOwner, newOwner: null, isDeleted: true };
  }
  return { gameID, clan: clan(), previousOwner, newOwner: player({ membershipCount: 0, ownershipCount: 1 }), isDeleted: false };
}

const EVENTS: KhanEvent[] = [
  {
    code: 0,
    type: 'GameUpdated',
    name: 'Game Updated',
    description: `A game's settings changed. The payload is the game; its publicID is the game id. ${NOT_DOCUMENTED}`,
    schema: schemas.GameUpdated,
    sample: (gameID) => game(gameID),
  },
  {
    code: 1,
    type: 'PlayerCreated',
    name: 'Player Created',
    description: `A player was created in the game. ${NOT_DOCUMENTED} membershipCount and ownershipCount are sent too.`,
    schema: schemas.PlayerEvent,
    sample: (gameID) => ({ gameID, ...player({ membershipCount: 0, ownershipCount: 0 }) }),
  },
  {
    code: 2,
    type: 'PlayerUpdated',
    name: 'Player Updated',
    description: `A player's name or metadata changed. ${NOT_DOCUMENTED} membershipCount and ownershipCount are sent too.`,
    schema: schemas.PlayerEvent,
    sample: (gameID) => ({ gameID, ...player() }),
  },
  {
    code: 3,
    type: 'ClanCreated',
    name: 'Clan Created',
    description: 'A clan was created; the clan (with its ownerPublicID) is nested under `clan`, not at the top level as the docs show.',
    schema: schemas.ClanEvent,
    sample: (gameID) => ({ gameID, clan: { ...clanWithOwner(player().publicID), membershipCount: 1 } }),
  },
  {
    code: 4,
    type: 'ClanUpdated',
    name: 'Clan Updated',
    description: "A clan's name, allowApplication or autoJoin changed (or a whitelisted metadata field).",
    schema: schemas.ClanEvent,
    sample: (gameID) => ({ gameID, clan: clanWithOwner(player().publicID) }),
  },
  {
    code: 5,
    type: 'ClanOwnerLeft',
    name: 'Clan Owner Left',
    description:
      'The owner left the clan: ownership went to the oldest highest-level member, or the empty clan was deleted (newOwner null, isDeleted true).',
    schema: schemas.OwnershipEvent,
    sample: (gameID) => ownershipChange(gameID, true),
  },
  {
    code: 6,
    type: 'ClanOwnershipTransferred',
    name: 'Clan Ownership Transferred',
    description: 'The owner handed the clan to another member.',
    schema: schemas.OwnershipEvent,
    sample: (gameID) => ownershipChange(gameID, false),
  },
  {
    code: 7,
    type: 'MembershipCreated',
    name: 'Membership Created',
    description:
      'A player applied to a clan (requestor is the player) or was invited (requestor is the inviting member). message is sent only when not empty.',
    schema: schemas.MembershipEvent,
    sample: (gameID) =>
      chance(0.5)
        ? membership(gameID, 'member', 'self', chance(0.6) ? membershipMessage() : undefined)
        : membership(gameID, 'member', player({ membershipCount: 1 })),
  },
  {
    code: 8,
    type: 'MembershipApproved',
    name: 'Membership Approved',
    description: 'An application or invitation was approved; creator is who created the membership.',
    schema: schemas.MembershipDecisionEvent,
    sample: decision,
  },
  {
    code: 9,
    type: 'MembershipDenied',
    name: 'Membership Denied',
    description: 'An application or invitation was denied; creator is who created the membership.',
    schema: schemas.MembershipDecisionEvent,
    sample: decision,
  },
  {
    code: 10,
    type: 'MemberPromoted',
    name: 'Member Promoted',
    description: 'A member was promoted; player.membershipLevel is the new level.',
    schema: schemas.MembershipEvent,
    sample: (gameID) => membership(gameID, pick<LevelName>(['elder', 'coleader']), player({ membershipCount: 1 })),
  },
  {
    code: 11,
    type: 'MemberDemoted',
    name: 'Member Demoted',
    description: 'A member was demoted; player.membershipLevel is the new level.',
    schema: schemas.MembershipEvent,
    sample: (gameID) => membership(gameID, pick<LevelName>(['member', 'elder']), player({ membershipCount: 1 })),
  },
  {
    code: 12,
    type: 'MemberLeft',
    name: 'Member Left',
    description: 'A member left (requestor is the player) or was removed by another member.',
    schema: schemas.MembershipEvent,
    sample: (gameID) => (chance(0.5) ? membership(gameID, 'member', 'self') : membership(gameID, 'elder', player({ membershipCount: 1 }))),
  },
];

/** The catalog: type ids are Khan's event names, each with its number as an alias (`'3'` is ClanCreated). */
export const eventTypes: ProviderEventType[] = EVENTS.map(({ code, sample, ...event }) => ({
  ...event,
  aliases: [String(code)],
  sample: (context: SampleContext) => sample(context.scope ?? gameId()),
}));

/** Khan's number for an event type id, as its payloads carry it. */
export const codeOf: ReadonlyMap<string, number> = new Map(EVENTS.map((event) => [event.type, event.code]));

/** The event type id for one of Khan's numbers. */
export const typeOfCode: ReadonlyMap<number, string> = new Map(EVENTS.map((event) => [event.code, event.type]));
