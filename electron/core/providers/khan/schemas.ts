import { Type } from '@sinclair/typebox';

/**
 * Khan's payloads as its handlers build them (api/*_helpers.go), before the dispatcher adds
 * `type`, `id` and `timestamp`. Nested players and clans are the models' Serialize() maps
 * with `gameID` removed; metadata is whatever JSON object the game stored.
 */

const Metadata = Type.Record(Type.String(), Type.Unknown(), { description: 'The JSON object the game stored.' });
const PublicID = Type.String({ minLength: 1 });
const GameID = Type.String({ minLength: 1, description: 'The game the event happened in.' });
const Count = Type.Integer({ minimum: 0 });

const playerFields = {
  publicID: PublicID,
  name: Type.String(),
  metadata: Metadata,
  membershipCount: Count,
  ownershipCount: Count,
};

/** A player as nested in clan and membership events. */
export const Player = Type.Object(playerFields);

/** A clan as Clan.Serialize() gives it (ownership and membership events). */
export const Clan = Type.Object({
  publicID: PublicID,
  name: Type.String(),
  membershipCount: Type.Integer({ minimum: 0, description: 'Members, the owner included.' }),
  metadata: Metadata,
  allowApplication: Type.Boolean(),
  autoJoin: Type.Boolean(),
});

/** The clan the create and update handlers send: it also names its owner. */
export const ClanWithOwner = Type.Object({ ...Clan.properties, ownerPublicID: PublicID });

/** GameUpdated: the game's settings; `publicID` is the game id (there is no `gameID`). */
export const GameUpdated = Type.Object({
  publicID: GameID,
  name: Type.String(),
  membershipLevels: Type.Record(Type.String(), Type.Integer(), { description: 'Level name → rank, e.g. {"member": 1}.' }),
  metadata: Metadata,
  minLevelToAcceptApplication: Type.Integer(),
  minLevelToCreateInvitation: Type.Integer(),
  minLevelToRemoveMember: Type.Integer(),
  minLevelOffsetToRemoveMember: Type.Integer(),
  minLevelOffsetToPromoteMember: Type.Integer(),
  minLevelOffsetToDemoteMember: Type.Integer(),
  maxMembers: Type.Integer({ minimum: 1 }),
  maxClansPerPlayer: Type.Integer({ minimum: 1 }),
  cooldownAfterDeny: Type.Integer({ minimum: 0, description: 'Seconds.' }),
  cooldownAfterDelete: Type.Integer({ minimum: 0, description: 'Seconds.' }),
  cooldownBeforeApply: Type.Integer({ minimum: 0, description: 'Seconds.' }),
  cooldownBeforeInvite: Type.Integer({ minimum: 0, description: 'Seconds.' }),
  maxPendingInvites: Type.Integer({ description: '-1: no limit.' }),
});

/** PlayerCreated / PlayerUpdated: Player.Serialize(), gameID kept. */
export const PlayerEvent = Type.Object({ gameID: GameID, ...playerFields });

/** ClanCreated / ClanUpdated. */
export const ClanEvent = Type.Object({ gameID: GameID, clan: ClanWithOwner });

/** ClanOwnerLeft / ClanOwnershipTransferred: `newOwner` is null when the clan was deleted. */
export const OwnershipEvent = Type.Object({
  gameID: GameID,
  clan: Clan,
  previousOwner: Player,
  newOwner: Type.Union([Player, Type.Null()]),
  isDeleted: Type.Boolean({ description: 'true when the owner left an empty clan and it was deleted.' }),
});

const membershipFields = {
  gameID: GameID,
  clan: Clan,
  player: Type.Object({ ...playerFields, membershipLevel: Type.String({ description: 'A key of the game’s membershipLevels.' }) }),
  requestor: Player,
  message: Type.Optional(Type.String({ minLength: 1, description: 'Sent only when not empty.' })),
};

/** MembershipCreated, MemberPromoted, MemberDemoted, MemberLeft. */
export const MembershipEvent = Type.Object(membershipFields);

/** MembershipApproved / MembershipDenied: who created the membership is added. */
export const MembershipDecisionEvent = Type.Object({ ...membershipFields, creator: Player });
