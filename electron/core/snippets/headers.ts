/**
 * Headers that describe one connection (RFC 9110 §7.6.1), not the request: a copy or a replay
 * never repeats them. `expect` asks the peer of this connection for a 100 Continue.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect']);

/** Set by every HTTP client from the URL and the bytes it sends, so a copy never states them. */
const CLIENT_SET = new Set(['host', 'content-length']);

/**
 * A header that frames the message on its connection (`name` in lower case): the length, the
 * transfer coding, hop-by-hop ones. A sender sets these from what it sends; a given one would
 * contradict it.
 */
export function isFramingHeader(name: string): boolean {
  return HOP_BY_HOP.has(name) || name === 'content-length';
}

/** A header a copy or replay leaves to its HTTP client: the framing ones and `host` (from the URL). */
export function isTransportHeader(name: string): boolean {
  return isFramingHeader(name) || CLIENT_SET.has(name);
}

/** Every transport header by name, for code written out for another process (a fixture's test). */
export const TRANSPORT_HEADERS: readonly string[] = [...HOP_BY_HOP, ...CLIENT_SET];

export interface ForwardedHeaders {
  /** What a copy sends, in the order received. */
  kept: [string, string][];
  /** Lower-case names left out, in the order first met. */
  dropped: string[];
}

/** Splits received headers into those a copy or replay sends and those it leaves to the client. */
export function forwardedHeaders(headers: readonly (readonly [string, string])[]): ForwardedHeaders {
  // Headers a `Connection` header names are hop-by-hop too.
  const named = new Set<string>();
  for (const [name, value] of headers) {
    if (name.toLowerCase() === 'connection') for (const token of value.split(',')) named.add(token.trim().toLowerCase());
  }
  const kept: [string, string][] = [];
  const dropped: string[] = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (isTransportHeader(lower) || named.has(lower)) {
      if (!dropped.includes(lower)) dropped.push(lower);
    } else {
      kept.push([name, value]);
    }
  }
  return { kept, dropped };
}

export function hasHeader(headers: readonly (readonly [string, string])[], name: string): boolean {
  return headers.some(([candidate]) => candidate.toLowerCase() === name);
}
