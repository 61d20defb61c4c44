/**
 * Credentials in a hook's URL (`https://user:pass@host/`) go into an `Authorization: Basic`
 * header and out of the URL, as HTTP clients do (Go's net/http for Khan; Hookbench's own hooks).
 */
export function withoutCredentials(raw: string): { url: string; authorization?: string } {
  if (!raw.includes('@')) return { url: raw }; // no credentials: no URL to parse on every attempt
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { url: raw }; // the attempt reports the bad URL
  }
  if (!url.username && !url.password) return { url: raw };
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  url.hash = '';
  return { url: url.toString(), authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}
