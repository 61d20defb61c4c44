/** A POSIX shell word holding `text` exactly: single quotes, each `'` written as `'\''`. */
export function shellQuote(text: string): string {
  // Plain words stay readable; anything else is quoted (an empty word must be quoted too).
  if (/^[A-Za-z0-9_\-.,:/@%+=]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A JavaScript string literal for `text` (JSON's escapes are valid JavaScript since ES2019). */
export function jsString(text: string): string {
  return JSON.stringify(text);
}
