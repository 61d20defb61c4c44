import type { HookEvent } from '../../../shared/hooks.js';
import type { OutgoingRequest } from '../../dispatcher/http-client.js';
import { VERSION } from '../../version.js';
import { encodeForm, withCustomData } from '../form.js';
import { withUserHeaders } from '../generic/index.js';
import type { DeliveryTarget } from '../types.js';
import { accountOf, kazooHookId, payloadAccount } from './webhooks.js';

/**
 * What Kazoo's webhooks app sends: the payload with the hook's custom_data merged in, as a
 * query string (get), a form (form-data) or JSON, with X-Hook-ID and X-Account-ID. No signature.
 */
export function buildRequest(target: DeliveryTarget, event: HookEvent): OutgoingRequest {
  const payload = withCustomData(event.payload, target.customData);
  const baseHeaders: [string, string][] = [
    ['user-agent', `Hookbench/${VERSION}`],
    ['x-hook-id', kazooHookId(target)],
    // A delivery to a plain URL has no hook, hence no account: the payload's is the one Kazoo would name.
    ['x-account-id', accountOf(target) || payloadAccount(event.payload)],
  ];
  if (target.method === 'GET') {
    const url = new URL(target.url);
    url.search = [url.search.slice(1), encodeForm(payload)].filter(Boolean).join('&');
    return { method: 'GET', url: url.toString(), headers: withUserHeaders(baseHeaders, target.headers), body: '' };
  }
  const json = target.format === 'json';
  return {
    method: target.method,
    url: target.url,
    headers: withUserHeaders(
      [...baseHeaders, ['content-type', json ? 'application/json' : 'application/x-www-form-urlencoded']],
      target.headers,
    ),
    body: json ? JSON.stringify(payload) : encodeForm(payload),
  };
}
