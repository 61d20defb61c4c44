/**
 * Where a copy or replay of a capture goes: the target URL as given, then the capture's sub-path
 * (what followed `/in/<slug>`) and its raw query string. The default target, the inbox's own URL,
 * so gives back the original URL. The capture's part is kept byte for byte (never re-encoded).
 */
export function captureUrl(target: URL, capturePath: string, captureSearch: string, inboxSlug: string): string {
  const prefix = `/in/${inboxSlug}`;
  const subPath = capturePath === prefix || capturePath.startsWith(`${prefix}/`) ? capturePath.slice(prefix.length) : capturePath;
  const base = target.pathname.replace(/\/$/, '');
  const path = `${base}${subPath}` || '/';
  const search = [target.search.slice(1), captureSearch].filter(Boolean).join('&');
  return `${target.origin}${path}${search ? `?${search}` : ''}`;
}

/** The origin and the raw path+query of a URL, the latter unchanged when the URL was built by captureUrl. */
export function splitUrl(url: string): { origin: string; path: string } {
  const parsed = new URL(url);
  const raw = url.startsWith(parsed.origin) ? url.slice(parsed.origin.length) : '';
  return { origin: parsed.origin, path: raw.startsWith('/') ? raw : `${parsed.pathname}${parsed.search}` };
}
