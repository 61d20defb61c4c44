import { retryPolicy } from '../../dispatcher/retry.js';
import type { ProviderDefinition } from '../types.js';
import { buildRequest } from './delivery.js';
import { vyteEmulator } from './emulator.js';
import { eventTypes } from './events.js';
import { vyteHookOptions } from './hooks.js';

/** The payload's organization: Vyte puts it at the top of each action object. */
function organizationOfPayload(payload: unknown): string | undefined {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const organization = (payload as Record<string, unknown>)['organization'];
  return typeof organization === 'string' && organization !== '' ? organization : undefined;
}

/**
 * Vyte, the meeting scheduler: organization-scoped hooks on meeting and user actions, POSTed
 * as a one-element JSON array, unsigned. Vyte documents no retries and no timeout, so a hook
 * starts with none and 10 s.
 */
export const vyte: ProviderDefinition = {
  id: 'vyte',
  name: 'Vyte',
  description:
    'Meeting scheduling: event.created/confirmed/updated/cancelled and user.joined, POSTed unsigned as a one-element JSON array [{action, organization, user, resource}].',
  eventTypes,
  generatesSecret: false,
  hookDefaults: { method: 'POST', format: 'json', timeoutMs: 10_000, retry: retryPolicy({ preset: 'none' }) },
  hookOptions: vyteHookOptions,
  scope: { option: 'organization', label: 'Organization', ofPayload: organizationOfPayload },
  buildRequest,
  signAttempt: () => [],
  emulator: vyteEmulator,
};
