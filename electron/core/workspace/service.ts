import { isDeepStrictEqual } from 'node:util';
import { HookCreate, type EventTypeInput, type Hook, type HookPatch, type ProviderSettings, type RetryPolicy } from '../../shared/hooks.js';
import { Value } from '@sinclair/typebox/value';
import { InboxCreate, InboxPatch, type Inbox } from '../../shared/schemas.js';
import type { InboxScriptInput } from '../../shared/answers.js';
import {
  WORKSPACE_VERSION,
  type Workspace,
  type WorkspaceHook,
  type WorkspaceInbox,
  type WorkspaceSummary,
} from '../../shared/workspace.js';
import type { HookService } from '../hooks/service.js';
import { completeScript } from '../inboxes/script.js';
import { exportedSecrets, secretsPatch, unsetSecrets } from '../inboxes/secrets.js';
import { defaultResponse, type InboxService } from '../inboxes/service.js';
import type { Catalog } from '../providers/catalog.js';
import { providers } from '../providers/registry.js';
import { assertEventType } from '../providers/validation.js';
import type { HttpError } from '../errors.js';
import { keepingCredentials, withoutCredentials } from './credentials.js';
import { atEntry, invalidWorkspace, parseWorkspace, type ParsedWorkspace } from './parse.js';
import { applyProviders, hookInputToCheck, providerEntry, removeOtherProviders } from './providers.js';

/** Inbox and hook fields come from the create schemas, so a new setting reaches the file by itself. */
const INBOX_FIELDS = Object.keys(InboxCreate.properties);
/** `secret` is exported only on request; `retry` is stored as a policy and written back as its input. */
const HOOK_FIELDS = Object.keys(HookCreate.properties).filter((field) => field !== 'secret' && field !== 'retry');

type Changes = WorkspaceSummary['inboxes'];
const noChanges = (): Changes => ({ created: [], updated: [], unchanged: [], removed: [] });

/**
 * Exports everything a user set up as one file, and imports one: the server is made to match
 * the file (inboxes by slug, hooks by key, event types by type), after the whole file checked out.
 */
export class WorkspaceService {
  /** Imports run one at a time: each checks the state the one before it left. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly inboxes: InboxService,
    private readonly hooks: HookService,
    private readonly catalog: Catalog,
  ) {}

  export(options: { secrets: boolean }): Workspace {
    const workspace: Workspace = {
      hookbench: 'workspace',
      version: WORKSPACE_VERSION,
      exportedAt: new Date().toISOString(),
      inboxes: this.inboxes
        .list()
        .reverse()
        .map((inbox) => {
          // Inboxes show their secrets as {set}: the values only on request.
          const secrets = options.secrets && this.inboxes.secretValues(inbox.id);
          return { slug: inbox.slug, ...pick(inbox, INBOX_FIELDS), ...(secrets ? { secrets: exportedSecrets(secrets) } : {}) };
        }),
      hooks: this.hooks
        .list()
        .reverse()
        .map((hook) => {
          if (!options.secrets) return { key: hook.id, ...withoutCredentials(hookInput(hook)) };
          return { key: hook.id, ...hookInput(hook), ...(hook.secret ? { secret: hook.secret } : {}) };
        }),
      eventTypes: this.customEventTypes(),
    };
    const own = this.catalog.customProviders().map(providerEntry);
    // Only when there are some: a file without them stays readable by a Hookbench that predates them.
    if (own.length > 0) workspace.providers = own;
    if (options.secrets) workspace.providerSettings = this.providerSettings();
    return workspace;
  }

  /** Checks the whole file, then applies it; nothing changes when any part is wrong. */
  import(value: unknown, options: { replace: boolean }): Promise<WorkspaceSummary> {
    const run = this.queue.then(() => {
      const workspace = parseWorkspace(value);
      this.check(workspace, options.replace);
      return this.apply(workspace, options.replace);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Everything applying could refuse, checked against the state the file would leave. */
  private check(workspace: ParsedWorkspace, replace: boolean): void {
    const builtIn = new Set(
      this.catalog
        .eventTypes('generic')
        .filter((eventType) => !eventType.custom)
        .map((eventType) => eventType.type),
    );
    workspace.eventTypes.forEach((eventType, index) => {
      if (builtIn.has(eventType.type)) {
        throw invalidWorkspace(`eventTypes/${index}/type`, `"${eventType.type}" is a built-in generic event type; choose another type.`);
      }
      // The schema must compile. Its sample is not checked here: an export holds the `{}` a type
      // saved without a sample stands for, and the file must import back as it was.
      try {
        assertEventType(eventType.schema ?? {}, undefined);
      } catch (error) {
        const field = (error as HttpError).field ?? 'schema';
        throw invalidWorkspace(`eventTypes/${index}/${field}`, (error as Error).message);
      }
    });
    // Generic hooks may subscribe to the file's own event types, which do not exist yet.
    const own = new Set(workspace.eventTypes.map((eventType) => eventType.type));
    const typesReplaced = replace && !workspace.lacks.has('eventTypes');
    const kept = new Set(typesReplaced ? [] : this.customEventTypes().map((eventType) => eventType.type));
    // Hooks may use the file's own providers, which do not exist yet either.
    const providersReplaced = replace && !workspace.lacks.has('providers');
    const keptProviders = new Set(providersReplaced ? [] : this.catalog.customProviders().map((provider) => provider.id));
    // A file without hooks keeps those there are: the providers and event types they use must stay.
    if (workspace.lacks.has('hooks')) this.checkKeptHooks(workspace, providersReplaced, typesReplaced);
    workspace.hooks.forEach((entry, index) => {
      const { key } = entry;
      const input = hookInputToCheck(entry, index, workspace.providers ?? [], keptProviders);
      const generic = (input.provider ?? 'generic') === 'generic';
      if (generic) {
        const unknown = (input.events ?? []).findIndex((type) => type !== '*' && !builtIn.has(type) && !own.has(type) && !kept.has(type));
        if (unknown !== -1) {
          throw invalidWorkspace(
            `hooks/${index}/events/${unknown}`,
            `"${input.events![unknown]}" is not a generic event type; add it to the file's eventTypes.`,
          );
        }
      }
      atEntry(`hooks/${index}`, () => this.hooks.prepare(generic ? { ...input, events: ['*'] } : input, key));
    });
    // Each inbox as create or update will check it (templates, rules, secrets, forward URLs).
    workspace.inboxes.forEach((entry, index) => {
      const { existing, change } = this.inboxChange(entry);
      if (change) atEntry(`inboxes/${index}`, () => this.inboxes.prepare(change, existing?.id));
    });
    for (const id of Object.keys(workspace.providerSettings ?? {})) {
      if (!providers.has(id)) throw invalidWorkspace(`providerSettings/${id}`, `No provider "${id}".`);
    }
  }

  private async apply(workspace: ParsedWorkspace, replace: boolean): Promise<WorkspaceSummary> {
    const summary: WorkspaceSummary = {
      inboxes: noChanges(),
      hooks: noChanges(),
      eventTypes: noChanges(),
      providers: noChanges(),
      providerSettings: noChanges(),
      missingSecrets: [],
    };
    // Providers and event types first: the file's hooks may use them.
    await applyProviders(this.catalog, workspace.providers ?? [], summary.providers);
    const current = new Map(this.customEventTypes().map((eventType) => [eventType.type, eventType]));
    for (const eventType of workspace.eventTypes) {
      const existing = current.get(eventType.type);
      const wanted = { description: '', schema: {}, sample: {}, ...eventType };
      const same = existing !== undefined && isDeepStrictEqual(existing, wanted);
      if (!existing) await this.catalog.addGeneric(wanted);
      else if (!same) await this.catalog.putGeneric(eventType.type, wanted);
      record(summary.eventTypes, existing, same, eventType.type);
    }

    for (const entry of workspace.inboxes) {
      const inbox = this.inboxChange(entry);
      if (!inbox.existing) await this.inboxes.create(inbox.change);
      else if (inbox.change) await this.inboxes.update(inbox.existing.id, inbox.change);
      record(summary.inboxes, inbox.existing, !inbox.change, entry.slug);
    }
    summary.missingSecrets = workspace.inboxes.flatMap(({ slug }) =>
      unsetSecrets(this.inboxes.resolveSlug(slug)?.secrets).map((secret) => ({ inbox: slug, secret })),
    );

    for (const entry of workspace.hooks) {
      const { key, ...fromFile } = entry;
      const existing = this.hooks.find(key);
      const input = existing ? keepingCredentials(fromFile, existing) : fromFile;
      if (!existing) {
        await this.hooks.create(input, key);
        summary.hooks.created.push(key);
        continue;
      }
      const wanted = this.hooks.prepare(input, key);
      const patch: HookPatch = { ...hookInput(wanted), ...(input.secret === undefined ? {} : { secret: input.secret }) };
      const same = sameHook(existing, wanted, input);
      if (!same) await this.hooks.update(key, patch);
      record(summary.hooks, existing, same, key);
    }

    for (const [id, settings] of Object.entries(workspace.providerSettings ?? {})) {
      const existing = this.catalog.settings(id);
      const same = isDeepStrictEqual(existing, settings);
      if (!same) await this.catalog.saveSettings(id, settings);
      record(summary.providerSettings, existing, same, id);
    }

    if (replace) await this.removeOthers(workspace, summary);
    return summary;
  }

  /**
   * With `replace`, a provider or event type the file leaves out goes. A file without a hooks
   * section keeps the hooks there are, so it is refused up front (before anything changes) while
   * one of them uses what would go.
   */
  private checkKeptHooks(workspace: ParsedWorkspace, providersReplaced: boolean, typesReplaced: boolean): void {
    const kept = this.hooks.list();
    const refuse = (section: string, what: string, users: number) => {
      throw invalidWorkspace(
        section,
        `The file leaves out ${what}, which ${users} hook(s) use, and has no hooks section, so they stay; list it in the file's ${section}, or give the hooks.`,
      );
    };
    if (providersReplaced) {
      const listed = new Set((workspace.providers ?? []).map((provider) => provider.id));
      for (const { id } of this.catalog.customProviders().filter((provider) => !listed.has(provider.id))) {
        const users = kept.filter((hook) => hook.provider === id).length;
        if (users > 0) refuse('providers', `the provider "${id}"`, users);
      }
    }
    if (typesReplaced) {
      const listed = new Set(workspace.eventTypes.map((eventType) => eventType.type));
      for (const { type } of this.customEventTypes().filter((eventType) => !listed.has(eventType.type))) {
        const users = kept.filter((hook) => hook.provider === 'generic' && hook.events.includes(type)).length;
        if (users > 0) refuse('eventTypes', `the event type "${type}"`, users);
      }
    }
  }

  /** `?replace=true`: what the file does not have goes. */
  private async removeOthers(workspace: ParsedWorkspace, summary: WorkspaceSummary): Promise<void> {
    const keys = new Set(workspace.hooks.map((hook) => hook.key));
    const hooksGoing = workspace.lacks.has('hooks') ? [] : this.hooks.list().filter((candidate) => !keys.has(candidate.id));
    for (const hook of hooksGoing) {
      await this.hooks.remove(hook.id);
      summary.hooks.removed.push(hook.id);
    }
    const slugs = new Set(workspace.inboxes.map((inbox) => inbox.slug));
    const inboxesGoing = workspace.lacks.has('inboxes') ? [] : this.inboxes.list().filter((candidate) => !slugs.has(candidate.slug));
    for (const inbox of inboxesGoing) {
      await this.inboxes.remove(inbox.id);
      summary.inboxes.removed.push(inbox.slug);
    }
    const types = new Set(workspace.eventTypes.map((eventType) => eventType.type));
    const typesGoing = workspace.lacks.has('eventTypes') ? [] : this.customEventTypes().filter((candidate) => !types.has(candidate.type));
    for (const eventType of typesGoing) {
      await this.catalog.deleteGeneric(eventType.type);
      summary.eventTypes.removed.push(eventType.type);
    }
    if (!workspace.lacks.has('providers'))
      await removeOtherProviders(this.catalog, this.hooks, workspace.providers ?? [], summary.providers);
    // A file exported without secrets has no provider settings: that says nothing about them.
    if (!workspace.providerSettings) return;
    for (const id of Object.keys(this.providerSettings()).filter((candidate) => !(candidate in workspace.providerSettings!))) {
      await this.catalog.saveSettings(id, { acceptedTokens: [] });
      summary.providerSettings.removed.push(id);
    }
  }

  /**
   * What importing an inbox's entry sends: the inbox to create, or the patch that makes the
   * existing one match (none when it already does). `check()` and `apply()` both use it, so what
   * was checked is what is applied.
   */
  private inboxChange(entry: WorkspaceInbox): { existing?: undefined; change: InboxCreate } | { existing: Inbox; change?: InboxPatch } {
    const wanted = { ...entry, name: entry.name ?? entry.slug, response: { ...defaultResponse(), ...entry.response } };
    const found = this.inboxes.resolveSlug(entry.slug);
    if (!found) return { change: wanted };
    const existing = this.inboxes.get(found.id);
    // Secrets compare by value, which the inbox does not show.
    const { secrets: _shown, ...patch } = inboxPatch(existing, wanted);
    const secrets = secretsPatch(found.secrets, entry.secrets);
    // A script's steps are stored completed from the response, so the file's are compared the same way.
    const stored = (field: string, value: unknown) =>
      field === 'script' && value ? completeScript(value as InboxScriptInput, wanted.response) : value;
    const same =
      secrets === undefined &&
      Object.entries(patch).every(([field, value]) =>
        isDeepStrictEqual(pick(existing, [field])[field] ?? null, stored(field, value) ?? null),
      );
    return same ? { existing } : { existing, change: { ...patch, ...(secrets === undefined ? {} : { secrets }) } };
  }

  private customEventTypes(): Required<EventTypeInput>[] {
    return this.catalog
      .eventTypes('generic')
      .filter((eventType) => eventType.custom)
      .map(({ type, name, description, schema, sample }) => ({ type, name, description, schema, sample: sample({}) }));
  }

  /** Only providers with tokens set: an empty list is the default. */
  private providerSettings(): Record<string, ProviderSettings> {
    const entries = [...providers.keys()].map((id) => [id, this.catalog.settings(id)] as const);
    return Object.fromEntries(entries.filter(([, settings]) => settings.acceptedTokens.length > 0));
  }
}

/**
 * The change that makes an inbox match its entry. A setting the entry leaves out but the inbox
 * has (a script) is cleared with null, where the patch schema takes null for it.
 */
function inboxPatch(existing: Inbox, wanted: InboxCreate): InboxPatch {
  const cleared = INBOX_FIELDS.filter(
    (field) =>
      !(field in wanted) &&
      pick(existing, [field])[field] !== undefined &&
      Value.Check(InboxPatch.properties[field as keyof InboxPatch]!, null),
  );
  return { ...Object.fromEntries(cleared.map((field) => [field, null])), ...wanted };
}

function record(changes: Changes, existing: unknown, same: boolean, name: string): void {
  if (!existing) changes.created.push(name);
  else if (same) changes.unchanged.push(name);
  else changes.updated.push(name);
}

/** A hook as the input that would make it again, without its secret. */
function hookInput(hook: Hook): Omit<WorkspaceHook, 'key' | 'secret'> {
  return { ...(pick(hook, HOOK_FIELDS) as Omit<WorkspaceHook, 'key' | 'secret' | 'retry'>), retry: retryInput(hook.retry) };
}

function sameHook(existing: Hook, wanted: Hook, input: Omit<WorkspaceHook, 'key'>): boolean {
  if (input.secret !== undefined && input.secret !== existing.secret) return false;
  return isDeepStrictEqual(hookInput(existing), hookInput(wanted));
}

function retryInput(retry: RetryPolicy): NonNullable<WorkspaceHook['retry']> {
  return retry.preset === 'custom' ? { schedule: retry.schedule } : { preset: retry.preset };
}

function pick(from: object, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(from).filter(([field, value]) => fields.includes(field) && value !== undefined));
}
