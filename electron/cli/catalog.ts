import { HttpError } from '../core/errors.js';
import { Catalog, userEventType } from '../core/providers/catalog.js';
import { parseWorkspace } from '../core/workspace/parse.js';
import { providerRecord } from '../core/workspace/providers.js';
import type { Workspace } from '../shared/workspace.js';
import { ClientError } from './client.js';
import { readWorkspace } from './workspace.js';

/**
 * The catalogs without a server: the built-in providers, plus a workspace file's own providers
 * and generic event types when there is one. Nothing is saved to it.
 */
export function offlineCatalog(workspace?: Workspace): Catalog {
  const genericEventTypes = (workspace?.eventTypes ?? []).map(userEventType);
  const now = new Date().toISOString();
  const customProviders = (workspace?.providers ?? []).map((entry) => providerRecord(entry, now));
  return new Catalog({
    genericEventTypes: () => genericEventTypes,
    customProviders: () => customProviders,
    providerSettings: () => ({ acceptedTokens: [] }),
    update: () => Promise.reject(new Error('Nothing is saved without a server.')),
  });
}

/** `fire --standalone --workspace FILE`: the file is checked as an import would check its shape. */
export async function workspaceCatalog(file: string): Promise<Catalog> {
  const value = await readWorkspace(file);
  try {
    return offlineCatalog(parseWorkspace(value));
  } catch (error) {
    if (error instanceof HttpError) throw new ClientError(`The workspace file ${file} cannot be used: ${error.message}`);
    throw error;
  }
}
