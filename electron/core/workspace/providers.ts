import { isDeepStrictEqual } from 'node:util';
import type { HookCreate } from '../../shared/hooks.js';
import type { WorkspaceHook, WorkspaceProvider, WorkspaceSummary } from '../../shared/workspace.js';
import type { HookService } from '../hooks/service.js';
import type { Catalog } from '../providers/catalog.js';
import type { CustomProviderRecord } from '../providers/custom.js';
import { providers } from '../providers/registry.js';
import { invalidWorkspace } from './parse.js';

type Changes = WorkspaceSummary['providers'];

/** A stored provider as a file lists it: the whole record but when it was imported. */
export function providerEntry({ id, name, description, eventTypes }: CustomProviderRecord): WorkspaceProvider {
  return {
    id,
    name,
    description,
    eventTypes: eventTypes.map(({ type, name, description, schema, sample }) => ({ type, name, description, schema, sample })),
  };
}

/**
 * The record a file's provider becomes. What an event type leaves out is empty, as for the
 * file's generic event types; a sample of `null` (a message without a payload) stays null.
 */
export function providerRecord(entry: WorkspaceProvider, createdAt: string): CustomProviderRecord {
  return {
    id: entry.id,
    name: entry.name,
    description: entry.description ?? '',
    // The only kind of user's provider there is; it delivers the generic way whatever its origin.
    source: 'asyncapi',
    eventTypes: entry.eventTypes.map((eventType) => ({
      type: eventType.type,
      name: eventType.name,
      description: eventType.description ?? '',
      schema: eventType.schema ?? {},
      sample: eventType.sample === undefined ? {} : eventType.sample,
    })),
    createdAt,
  };
}

/**
 * What `HookService.prepare` can check of a hook whose provider is not built in. A provider of
 * the file does not exist yet: the hook's events are checked against the file's types here, the
 * rest as a generic hook (a user's provider has the generic hook defaults and no options). One
 * already imported here counts unless the import replaces (it would be removed); any other is
 * refused, naming the hook.
 */
export function hookInputToCheck(
  entry: WorkspaceHook,
  index: number,
  file: readonly WorkspaceProvider[],
  kept: ReadonlySet<string>,
): HookCreate {
  const { key, ...input } = entry;
  const id = input.provider ?? 'generic';
  const position = file.findIndex((provider) => provider.id === id);
  const own = file[position];
  if (!own) {
    if (providers.has(id) || kept.has(id)) return input;
    throw invalidWorkspace(
      `hooks/${index}/provider`,
      `The hook "${key}" uses the provider "${id}", which is neither built in nor in the file's "providers". ` +
        "Add the provider to the file (an export from the Hookbench that has it lists it there), or change the hook's provider.",
    );
  }
  const types = new Set(own.eventTypes.map((eventType) => eventType.type));
  const unknown = (input.events ?? []).findIndex((type) => type !== '*' && !types.has(type));
  if (unknown !== -1) {
    throw invalidWorkspace(
      `hooks/${index}/events/${unknown}`,
      `"${input.events![unknown]}" is not an event type of ${id}; add it to providers/${position}/eventTypes.`,
    );
  }
  return { ...input, provider: 'generic', events: ['*'] };
}

/** Creates the file's providers that are missing and updates those that differ; hooks come after. */
export async function applyProviders(catalog: Catalog, entries: readonly WorkspaceProvider[], changes: Changes): Promise<void> {
  for (const entry of entries) {
    const existing = catalog.customProviders().find((record) => record.id === entry.id);
    const wanted = providerRecord(entry, existing?.createdAt ?? new Date().toISOString());
    if (!existing) {
      await catalog.addCustomProvider(wanted);
      changes.created.push(entry.id);
    } else if (isDeepStrictEqual(providerEntry(existing), providerEntry(wanted))) {
      changes.unchanged.push(entry.id);
    } else {
      await catalog.replaceCustomProvider(wanted);
      changes.updated.push(entry.id);
    }
  }
}

/** `?replace=true`, after the hooks the file lacks are gone: so are the providers it lacks. */
export async function removeOtherProviders(
  catalog: Catalog,
  hooks: HookService,
  entries: readonly WorkspaceProvider[],
  changes: Changes,
): Promise<void> {
  const ids = new Set(entries.map((entry) => entry.id));
  for (const { id } of catalog.customProviders().filter((record) => !ids.has(record.id))) {
    await catalog.deleteCustomProvider(id, hooks.list().filter((hook) => hook.provider === id).length);
    changes.removed.push(id);
  }
}
