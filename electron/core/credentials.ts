/**
 * What carries a hook's credentials, for the exports that leave them out unless asked: Codewars'
 * shared secret, ChallengeMe's team token, the Basic auth Khan makes from a hook URL's `user:pass@`, and whatever a hook's
 * own headers authenticate with.
 */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-webhook-secret']);

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.toLowerCase());
}

/** The password of a URL's `user:password@`; '' when it has none or does not parse. */
export function urlPassword(url: string): string {
  try {
    return new URL(url).password;
  } catch {
    return '';
  }
}

/** The URL with its password set to `password` ('' removes it); a URL that does not parse is left as it is. */
export function withPassword(url: string, password: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.password === password) return url;
  parsed.password = password;
  return parsed.toString();
}
