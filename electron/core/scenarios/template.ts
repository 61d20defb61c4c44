/**
 * The scenario template language, kept small so it is safe to run what a user saved: no code,
 * only `{{name}}`, `{{name.path.0}}` and `{{name + N}}` / `{{name - N}}` (numbers only).
 * A string that is exactly one `{{...}}` takes the value's own type (an object, a number);
 * inside a longer string the value is written as text.
 */

export class TemplateError extends Error {
  constructor(
    message: string,
    /** Where in the template, as a JSON pointer. */
    readonly pointer: string,
  ) {
    super(message);
  }
}

export type Vars = Readonly<Record<string, unknown>>;

const PLACEHOLDER = /\{\{(.*?)\}\}/g;
const EXPRESSION = /^\s*([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_$-]+)*)\s*(?:([+-])\s*(\d+(?:\.\d+)?))?\s*$/;
/** Keys that would reach an object's prototype: never read, never written. */
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** The template with every placeholder replaced; throws a TemplateError naming the place. */
export function render(template: unknown, vars: Vars, pointer = ''): unknown {
  if (typeof template === 'string') return renderString(template, vars, pointer);
  if (Array.isArray(template)) return template.map((item, index) => render(item, vars, `${pointer}/${index}`));
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) {
      if (FORBIDDEN.has(key)) throw new TemplateError(`"${key}" cannot be a key.`, pointer);
      out[key] = render(value, vars, `${pointer}/${escape(key)}`);
    }
    return out;
  }
  return template;
}

function renderString(text: string, vars: Vars, pointer: string): unknown {
  const whole = /^\{\{(.*?)\}\}$/.exec(text);
  if (whole && !whole[1]!.includes('{{')) return structuredClone(evaluate(whole[1]!, vars, pointer));
  return text.replace(PLACEHOLDER, (_match, expression: string) => {
    const value = evaluate(expression, vars, pointer);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

function evaluate(expression: string, vars: Vars, pointer: string): unknown {
  const match = EXPRESSION.exec(expression);
  if (!match) {
    throw new TemplateError(`"{{${expression}}}" is not a template expression: use {{name}}, {{name.path}} or {{name + 5}}.`, pointer);
  }
  const [, name, path, operator, operand] = match;
  if (!Object.hasOwn(vars, name!)) throw new TemplateError(`No variable "${name}" (known: ${Object.keys(vars).join(', ')}).`, pointer);
  let value: unknown = vars[name!];
  for (const segment of path!.split('.').slice(1)) {
    if (FORBIDDEN.has(segment) || value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) {
      throw new TemplateError(`"{{${expression.trim()}}}": "${name}" has no "${segment}" there.`, pointer);
    }
    value = (value as Record<string, unknown>)[segment];
  }
  if (!operator) return value === undefined ? null : value;
  if (typeof value !== 'number') throw new TemplateError(`"{{${expression.trim()}}}": only numbers can be added to.`, pointer);
  return operator === '+' ? value + Number(operand) : value - Number(operand);
}

/** Sets `value` at a JSON pointer, creating the objects on the way; "" replaces the whole document. */
export function setPointer(document: unknown, pointer: string, value: unknown): unknown {
  if (pointer === '') return value;
  if (!pointer.startsWith('/')) throw new TemplateError(`"${pointer}" is not a JSON pointer (they start with "/").`, pointer);
  const keys = pointer.slice(1).split('/').map(unescape);
  if (keys.some((key) => FORBIDDEN.has(key))) throw new TemplateError(`"${pointer}" names a forbidden key.`, pointer);
  const root = document !== null && typeof document === 'object' ? document : {};
  let node = root as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
  return root;
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (key: string) => key.replace(/~1/g, '/').replace(/~0/g, '~');
