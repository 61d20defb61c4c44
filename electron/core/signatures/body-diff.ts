import type { BodyChangeCause, BodyDiff } from '../../shared/signatures.js';

/** Bytes shown before the first difference, for context, and from it on. */
const BEFORE = 8;
const AFTER = 24;

/** Where two bodies first differ, the bytes on both sides, and the likely cause; undefined when they are equal. */
export function diffBodies(captured: Buffer, original: Buffer): BodyDiff | undefined {
  if (captured.equals(original)) return undefined;
  const offset = firstDifference(captured, original);
  const from = Math.max(0, offset - BEFORE);
  const side = (bytes: Buffer) => {
    const shown = bytes.subarray(from, offset + AFTER);
    return { hex: shown.toString('hex').replace(/(..)(?!$)/g, '$1 '), text: JSON.stringify(shown.toString('utf8')), size: bytes.length };
  };
  return {
    offset,
    from,
    captured: side(captured),
    original: side(original),
    ...likelyCause(captured.toString('utf8'), original.toString('utf8')),
  };
}

export function firstDifference(a: Buffer, b: Buffer): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return length;
}

/** Tries the usual transformations from the most specific to the least; the first that explains the change wins. */
export function likelyCause(captured: string, original: string): { cause: BodyChangeCause; causeMessage: string } {
  const withoutFinalNewline = (text: string) => text.replace(/\r?\n$/, '');
  if (withoutFinalNewline(captured) === withoutFinalNewline(original)) {
    const added = captured.length > original.length;
    return {
      cause: 'trailing_newline',
      causeMessage: added
        ? 'A trailing newline was added after signing (a proxy, a text editor or `echo` adds one): sign and send the exact same bytes.'
        : 'The trailing newline of the signed body was removed before it arrived (a framework trimming the body?).',
    };
  }
  const lf = (text: string) => text.replace(/\r\n/g, '\n');
  if (lf(captured) === lf(original)) {
    return {
      cause: 'line_endings',
      causeMessage:
        'Only line endings differ (CRLF "\\r\\n" on one side, LF "\\n" on the other): something converted them in transit (a text-mode transfer, git autocrlf, a Windows tool).',
    };
  }
  const capturedJson = parseJson(captured);
  const originalJson = parseJson(original);
  const bothJson = capturedJson.ok && originalJson.ok;
  const squeeze = bothJson ? withoutJsonWhitespace : (text: string) => text.replace(/\s+/g, '');
  if (squeeze(captured) === squeeze(original)) {
    return {
      cause: 'whitespace',
      causeMessage:
        'Only whitespace differs (indentation, spaces after ":" or ","): the body was pretty-printed or minified after it was signed. Verify the raw bytes as received, before any JSON parsing.',
    };
  }
  if (capturedJson.ok && originalJson.ok) {
    if (JSON.stringify(capturedJson.value) === JSON.stringify(originalJson.value)) {
      const escapes = /\\u[0-9a-fA-F]{4}/;
      if (escapes.test(captured) || escapes.test(original)) {
        const side = escapes.test(captured) ? 'the received body' : 'the signed body';
        return {
          cause: 'unicode_escaping',
          causeMessage: `The JSON is equal but characters are escaped differently (${side} writes \\u00e9 where the other has é): something parsed and re-serialized it with another escaping (an ASCII-only JSON encoder).`,
        };
      }
      return reserialized;
    }
    if (canonical(capturedJson.value) === canonical(originalJson.value)) return reserialized;
  }
  return {
    cause: 'content',
    causeMessage:
      'The content itself differs, not just its formatting: this is not the body that was signed, or something edited it on the way.',
  };
}

const reserialized = {
  cause: 'json_reserialized',
  causeMessage:
    'The JSON is equal but written differently (key order, spacing or number format): something parsed and re-serialized the body before it was verified. Verify the raw bytes as received.',
} as const;

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** JSON text without the whitespace between tokens (whitespace inside strings is kept). */
export function withoutJsonWhitespace(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (!/\s/.test(char)) out += char;
  }
  return out;
}

/** JSON with object keys sorted at every level: equal for equal values whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
