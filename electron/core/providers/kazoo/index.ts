import type { ProviderDefinition } from '../types.js';
import { buildRequest } from './delivery.js';
import { emulator } from './emulator.js';
import { eventTypes } from './events.js';
import { RETRY_WAIT_MS, hookOptions, payloadAccount } from './webhooks.js';

/**
 * Kazoo (2600Hz) webhooks: account-scoped hooks on call and object events, delivered as a
 * query string, a form or JSON with X-Hook-ID and X-Account-ID, and Crossbar's webhooks API.
 */
export const kazoo: ProviderDefinition = {
  id: 'kazoo',
  name: 'Kazoo',
  description:
    'Kazoo (2600Hz) webhooks: channel, object, parking and notification events for an account; GET query string, form (default) or JSON; X-Hook-ID and X-Account-ID headers; no signature. Transport errors are retried after 2 s (retries = total attempts); a non-200 answer is not retried; six failures within a minute disable the hook.',
  eventTypes,
  generatesSecret: false,
  // Kazoo's defaults: http_verb post, format form-data, retries 2 (one retry, 2 s later).
  hookDefaults: { method: 'POST', format: 'form', timeoutMs: 5_000, retry: { preset: 'custom', schedule: [RETRY_WAIT_MS] } },
  hookOptions,
  scope: {
    option: 'accountId',
    label: 'Account',
    ofPayload: (payload) => payloadAccount(payload) || undefined,
  },
  retryOn: 'transport',
  disableAfter: { failures: 6, withinMs: 60_000 },
  // Kazoo counts only 200 as delivered.
  succeeded: (status) => status === 200,
  buildRequest,
  signAttempt: () => [],
  emulator,
};
