import { retryPolicy } from '../../dispatcher/retry.js';
import type { ProviderDefinition } from '../types.js';
import { buildCodewarsRequest, webhookIdOf } from './delivery.js';
import { codewarsEventTypes } from './events.js';

/**
 * Codewars' webhooks: kata and user events as `X-Webhook-Event` + `action`, with a plain
 * shared secret. Codewars has no registration API (a settings page only), so there is no
 * emulator: hooks are made in Hookbench, and saving one sends it the `webhook.updated` ping.
 */
export const codewars: ProviderDefinition = {
  id: 'codewars',
  name: 'Codewars',
  description:
    'Kata and user events, POSTed as JSON by "Codewars Hookbot" with X-Webhook-Event and, when set, the shared secret in X-Webhook-Secret. Saving a hook sends it the webhook.updated ping.',
  eventTypes: codewarsEventTypes,
  // Codewars leaves the secret optional and never makes one up.
  generatesSecret: false,
  // Codewars documents neither a timeout nor retries: one attempt, given 10 s.
  hookDefaults: { method: 'POST', format: 'json', timeoutMs: 10_000, retry: retryPolicy({ preset: 'none' }) },

  buildRequest: buildCodewarsRequest,

  // No signature: the secret is sent as is in X-Webhook-Secret.
  signAttempt: () => [],

  onHookSaved: (hook) => ({ type: 'webhook.updated', payload: { action: 'updated', webhook: { id: webhookIdOf(hook) } } }),
};
