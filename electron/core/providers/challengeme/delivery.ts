import type { HookEvent } from '../../../shared/hooks.js';
import type { OutgoingRequest } from '../../dispatcher/http-client.js';
import { withCustomData } from '../form.js';
import { withUserHeaders } from '../generic/index.js';
import type { DeliveryTarget } from '../types.js';

/**
 * What ChallengeMe's server sends: `axios.post(webhookUrl, event, {headers: {Authorization:
 * `token ${authorizationToken}`}})` with axios 0.20, so axios' own defaults, in axios' order.
 * Always a JSON POST, whatever method or format the hook names, since a receiver tested
 * against Hookbench should see what ChallengeMe would send. The team's token travels only
 * when the hook has one.
 */
export function buildChallengemeRequest(target: DeliveryTarget, event: HookEvent): OutgoingRequest {
  const headers: [string, string][] = [
    ['Accept', 'application/json, text/plain, */*'],
    ['Content-Type', 'application/json;charset=utf-8'],
  ];
  const token = target.providerOptions['authorizationToken'];
  if (typeof token === 'string' && token !== '') headers.push(['Authorization', `token ${token}`]);
  headers.push(['User-Agent', 'axios/0.20.0']);
  return {
    method: 'POST',
    url: target.url,
    headers: withUserHeaders(headers, target.headers),
    body: JSON.stringify(withCustomData(event.payload, target.customData)),
  };
}
