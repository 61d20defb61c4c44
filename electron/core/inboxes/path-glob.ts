/**
 * Path globs for inbox rules: `*` matches within one segment, `**` (a whole segment) matches
 * any number of segments, `/` alone is the inbox root. No regular expressions: a pattern is
 * matched segment by segment in time proportional to pattern × path, whatever the input, so a
 * hostile path cannot stall the ingress.
 */

/** A compiled glob: per segment, `**` or the literal pieces between its `*`s. */
export type PathGlob = ('**' | string[])[];

/** Why a pattern is not a glob, or undefined when it is one. */
export function globProblem(pattern: string): string | undefined {
  if (!pattern.startsWith('/')) return 'A path pattern starts with "/" (the inbox root), e.g. /orders/*.';
  if (segments(pattern).some((segment) => segment !== '**' && segment.includes('**'))) {
    return '"**" matches whole segments only: write /a/**/b, not /a**b.';
  }
  return undefined;
}

export function compileGlob(pattern: string): PathGlob {
  return segments(pattern).map((segment) => (segment === '**' ? '**' : segment.split('*')));
}

export function matchGlob(glob: PathGlob, path: string): boolean {
  const parts = segments(path);
  // reach[i]: the pattern so far can end right before path segment i.
  let reach = parts.map((_, index) => index === 0).concat(parts.length === 0);
  for (const piece of glob) {
    const next = new Array<boolean>(parts.length + 1).fill(false);
    for (let at = 0; at <= parts.length; at++) {
      if (!reach[at]) continue;
      if (piece === '**') {
        for (let end = at; end <= parts.length; end++) next[end] = true;
        break;
      }
      if (at < parts.length && matchSegment(piece, parts[at]!)) next[at + 1] = true;
    }
    reach = next;
  }
  return reach[parts.length] === true;
}

/** `/` → [], `/a/b` → [a, b], `/a/` → [a, ''] (a trailing slash is a segment of its own). */
function segments(path: string): string[] {
  return path === '/' || path === '' ? [] : path.slice(1).split('/');
}

/** One segment against its pieces: the first a prefix, the last a suffix, the middle ones leftmost in order. */
function matchSegment(pieces: string[], segment: string): boolean {
  if (pieces.length === 1) return pieces[0] === segment;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (segment.length < first.length + last.length || !segment.startsWith(first) || !segment.endsWith(last)) return false;
  let at = first.length;
  const end = segment.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = segment.indexOf(piece, at);
    if (found === -1 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}
