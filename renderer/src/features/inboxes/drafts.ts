import type { InboxResponse, InboxRule, InboxRuleInput, RuleCondition, RuleMatch } from '../../../../electron/shared/answers.js';

/** An answer as the form edits it: text fields, turned back into a response on save. */
export interface ResponseDraft {
  status: string;
  /** One "Name: value" per line. */
  headers: string;
  body: string;
  delayMs: string;
  templated: boolean;
  statusTemplate: string;
}

export type ConditionTest = 'equals' | 'contains' | 'present' | 'absent';
export interface ConditionDraft {
  name: string;
  test: ConditionTest;
  value: string;
}
export const CONDITION_KINDS = ['headers', 'query', 'json'] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** A rule as the form edits it; `key` tells list items apart while they move. */
export interface RuleDraft {
  key: string;
  id?: string;
  preset?: string;
  name: string;
  enabled: boolean;
  /** Comma- or space-separated. */
  methods: string;
  path: string;
  conditions: Record<ConditionKind, ConditionDraft[]>;
  response: ResponseDraft;
}

export function responseDraft(response: InboxResponse): ResponseDraft {
  return {
    status: String(response.status),
    headers: Object.entries(response.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n'),
    body: response.body,
    delayMs: String(response.delayMs),
    templated: response.templated ?? false,
    statusTemplate: response.statusTemplate ?? '',
  };
}

export function responseFromDraft(draft: ResponseDraft): InboxResponse {
  const headers: Record<string, string> = {};
  for (const line of draft.headers.split('\n').filter((text) => text.trim())) {
    const colon = line.indexOf(':');
    // A line without a colon is all name, so the server names it when it is not a legal one.
    if (colon === -1) headers[line.trim()] = '';
    else headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  // Both always sent: a PATCH merges into the saved response, so leaving one out would keep its old value.
  return {
    status: Number(draft.status),
    headers,
    body: draft.body,
    delayMs: Number(draft.delayMs),
    templated: draft.templated,
    statusTemplate: draft.statusTemplate,
  };
}

let lastKey = 0;
const nextKey = () => `rule-draft-${++lastKey}`;

export function ruleDraft(rule: InboxRule): RuleDraft {
  const conditions = (kind: ConditionKind) => (rule.match[kind] ?? []).map(conditionDraft);
  return {
    key: nextKey(),
    id: rule.id,
    ...(rule.preset ? { preset: rule.preset } : {}),
    name: rule.name,
    enabled: rule.enabled,
    methods: (rule.match.method ?? []).join(', '),
    path: rule.match.path ?? '',
    conditions: { headers: conditions('headers'), query: conditions('query'), json: conditions('json') },
    response: responseDraft(rule.response),
  };
}

/** A new rule: matches every request until the user narrows it, answers what the inbox answers. */
export function newRuleDraft(name: string, response: ResponseDraft): RuleDraft {
  return {
    key: nextKey(),
    name,
    enabled: true,
    methods: '',
    path: '',
    conditions: { headers: [], query: [], json: [] },
    response: { ...response },
  };
}

export function ruleFromDraft(draft: RuleDraft): InboxRuleInput {
  const match: RuleMatch = {};
  const methods = draft.methods.split(/[\s,]+/).filter(Boolean);
  if (methods.length) match.method = methods;
  if (draft.path.trim()) match.path = draft.path.trim();
  for (const kind of CONDITION_KINDS) {
    if (draft.conditions[kind].length) match[kind] = draft.conditions[kind].map(conditionFromDraft);
  }
  return {
    ...(draft.id ? { id: draft.id } : {}),
    ...(draft.preset ? { preset: draft.preset } : {}),
    name: draft.name,
    enabled: draft.enabled,
    match,
    response: responseFromDraft(draft.response),
  };
}

function conditionDraft(condition: RuleCondition): ConditionDraft {
  if (condition.present !== undefined) return { name: condition.name, test: condition.present ? 'present' : 'absent', value: '' };
  if (condition.contains !== undefined) return { name: condition.name, test: 'contains', value: condition.contains };
  return { name: condition.name, test: 'equals', value: condition.equals ?? '' };
}

function conditionFromDraft({ name, test, value }: ConditionDraft): RuleCondition {
  if (test === 'present' || test === 'absent') return { name, present: test === 'present' };
  return test === 'contains' ? { name, contains: value } : { name, equals: value };
}

/** A short line saying what a rule matches, for the rule list. */
export function matchSummary(draft: RuleDraft): string {
  const parts = [draft.methods.trim(), draft.path.trim()].filter(Boolean);
  for (const kind of CONDITION_KINDS) {
    for (const condition of draft.conditions[kind]) {
      const test = condition.test === 'present' || condition.test === 'absent' ? condition.test : `${condition.test} "${condition.value}"`;
      parts.push(`${kind === 'headers' ? 'header' : kind} ${condition.name} ${test}`);
    }
  }
  return parts.length ? parts.join(' · ') : 'every request';
}
