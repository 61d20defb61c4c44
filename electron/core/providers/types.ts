import type { EventType, Hook, HookEvent } from '../../shared/hooks.js';
import type { OutgoingRequest } from '../dispatcher/http-client.js';

/** What a delivery needs of its hook; an ad-hoc `url` delivery gets these defaults. */
export type DeliveryTarget = Pick<
  Hook,
  'url' | 'method' | 'format' | 'headers' | 'customData' | 'secret' | 'previousSecrets' | 'providerOptions'
>;

/**
 * One provider Hookbench can speak as: its catalog and its delivery convention. Adding a
 * provider means adding a folder that exports one of these and registering it in registry.ts.
 */
export interface ProviderDefinition {
  id: string;
  name: string;
  description: string;
  /** Built-in event types (the generic provider also serves the user's own). */
  eventTypes: EventType[];
  /** Whether a hook of this provider gets a generated secret when none is given. */
  generatesSecret: boolean;
  /** Defaults a new hook of this provider starts with. */
  hookDefaults: { timeoutMs: number };
  /** The request a delivery sends, before per-attempt signing. */
  buildRequest(target: DeliveryTarget, event: HookEvent): OutgoingRequest;
  /** Headers for one attempt: fresh timestamps and signatures. */
  signAttempt(target: DeliveryTarget, request: OutgoingRequest, deliveryId: string, nowMs: number): [string, string][];
}
