import type { Hook } from '../../shared/hooks.js';
import type { WorkspaceHook } from '../../shared/workspace.js';
import { isCredentialHeader, urlPassword, withPassword } from '../credentials.js';
import { providers } from '../providers/registry.js';

type HookEntry = Omit<WorkspaceHook, 'key'>;

/**
 * A workspace file written without secrets leaves out every credential a hook carries besides
 * its secret: the provider's credential options (ChallengeMe's team token), the password of a
 * `user:password@` URL and credential headers of its own (`Authorization`, `Cookie`...).
 */
export function withoutCredentials(entry: HookEntry): HookEntry {
  const hidden = secretOptionsOf(entry.provider ?? 'generic');
  return {
    ...entry,
    url: withPassword(entry.url, ''),
    ...(entry.headers ? { headers: Object.fromEntries(Object.entries(entry.headers).filter(([name]) => !isCredentialHeader(name))) } : {}),
    ...(entry.providerOptions
      ? { providerOptions: Object.fromEntries(Object.entries(entry.providerOptions).filter(([name]) => !hidden.includes(name))) }
      : {}),
  };
}

/**
 * Importing such a file must not strip the hook it updates: what the file lacks of the credentials
 * above, the hook keeps, as it keeps its secret. A password is kept only for the same URL.
 */
export function keepingCredentials(entry: HookEntry, existing: Hook): HookEntry {
  const provider = entry.provider ?? 'generic';
  const keptOptions =
    provider === existing.provider
      ? secretOptionsOf(provider).filter(
          (name) => entry.providerOptions?.[name] === undefined && existing.providerOptions[name] !== undefined,
        )
      : [];
  const password = urlPassword(existing.url);
  const keepsPassword = password !== '' && urlPassword(entry.url) === '' && sameUrl(withPassword(existing.url, ''), entry.url);
  const keptHeaders = Object.entries(existing.headers).filter(
    ([name]) => isCredentialHeader(name) && !hasHeader(entry.headers ?? {}, name),
  );
  if (keptOptions.length === 0 && !keepsPassword && keptHeaders.length === 0) return entry;
  return {
    ...entry,
    url: keepsPassword ? withPassword(entry.url, password) : entry.url,
    ...(keptHeaders.length > 0 ? { headers: { ...entry.headers, ...Object.fromEntries(keptHeaders) } } : {}),
    ...(keptOptions.length > 0
      ? {
          providerOptions: {
            ...entry.providerOptions,
            ...Object.fromEntries(keptOptions.map((name) => [name, existing.providerOptions[name]])),
          },
        }
      : {}),
  };
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((candidate) => candidate.toLowerCase() === lower);
}

/** A built-in provider's credential options (the user's own providers have none). */
function secretOptionsOf(provider: string): string[] {
  return providers.get(provider)?.secretOptions ?? [];
}
