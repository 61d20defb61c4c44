import { jsonLanguage } from '@codemirror/lang-json';

/**
 * Where a problem sits in the payload text. The server names problems by JSON pointer; the
 * editor marks text ranges, so the pointer is followed through the text with a small scanner
 * (the text already parsed, so it is well-formed JSON).
 */
export interface TextRange {
  from: number;
  to: number;
}

/** The range of the value a JSON pointer names, or null when the text does not have it. */
export function pointerRange(text: string, pointer: string): TextRange | null {
  const tokens =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
  let at = 0;
  const space = () => {
    while (at < text.length && /\s/.test(text[at]!)) at += 1;
  };
  const string = (): string => {
    const start = at;
    at += 1;
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at += 1;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const skip = () => {
    if (text[at] === '"') return void string();
    if (text[at] !== '{' && text[at] !== '[') {
      while (at < text.length && !/[\s,\]}]/.test(text[at]!)) at += 1;
      return;
    }
    let depth = 0;
    do {
      if (text[at] === '"') {
        string();
        continue;
      }
      if (text[at] === '{' || text[at] === '[') depth += 1;
      if (text[at] === '}' || text[at] === ']') depth -= 1;
      at += 1;
    } while (depth > 0 && at < text.length);
  };
  const find = (depth: number): TextRange | null => {
    space();
    if (depth === tokens.length) {
      const from = at;
      skip();
      return { from, to: at };
    }
    const open = text[at];
    if (open !== '{' && open !== '[') return null;
    at += 1;
    for (let index = 0; ; index += 1) {
      space();
      if (text[at] === '}' || text[at] === ']' || at >= text.length) return null;
      let name = String(index);
      if (open === '{') {
        name = string();
        space();
        at += 1; // the colon
        space();
      }
      if (name === tokens[depth]) return find(depth + 1);
      skip();
      space();
      if (text[at] === ',') at += 1;
    }
  };
  try {
    return find(0);
  } catch {
    return null;
  }
}

/** A JSON syntax error and where it is. */
export interface SyntaxProblem {
  message: string;
  range: TextRange;
}

/**
 * The browser's JSON.parse says what is wrong but rarely where, so the place comes from the
 * first error node of CodeMirror's JSON grammar (the whole text if the grammar accepts it).
 */
export function syntaxProblem(text: string): SyntaxProblem | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    let at = -1;
    jsonLanguage.parser.parse(text).iterate({
      enter: (node) => {
        if (at < 0 && node.type.isError) at = node.from;
        return at < 0;
      },
    });
    const range =
      at < 0 ? { from: 0, to: text.length } : { from: Math.max(0, Math.min(at, text.length - 1)), to: Math.min(at + 1, text.length) };
    return { message: (error as Error).message, range };
  }
}
