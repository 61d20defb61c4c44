/**
 * A workspace file: a whole Hookbench setup (inboxes, hooks, the user's event types) as one
 * JSON document that can be kept in a repository and applied to any Hookbench.
 */
import { Type, type Static } from '@sinclair/typebox';
import { EventTypeInput, HookCreate, ProviderSettings } from './hooks.js';
import { InboxCreate, SLUG_PATTERN } from './schemas.js';

/** The versions this Hookbench reads; a newer file is refused with this list, never half-read. */
export const WORKSPACE_VERSIONS = [1] as const;
export const WORKSPACE_VERSION = 1;

/**
 * An inbox: every field POST /api/inboxes accepts (so new inbox settings reach the file without
 * a change here), with the slug required because it is what an import matches inboxes by.
 */
export const WorkspaceInbox = Type.Object(
  { ...InboxCreate.properties, slug: Type.String({ pattern: SLUG_PATTERN }) },
  { additionalProperties: false },
);
export type WorkspaceInbox = Static<typeof WorkspaceInbox>;

/** A hook: every field POST /api/hooks accepts, plus `key`, its id, which an import matches by. */
export const WorkspaceHook = Type.Object(
  { key: Type.String({ pattern: SLUG_PATTERN }), ...HookCreate.properties },
  { additionalProperties: false },
);
export type WorkspaceHook = Static<typeof WorkspaceHook>;

export const Workspace = Type.Object(
  {
    hookbench: Type.Literal('workspace'),
    version: Type.Literal(WORKSPACE_VERSION),
    exportedAt: Type.Optional(Type.String()),
    inboxes: Type.Array(WorkspaceInbox),
    hooks: Type.Array(WorkspaceHook),
    /** The user's own event types of the generic provider. */
    eventTypes: Type.Array(EventTypeInput),
    /** Per provider: the emulated registration API's accepted tokens (secrets: exported only on request). */
    providerSettings: Type.Optional(Type.Record(Type.String(), ProviderSettings)),
  },
  { additionalProperties: false },
);
export type Workspace = Static<typeof Workspace>;

export const WorkspaceExportQuery = Type.Object({ secrets: Type.Optional(Type.Boolean({ default: false })) });
export const WorkspaceImportQuery = Type.Object({ replace: Type.Optional(Type.Boolean({ default: false })) });

const Changes = Type.Object({
  created: Type.Array(Type.String()),
  updated: Type.Array(Type.String()),
  unchanged: Type.Array(Type.String()),
  removed: Type.Array(Type.String()),
});

/** What an import changed, by inbox slug, hook key, event type and provider id. */
export const WorkspaceSummary = Type.Object({
  inboxes: Changes,
  hooks: Changes,
  eventTypes: Changes,
  providerSettings: Changes,
});
export type WorkspaceSummary = Static<typeof WorkspaceSummary>;
