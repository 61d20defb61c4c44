import type { Hook, HookCreate, Provider, RetryPolicy } from '../../../../electron/shared/hooks.js';

/** A header as the editor shows it: one row each, in order. */
export interface HeaderRow {
  name: string;
  value: string;
}

/** A provider option as typed: text for strings, numbers, enums and JSON; a flag for booleans. */
export type OptionValue = string | boolean;

/** The hook editor's form state: everything as the user typed it, turned into an API body on save. */
export interface HookDraft {
  name: string;
  url: string;
  provider: string;
  /** `['*']` is every event type. */
  events: string[];
  method: Hook['method'];
  format: Hook['format'];
  headers: HeaderRow[];
  customData: string;
  secret: string;
  retryPreset: RetryPolicy['preset'];
  /** Delays in ms, comma separated (a custom schedule). */
  retrySchedule: string;
  timeoutMs: string;
  enabled: boolean;
  autoDisableAfter: string;
  providerOptions: Record<string, OptionValue>;
}

/** A JSON Schema property as the provider's `hookOptions` describes it (only what the editor uses). */
export interface OptionSchema {
  type?: string;
  enum?: unknown[];
  anyOf?: { const?: unknown }[];
  title?: string;
  description?: string;
  pattern?: string;
}

export function optionSchemas(provider: Provider | undefined): { properties: Record<string, OptionSchema>; required: string[] } {
  const schema = (provider?.hookOptions ?? {}) as { properties?: Record<string, OptionSchema>; required?: string[] };
  return { properties: schema.properties ?? {}, required: schema.required ?? [] };
}

/** The values an enum option allows (TypeBox writes unions of literals as `anyOf` of `const`). */
export function enumValues(schema: OptionSchema): string[] | undefined {
  if (schema.enum) return schema.enum.map(String);
  if (schema.anyOf?.every((member) => member.const !== undefined)) return schema.anyOf.map((member) => String(member.const));
  return undefined;
}

export function draftFromHook(hook: Hook): HookDraft {
  const providerOptions: Record<string, OptionValue> = {};
  for (const [key, value] of Object.entries(hook.providerOptions)) {
    providerOptions[key] =
      typeof value === 'boolean'
        ? value
        : typeof value === 'string'
          ? value
          : typeof value === 'number'
            ? String(value)
            : JSON.stringify(value, null, 2);
  }
  return {
    name: hook.name,
    url: hook.url,
    provider: hook.provider,
    events: hook.events,
    method: hook.method,
    format: hook.format,
    headers: Object.entries(hook.headers).map(([name, value]) => ({ name, value })),
    customData: JSON.stringify(hook.customData, null, 2),
    secret: hook.secret,
    retryPreset: hook.retry.preset,
    retrySchedule: hook.retry.schedule.join(', '),
    timeoutMs: String(hook.timeoutMs),
    enabled: hook.enabled,
    autoDisableAfter: String(hook.autoDisableAfter),
    providerOptions,
  };
}

/** A new hook of a provider, starting from what that provider does by default. */
export function draftForProvider(provider: Provider | undefined, keep: Partial<HookDraft> = {}): HookDraft {
  const defaults = provider?.hookDefaults;
  return {
    name: '',
    url: '',
    headers: [],
    customData: '{}',
    secret: '',
    enabled: true,
    autoDisableAfter: '0',
    ...keep,
    provider: provider?.id ?? 'generic',
    events: ['*'],
    method: defaults?.method ?? 'POST',
    format: defaults?.format ?? 'json',
    retryPreset: defaults?.retry.preset ?? 'exponential',
    retrySchedule: defaults?.retry.schedule.join(', ') ?? '',
    timeoutMs: String(defaults?.timeoutMs ?? 10_000),
    providerOptions: {},
  };
}

/** Problems found before asking the server, by field (the same names the server uses). */
export type Problems = Record<string, string>;

/**
 * The API body for a draft, or the problems that keep it from being sent. For an existing hook
 * the secret is sent only when changed. Emptied, it is removed where the provider leaves it
 * optional (`removesSecret`: the patch sends `secret: null`); where the provider signs with one,
 * empty means "keep".
 */
export function draftToInput(
  draft: HookDraft,
  provider: Provider | undefined,
  original?: Hook,
): { input: HookCreate; problems: Problems; removesSecret: boolean } {
  const problems: Problems = {};
  const integer = (field: string, text: string, what: string) => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value)) problems[field] = `Enter ${what} as a whole number.`;
    return value;
  };
  let customData: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(draft.customData.trim() || '{}');
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    customData = parsed as Record<string, unknown>;
  } catch {
    problems['customData'] = 'Custom data must be a JSON object, like {"team": "blue"}.';
  }
  let retry: HookCreate['retry'];
  if (draft.retryPreset === 'custom') {
    const parts = draft.retrySchedule.split(/[\s,]+/).filter(Boolean);
    const schedule = parts.map(Number);
    if (schedule.some((delay) => !Number.isInteger(delay) || delay < 0)) {
      problems['retry'] = 'List the delays in milliseconds, separated by commas, e.g. 5000, 60000, 300000.';
    }
    retry = { schedule };
  } else {
    retry = { preset: draft.retryPreset };
  }
  const headers: Record<string, string> = {};
  for (const row of draft.headers) if (row.name.trim()) headers[row.name.trim()] = row.value;

  const input: HookCreate = {
    url: draft.url.trim(),
    provider: draft.provider,
    events: draft.events,
    method: draft.method,
    format: draft.format,
    headers,
    customData,
    retry,
    timeoutMs: integer('timeoutMs', draft.timeoutMs, 'the timeout'),
    enabled: draft.enabled,
    autoDisableAfter: integer('autoDisableAfter', draft.autoDisableAfter, 'the number of failures'),
    providerOptions: providerOptionsOf(draft, provider, problems),
  };
  if (draft.name.trim() || original) input.name = draft.name.trim();
  if (draft.secret && draft.secret !== original?.secret) input.secret = draft.secret;
  const removesSecret = !draft.secret && Boolean(original?.secret) && provider?.hookDefaults.generatesSecret === false;
  return { input, problems, removesSecret };
}

/** Typed option values: empty text is left out, numbers and JSON parsed, unknown keys kept as they were. */
function providerOptionsOf(draft: HookDraft, provider: Provider | undefined, problems: Problems): Record<string, unknown> {
  const { properties } = optionSchemas(provider);
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(draft.providerOptions)) {
    const type = properties[key]?.type;
    if (typeof value === 'boolean') options[key] = value;
    else if (value.trim() === '') continue;
    else if (type === 'integer' || type === 'number') options[key] = Number(value);
    else if (type === 'object' || type === 'array') {
      try {
        options[key] = JSON.parse(value);
      } catch {
        problems[`providerOptions.${key}`] = 'This must be valid JSON.';
      }
    } else options[key] = value;
  }
  return options;
}
