import type { TObject } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Hook, HookCreate, HookEvent, HookPatch, RetryPolicy } from '../../shared/hooks.js';
import type { OutgoingRequest } from '../dispatcher/http-client.js';

/** What a delivery needs of its hook; an ad-hoc `url` delivery gets these defaults. */
export type DeliveryTarget = Pick<
  Hook,
  'url' | 'method' | 'format' | 'headers' | 'customData' | 'secret' | 'previousSecrets' | 'providerOptions'
>;

/** What a sample is generated for: a hook's scope (its game, team, account...) and options, when it has them. */
export interface SampleContext {
  scope?: string | undefined;
  /** The target hook's `providerOptions` (a ChallengeMe sample names the hook's team). */
  options?: Record<string, unknown> | undefined;
}

/** One event type of a provider's catalog. */
export interface ProviderEventType {
  /** The id used in the API and in hooks' `events`. */
  type: string;
  name: string;
  description: string;
  /** Other names the provider accepts for this type (Khan's numbers, renamed Codewars actions). */
  aliases?: string[];
  /** A JSON Schema of the payload (TypeBox schemas are JSON Schema). */
  schema: Record<string, unknown>;
  /** A fresh, realistic payload: ids in the provider's formats, plausible names, current times. */
  sample(context: SampleContext): unknown;
}

/** How a provider scopes its hooks (a Khan game, a Kazoo account) and finds the scope in a payload. */
export interface ProviderScope {
  /** The `providerOptions` key that holds a hook's scope. */
  option: string;
  /** What the scope is called, for people: "Game", "Team", "Account". */
  label: string;
  /** The scope a payload belongs to, if it names one. */
  ofPayload(payload: unknown): string | undefined;
  /**
   * Every way a payload may name a hook's scope, when that is not just the option's value
   * (ChallengeMe hooks hold a team id, its payloads name the team).
   */
  namesOf?(options: Record<string, unknown>): string[];
}

export interface HookDefaults {
  method: Hook['method'];
  format: Hook['format'];
  timeoutMs: number;
  retry: RetryPolicy;
}

/** What an emulated registration API may do: manage this provider's hooks, check tokens. */
export interface EmulatorContext {
  hooks: {
    /** This provider's hooks. */
    list(): Hook[];
    create(input: Omit<HookCreate, 'provider'>): Promise<Hook>;
    update(id: string, patch: HookPatch): Promise<Hook>;
    remove(id: string): Promise<void>;
  };
  /** Whether the emulator accepts a token: any non-empty one unless the user listed some. */
  authorize(token: string | undefined): 'missing' | 'invalid' | 'accepted';
}

/**
 * One provider Hookbench can speak as: its catalog, its delivery convention and, if it has
 * one, its emulated registration API. Adding a provider means adding a folder that exports one
 * of these and listing it in registry.ts.
 */
export interface ProviderDefinition {
  id: string;
  name: string;
  description: string;
  eventTypes: ProviderEventType[];
  /** Whether a hook of this provider gets a generated secret when none is given. */
  generatesSecret: boolean;
  /** What a new hook of this provider starts with, as the real provider does it. */
  hookDefaults: HookDefaults;
  /** `providerOptions` that hold credentials (ChallengeMe's team token): a workspace file leaves them out unless asked. */
  secretOptions?: string[];
  /** The provider-specific hook fields (`providerOptions`), checked when a hook is saved. */
  hookOptions?: TObject;
  scope?: ProviderScope;
  /** Which failed attempts are retried: any failure (default), or transport errors only (Kazoo). */
  retryOn?: 'any' | 'transport';
  /** Disables a hook after this many failed attempts within `withinMs` (Kazoo). */
  disableAfter?: { failures: number; withinMs: number };
  /** Whether an answer counts as delivered (default: 2xx). */
  succeeded?(status: number): boolean;
  /** The request a delivery sends, before per-attempt signing. */
  buildRequest(target: DeliveryTarget, event: HookEvent): OutgoingRequest;
  /** Headers for one attempt: fresh timestamps and signatures. */
  signAttempt(target: DeliveryTarget, request: OutgoingRequest, deliveryId: string, nowMs: number): [string, string][];
  /** An event the provider sends a hook right after it is created or changed (Codewars' ping). */
  onHookSaved?(hook: Hook): { type: string; payload: unknown } | undefined;
  /** The emulated registration API, served on the ingress under /p/<id>. */
  emulator?: FastifyPluginAsync<EmulatorContext>;
}
