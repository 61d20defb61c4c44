import { isIP } from 'node:net';
import type { ForwardRule } from '../../shared/schemas.js';
import { portOf } from '../dispatcher/policy.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

/** The inbox slug a URL reaches on this Hookbench's own ingress (by loopback), if it does. */
export function localInboxSlug(url: string, ingressPort: number): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const loopback = LOOPBACK_NAMES.has(host) || host.endsWith('.localhost') || (isIP(host) === 4 && host.startsWith('127.'));
  if (!loopback || portOf(parsed) !== ingressPort) return undefined;
  const match = /^\/in\/([^/?#]+)/.exec(parsed.pathname);
  // Not decoded: the ingress matches the slug as sent.
  return match?.[1];
}

/**
 * Whether forwarding to `url` would come back to the inbox `fromSlug`, directly or through other
 * inboxes' enabled rules: each hop would capture and forward again, without end.
 */
export function leadsBack(
  fromSlug: string,
  url: string,
  ingressPort: number,
  rulesOf: (slug: string) => readonly ForwardRule[] | undefined,
): boolean {
  const seen = new Set<string>();
  const next = [url];
  for (let target = next.pop(); target !== undefined; target = next.pop()) {
    const slug = localInboxSlug(target, ingressPort);
    if (slug === undefined || seen.has(slug)) continue;
    if (slug === fromSlug) return true;
    seen.add(slug);
    for (const rule of rulesOf(slug) ?? []) if (rule.enabled) next.push(rule.url);
  }
  return false;
}
