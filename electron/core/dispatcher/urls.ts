/** Hooks send to the same few URLs over and over: each is split once (per thread). */
const split = new Map<string, { origin: string; path: string }>();
const URLS_CACHED = 1024;

/** The URL's origin (what undici keeps connections per) and its path with the query. Throws on a URL that does not parse. */
export function splitUrl(url: string): { origin: string; path: string } {
  let parts = split.get(url);
  if (!parts) {
    const { origin, pathname, search } = new URL(url);
    parts = { origin, path: `${pathname}${search}` };
    if (split.size >= URLS_CACHED) split.clear();
    split.set(url, parts);
  }
  return parts;
}

/** The origin attempts to `url` count against; a URL that does not parse is its own (its attempt fails when sent). */
export function originOf(url: string): string {
  try {
    return splitUrl(url).origin;
  } catch {
    return url;
  }
}
