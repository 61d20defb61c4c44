import type { HookEvent } from '../../../shared/hooks.js';
import type { OutgoingRequest } from '../../dispatcher/http-client.js';
import { withCustomData } from '../form.js';
import { withUserHeaders } from '../generic/index.js';
import type { DeliveryTarget } from '../types.js';

/**
 * Vyte POSTs JSON with nothing of its own but a Content-Type: no signature, no documented user
 * agent. The body is an array of action objects; Vyte says to expect one, so it holds one.
 * Always a JSON POST, whatever method or format the hook names, since a receiver tested here
 * should see what Vyte sends; the hook's own headers and custom data still apply.
 */
export function buildRequest(target: DeliveryTarget, event: HookEvent): OutgoingRequest {
  return {
    method: 'POST',
    url: target.url,
    headers: withUserHeaders([['content-type', 'application/json']], target.headers),
    body: JSON.stringify([withCustomData(event.payload, target.customData)]),
  };
}
