/**
 * A workspace file: a whole Hookbench setup (inboxes, hooks, the user's event types) as one
 * JSON document that can be kept in a repository and applied to any Hookbench.
 */
import { Type, type Static } from '@sinclair/typebox';
import { PROVIDER_ID_PATTERN } from './asyncapi.js';
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

/**
 * A provider the user imported (from an AsyncAPI document), as Hookbench keeps it: its event
 * types with their schemas and samples, so another Hookbench rebuilds it without the document.
 */
export const WorkspaceProvider = Type.Object(
  {
    id: Type.String({ pattern: PROVIDER_ID_PATTERN }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    eventTypes: Type.Array(EventTypeInput, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type WorkspaceProvider = Static<typeof WorkspaceProvider>;

export const Workspace = Type.Object(
  {
    hookbench: Type.Literal('workspace'),
    version: Type.Literal(WORKSPACE_VERSION),
    exportedAt: Type.Optional(Type.String()),
    inboxes: Type.Array(WorkspaceInbox),
    hooks: Type.Array(WorkspaceHook),
    /** The user's own event types of the generic provider. */
    eventTypes: Type.Array(EventTypeInput),
    /** The user's imported providers; written only when there are some (absent means none). */
    providers: Type.Optional(Type.Array(WorkspaceProvider)),
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
  providers: Changes,
  providerSettings: Changes,
  /** Inbox secrets the file names without a value and the inbox had none to keep: set them in the inbox's settings. */
  missingSecrets: Type.Array(Type.Object({ inbox: Type.String(), secret: Type.String() })),
});
export type WorkspaceSummary = Static<typeof WorkspaceSummary>;
