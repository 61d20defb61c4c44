/** Small display helpers shared by the views (plain functions, tested through the pages). */

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return date.toLocaleTimeString(undefined, { hour12: false }) + `.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { hour12: false });
}

/** The text of a body: utf8 as is, base64 decoded when it is valid UTF-8, else undefined (binary). */
export function bodyText(body: string, encoding: 'utf8' | 'base64'): string | undefined {
  if (encoding === 'utf8') return body;
  try {
    const bytes = Uint8Array.from(atob(body), (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A header value as text. HTTP hands header bytes over one character per byte (Latin-1), so
 * `café` sent as UTF-8 arrives as `cafÃ©`; bytes that form valid UTF-8 are shown decoded, any
 * other value as it is.
 */
export function headerText(value: string): string {
  if (!/[\x80-\xff]/.test(value) || /[\u0100-\uffff]/.test(value)) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(value, (char) => char.charCodeAt(0)));
  } catch {
    return value;
  }
}

export function bodyBytes(body: string, encoding: 'utf8' | 'base64'): Uint8Array {
  return encoding === 'utf8' ? new TextEncoder().encode(body) : Uint8Array.from(atob(body), (char) => char.charCodeAt(0));
}

/** A classic hex dump: offset, 16 bytes, their printable characters. */
export function hexDump(bytes: Uint8Array, limit = 64 * 1024): string {
  const lines: string[] = [];
  for (let offset = 0; offset < Math.min(bytes.length, limit); offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    const hex = Array.from(row, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
    const text = Array.from(row, (byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${text}`);
  }
  if (bytes.length > limit) lines.push(`… ${bytes.length - limit} more bytes (download the raw body to see them)`);
  return lines.join('\n');
}
