import { Type } from '@sinclair/typebox';
import type { Hook, HookCreate } from '../../../shared/hooks.js';
import type { DeliveryTarget } from '../types.js';
import type { ValidationErrors } from './envelope.js';
import { KAZOO_ID, stableHex32 } from './ids.js';

/** The Kazoo-only fields of a Kazoo hook, kept in `providerOptions`. */
export const hookOptions = Type.Object({
  accountId: Type.String({
    pattern: KAZOO_ID,
    title: 'Account',
    description: 'The Kazoo account (32 hex digits) the hook belongs to; sent as X-Account-ID.',
  }),
  id: Type.Optional(
    Type.String({
      pattern: KAZOO_ID,
      description: "The webhook's Kazoo id, sent as X-Hook-ID. Derived from the account and URL when left out.",
    }),
  ),
  includeInternalLegs: Type.Optional(
    Type.Boolean({ description: 'Kazoo include_internal_legs (shown back; loopback legs are not simulated).' }),
  ),
  includeSubaccounts: Type.Optional(Type.Boolean({ description: 'Kazoo include_subaccounts (shown back).' })),
  extra: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Other fields the client stored on the webhook.' })),
});

/** A webhook document as Crossbar shows it (without `id`). */
export interface KazooWebhook {
  name: string;
  uri: string;
  hook: string;
  http_verb: 'get' | 'post' | 'put';
  format: 'form-data' | 'json';
  retries: number;
  custom_data: Record<string, string>;
  enabled: boolean;
  include_internal_legs: boolean;
  include_subaccounts?: boolean;
  [extra: string]: unknown;
}

const KNOWN = [
  'name',
  'uri',
  'hook',
  'http_verb',
  'format',
  'retries',
  'custom_data',
  'enabled',
  'include_internal_legs',
  'include_subaccounts',
];
const VERBS = ['get', 'post', 'put'];
const FORMATS = ['form-data', 'json'];
export const MIN_RETRIES = 1;
export const MAX_RETRIES = 5;
/** Kazoo waits 2 s before trying a failed request again. */
export const RETRY_WAIT_MS = 2000;

const required = { required: { message: 'Field is required but missing' } };
const wrongType = (type: string) => ({ type: { message: `Value did not match type(s): ${type}`, target: type } });

/**
 * Checks a webhook document the way Crossbar's webhooks.json schema does, reporting every
 * problem at once; on success fills in the schema's defaults.
 */
export function validateWebhook(input: unknown, hookNames: string[]): { doc: KazooWebhook } | { errors: ValidationErrors } {
  const data = isObject(input) ? input : {};
  const errors: ValidationErrors = {};
  const text = (field: string, isRequired: boolean) => {
    const value = data[field];
    if (value === undefined || value === null) {
      if (isRequired) errors[field] = required;
    } else if (typeof value !== 'string') errors[field] = wrongType('string');
    else if (value.length === 0)
      errors[field] = { minLength: { message: 'String must be at least 1 characters', target: 1, cause: value } };
  };
  const oneOf = (field: string, allowed: string[]) => {
    const value = data[field];
    if (typeof value === 'string' && !allowed.includes(value) && !errors[field]) {
      errors[field] = { enum: { message: 'Value not found in enumerated list of values', target: allowed } };
    }
  };
  const flag = (field: string) => {
    if (data[field] !== undefined && typeof data[field] !== 'boolean') errors[field] = wrongType('boolean');
  };

  text('name', true);
  text('uri', true);
  text('hook', true);
  oneOf('hook', hookNames);
  text('http_verb', false);
  oneOf('http_verb', VERBS);
  text('format', false);
  oneOf('format', FORMATS);
  const retries = data['retries'];
  if (retries !== undefined) {
    if (typeof retries !== 'number' || !Number.isInteger(retries)) errors['retries'] = wrongType('integer');
    else if (retries < MIN_RETRIES)
      errors['retries'] = { minimum: { message: `Value must be at least ${MIN_RETRIES}`, target: MIN_RETRIES } };
    else if (retries > MAX_RETRIES)
      errors['retries'] = { maximum: { message: `Value must be at most ${MAX_RETRIES}`, target: MAX_RETRIES } };
  }
  const customData = data['custom_data'];
  if (customData !== undefined && !isObject(customData)) errors['custom_data'] = wrongType('object');
  if (isObject(customData)) {
    for (const [key, value] of Object.entries(customData)) {
      if (typeof value !== 'string') errors[`custom_data.${key}`] = wrongType('string');
    }
  }
  flag('enabled');
  flag('include_internal_legs');
  flag('include_subaccounts');
  if (Object.keys(errors).length > 0) return { errors };

  const extra = Object.fromEntries(Object.entries(data).filter(([key]) => !KNOWN.includes(key) && !isPrivate(key)));
  return {
    doc: {
      ...extra,
      name: data['name'] as string,
      uri: data['uri'] as string,
      hook: data['hook'] as string,
      http_verb: (data['http_verb'] as KazooWebhook['http_verb'] | undefined) ?? 'post',
      format: (data['format'] as KazooWebhook['format'] | undefined) ?? 'form-data',
      retries: (retries as number | undefined) ?? 2,
      custom_data: (customData as Record<string, string> | undefined) ?? {},
      enabled: (data['enabled'] as boolean | undefined) ?? true,
      include_internal_legs: (data['include_internal_legs'] as boolean | undefined) ?? true,
      ...(typeof data['include_subaccounts'] === 'boolean' ? { include_subaccounts: data['include_subaccounts'] } : {}),
    },
  };
}

/** The Hookbench hook fields a Kazoo webhook document stands for. */
export function hookFields(doc: KazooWebhook, accountId: string, id: string): Omit<HookCreate, 'provider'> {
  const extra = Object.fromEntries(Object.entries(doc).filter(([key]) => !KNOWN.includes(key)));
  return {
    name: doc.name,
    url: doc.uri,
    events: doc.hook === 'all' ? ['*'] : [doc.hook],
    method: doc.http_verb.toUpperCase() as 'GET' | 'POST' | 'PUT',
    format: doc.format === 'json' ? 'json' : 'form',
    customData: doc.custom_data,
    enabled: doc.enabled,
    // `retries` counts every attempt, the first included.
    retry: { schedule: Array<number>(doc.retries - 1).fill(RETRY_WAIT_MS) },
    providerOptions: {
      accountId,
      id,
      includeInternalLegs: doc.include_internal_legs,
      ...(doc.include_subaccounts !== undefined ? { includeSubaccounts: doc.include_subaccounts } : {}),
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
    },
  };
}

/** Turned off by failures (Kazoo's disabler), not by its owner: only those show a disable_reason and get re-enabled in bulk. */
export function isAutoDisabled(hook: Hook): boolean {
  return !hook.enabled && hook.disabledReason !== undefined && hook.disabledReason !== 'disabled by the user';
}

/** A hook as Crossbar shows it, whether it was made through the emulator or in Hookbench. */
export function kazooDoc(hook: Hook): KazooWebhook & { id: string } {
  const options = hook.providerOptions;
  const extra = isObject(options['extra']) ? options['extra'] : {};
  const autoDisabled = isAutoDisabled(hook);
  return {
    ...extra,
    name: hook.name,
    uri: hook.url,
    hook: hook.events.includes('*') ? 'all' : (hook.events[0] ?? 'all'),
    http_verb: hook.method.toLowerCase() as KazooWebhook['http_verb'],
    format: hook.format === 'json' ? 'json' : 'form-data',
    retries: hook.retry.schedule.length + 1,
    custom_data: Object.fromEntries(Object.entries(hook.customData).map(([key, value]) => [key, stringValue(value)])),
    enabled: hook.enabled,
    include_internal_legs: options['includeInternalLegs'] !== false,
    ...(typeof options['includeSubaccounts'] === 'boolean' ? { include_subaccounts: options['includeSubaccounts'] } : {}),
    ...(autoDisabled ? { disable_reason: hook.disabledReason } : {}),
    id: kazooHookId(hook),
  };
}

/** The account a payload belongs to (its `account_id`), or ''. */
export function payloadAccount(payload: unknown): string {
  const account = (payload as { account_id?: unknown } | null)?.account_id;
  return typeof account === 'string' ? account : '';
}

export function accountOf(target: Pick<DeliveryTarget, 'providerOptions'>): string {
  const value = target.providerOptions['accountId'];
  return typeof value === 'string' ? value : '';
}

/**
 * The id Kazoo would show (and send as X-Hook-ID). Hooks made through the emulator store one;
 * a hook made in Hookbench without one gets a stable id derived from its account and URL.
 */
export function kazooHookId(target: Pick<DeliveryTarget, 'providerOptions' | 'url'>): string {
  const stored = target.providerOptions['id'];
  return typeof stored === 'string' && stored !== '' ? stored : stableHex32(`${accountOf(target)}|${target.url}`);
}

/** Crossbar's PATCH: the request's fields merged into the stored document, objects key by key. */
export function mergeDocs(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = merged[key];
    merged[key] = isObject(current) && isObject(value) ? mergeDocs(current, value) : value;
  }
  return merged;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Kazoo keeps `_id`, `_rev`, `pvt_*` and the auto-disable reason to itself; a client cannot set them. */
const isPrivate = (key: string) => key === 'id' || key === 'disable_reason' || key.startsWith('_') || key.startsWith('pvt_');

const stringValue = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
