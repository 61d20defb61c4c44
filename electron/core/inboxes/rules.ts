import type { InboxResponse, InboxRule, InboxRuleInput, RuleCondition, RuleMatch } from '../../shared/answers.js';
import { HttpError } from '../errors.js';
import { newId } from '../ids.js';
import { compileGlob, globProblem, matchGlob } from './path-glob.js';
import type { RequestView } from './request.js';
import { storedResponse } from './templates.js';

/**
 * Rules as stored: every field complete, the response filled in from the inbox's response (as
 * script steps are), so a later change to the inbox's response does not alter them. Throws a
 * 400 naming the field (`rules.2.match.json.0`) when a rule cannot work.
 */
export function completeRules(inputs: InboxRuleInput[] | null | undefined, base: InboxResponse): InboxRule[] | undefined {
  // No rules is stored as none.
  if (!inputs?.length) return undefined;
  const ids = new Set<string>();
  return inputs.map((input, index) => {
    const field = `rules.${index}`;
    const id = input.id ?? newId('rule');
    if (ids.has(id)) throw invalidRule(`${field}.id`, `Another rule of this inbox already has the id "${id}"; rule ids must be unique.`);
    ids.add(id);
    const match = checkMatch(input.match ?? {}, `${field}.match`);
    return {
      id,
      name: input.name ?? `Rule ${index + 1}`,
      enabled: input.enabled ?? true,
      match,
      response: storedResponse({ ...base, ...input.response }),
      ...(input.preset ? { preset: input.preset } : {}),
    };
  });
}

/** The index of the first enabled rule the request matches, or -1. */
export function findRule(rules: readonly InboxRule[], request: RequestView): number {
  return rules.findIndex((rule) => rule.enabled && matcher(rule.match)(request));
}

type Matcher = (request: RequestView) => boolean;
type JsonPath = (string | number)[];

/** Each rule's match compiled once (its glob, its JSON paths); a saved rule is a new object. */
const matchers = new WeakMap<RuleMatch, Matcher>();

function matcher(match: RuleMatch): Matcher {
  let compiled = matchers.get(match);
  if (!compiled) {
    const tests: Matcher[] = [];
    if (match.method) {
      const methods = match.method;
      tests.push((request) => methods.includes(request.method));
    }
    if (match.path !== undefined) {
      const glob = compileGlob(match.path);
      tests.push((request) => matchGlob(glob, request.path));
    }
    for (const condition of match.headers ?? []) tests.push((request) => holds(condition, request.headerValues(condition.name)));
    for (const condition of match.query ?? []) tests.push((request) => holds(condition, request.queryValues(condition.name)));
    for (const condition of match.json ?? []) {
      const path = parseJsonPath(condition.name)!;
      tests.push((request) => {
        const value = lookup(request.json(), path);
        if (value === undefined) return holds(condition, []);
        // An object or array is there, but equals and contains no text: comparing it would mean
        // serializing whatever a sender nested there, on every request.
        const text = scalarText(value);
        return text === undefined ? condition.present === true : holds(condition, [text]);
      });
    }
    compiled = (request) => tests.every((test) => test(request));
    matchers.set(match, compiled);
  }
  return compiled;
}

/** A condition over the values found under its name (none when absent): any one of them may satisfy it. */
function holds(condition: RuleCondition, values: string[]): boolean {
  if (condition.present !== undefined) return values.length > 0 === condition.present;
  if (condition.equals !== undefined) return values.includes(condition.equals);
  return values.some((value) => value.includes(condition.contains!));
}

/** A JSON scalar compared as text: strings as they are, numbers, booleans and null as their JSON; objects and arrays have none. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return value === null || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** Own properties only, so `constructor` or `__proto__` find nothing a sender did not send. */
function lookup(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof key === 'number' ? !Array.isArray(current) : Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** `a.b[0].c`, optionally starting with `$.`; undefined when it is not such a path. */
export function parseJsonPath(text: string): JsonPath | undefined {
  const path: JsonPath = [];
  const source = text.startsWith('$.') ? text.slice(2) : text;
  for (const part of source.split('.')) {
    const bracket = part.indexOf('[');
    const key = bracket === -1 ? part : part.slice(0, bracket);
    if (key === '') return undefined;
    path.push(key);
    let rest = bracket === -1 ? '' : part.slice(bracket);
    while (rest !== '') {
      const index = /^\[(\d{1,9})\]/.exec(rest);
      if (!index) return undefined;
      path.push(Number(index[1]));
      rest = rest.slice(index[0].length);
    }
  }
  return path;
}

function checkMatch(match: RuleMatch, field: string): RuleMatch {
  if (match.path !== undefined) {
    const problem = globProblem(match.path);
    if (problem) throw invalidRule(`${field}.path`, problem);
  }
  for (const kind of ['headers', 'query', 'json'] as const) {
    match[kind]?.forEach((condition, index) => checkCondition(condition, kind, `${field}.${kind}.${index}`));
  }
  // Methods are compared as sent, and senders send them upper-case.
  return match.method ? { ...match, method: match.method.map((method) => method.toUpperCase()) } : match;
}

function checkCondition(condition: RuleCondition, kind: 'headers' | 'query' | 'json', field: string): void {
  const tests = [condition.equals, condition.contains, condition.present].filter((test) => test !== undefined);
  if (tests.length !== 1) {
    throw invalidRule(
      field,
      `A condition on "${condition.name}" needs exactly one of equals, contains or present (it has ${tests.length}).`,
    );
  }
  if (kind === 'json' && !parseJsonPath(condition.name)) {
    throw invalidRule(`${field}.name`, `"${condition.name}" is not a JSON path; write it like event.type or items[0].id.`);
  }
}

function invalidRule(field: string, message: string): HttpError {
  return new HttpError(400, 'invalid_rule', `${field}: ${message}`, field);
}
