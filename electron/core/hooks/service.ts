import { Value } from '@sinclair/typebox/value';
import { Hook, type HookCreate, type HookPatch } from '../../shared/hooks.js';
import { HEADER_NAME_PATTERN } from '../../shared/schema-kinds.js';
import type { TargetPolicy } from '../dispatcher/policy.js';
import { retryPolicy } from '../dispatcher/retry.js';
import { HttpError, notFound } from '../errors.js';
import type { EventBus } from '../events.js';
import { newId } from '../ids.js';
import type { Catalog } from '../providers/catalog.js';
import type { ProviderDefinition } from '../providers/types.js';
import { generateSecret } from '../signing/standard-webhooks.js';
import { isFramingHeader } from '../snippets/headers.js';
import type { StateStore } from '../store/state.js';

const DAY = 24 * 3600_000;
const headerName = new RegExp(HEADER_NAME_PATTERN);

/** A disabled hook is sent nothing: said at once, rather than as a delivery cancelled later. */
export function hookDisabled(hook: Hook, field?: string): HttpError {
  const why = hook.disabledReason ? ` (${hook.disabledReason})` : '';
  return new HttpError(
    409,
    'hook_disabled',
    `Hook "${hook.name}" is disabled${why}. Enable it (PATCH /api/hooks/${hook.id} {"enabled": true}) to send to it.`,
    field,
  );
}

/** The hook registry, kept in state.json. */
export class HookService {
  constructor(
    private readonly state: StateStore,
    private readonly catalog: Catalog,
    private readonly policy: TargetPolicy,
    private readonly bus: EventBus,
  ) {}

  list(): Hook[] {
    return [...this.state.hooks()].sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  get(id: string): Hook {
    const hook = this.find(id);
    if (!hook) throw notFound('hook', id);
    return hook;
  }

  /** The dispatcher asks for every attempt: an index, rebuilt whenever the list itself is replaced. */
  find(id: string): Hook | undefined {
    const hooks = this.state.hooks();
    if (this.indexed?.list !== hooks) this.indexed = { list: hooks, byId: new Map(hooks.map((hook) => [hook.id, hook])) };
    return this.indexed.byId.get(id);
  }

  private indexed: { list: readonly Hook[]; byId: Map<string, Hook> } | undefined;
  /** Recent failure times per hook, for providers that disable after N failures within a window. */
  private readonly failureTimes = new Map<string, number[]>();
  /** Called after the owner creates or changes a hook. */
  onSaved: ((hook: Hook) => void) | undefined;

  /** Enabled hooks of a provider that subscribe to an event type. */
  subscribers(provider: string, type: string): Hook[] {
    return this.state
      .hooks()
      .filter((hook) => hook.enabled && hook.provider === provider && (hook.events.includes('*') || hook.events.includes(type)));
  }

  async create(input: HookCreate, id?: string): Promise<Hook> {
    const hook = this.prepare(input, id);
    await this.state.update((state) => {
      state.hooks = [...state.hooks, hook];
    });
    return this.saved(this.changed('created', hook));
  }

  /**
   * The hook `create` would save, checked but not saved: a workspace import checks every hook
   * before changing anything. `id` keeps a workspace file's hook key.
   */
  prepare(input: HookCreate, id = newId('hk')): Hook {
    const provider = this.catalog.provider(input.provider ?? 'generic');
    const url = this.policy.checkUrl(input.url);
    const now = new Date().toISOString();
    const hook: Hook = {
      id,
      name: input.name ?? url.host,
      url: input.url,
      provider: provider.id,
      events: this.catalog.canonicalEvents(provider.id, input.events ?? ['*']),
      method: input.method ?? provider.hookDefaults.method,
      format: input.format ?? provider.hookDefaults.format,
      headers: input.headers ?? {},
      customData: input.customData ?? {},
      secret: input.secret ?? (provider.generatesSecret ? generateSecret() : ''),
      previousSecrets: [],
      retry: input.retry ? retryPolicy(input.retry) : provider.hookDefaults.retry,
      timeoutMs: input.timeoutMs ?? provider.hookDefaults.timeoutMs,
      enabled: input.enabled ?? true,
      autoDisableAfter: input.autoDisableAfter ?? 0,
      providerOptions: input.providerOptions ?? {},
      consecutiveFailures: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.checkHeaders(hook.headers);
    this.validate(hook);
    return hook;
  }

  async update(id: string, patch: HookPatch): Promise<Hook> {
    const current = this.get(id);
    if (patch.url !== undefined) this.policy.checkUrl(patch.url);
    if (patch.provider !== undefined) this.catalog.provider(patch.provider);
    const { retry, secret, ...fields } = patch;
    const reenabled = patch.enabled === true && !current.enabled;
    const provider = this.catalog.provider(patch.provider ?? current.provider);
    const hook: Hook = {
      ...current,
      ...fields,
      ...this.secretAfter(current, secret, provider),
      events: this.catalog.canonicalEvents(provider.id, patch.events ?? current.events),
      retry: retry ? retryPolicy(retry) : current.retry,
      ...(reenabled ? { consecutiveFailures: 0, disabledReason: undefined } : {}),
      updatedAt: new Date().toISOString(),
    };
    if (patch.enabled === false) hook.disabledReason = 'disabled by the user';
    if (patch.headers !== undefined) this.checkHeaders(patch.headers);
    this.validate(hook);
    return this.saved(await this.replace(hook, 'updated'));
  }

  /**
   * The secret after a PATCH: `null` removes it where the provider leaves it optional (a Codewars
   * hook then sends no X-Webhook-Secret); a hook moving to a provider that signs gets one made.
   */
  private secretAfter(
    current: Hook,
    secret: string | null | undefined,
    provider: ProviderDefinition,
  ): Pick<Hook, 'secret' | 'previousSecrets'> {
    if (secret === null) {
      if (provider.generatesSecret) {
        throw new HttpError(
          400,
          'secret_required',
          `A ${provider.name} hook signs every delivery, so its secret cannot be removed; rotate it instead (POST /api/hooks/${current.id}/rotate-secret).`,
          'secret',
        );
      }
      return { secret: '', previousSecrets: [] };
    }
    const next = secret ?? current.secret;
    return { secret: next === '' && provider.generatesSecret ? generateSecret() : next, previousSecrets: current.previousSecrets };
  }

  async rotateSecret(id: string, input: { secret?: string | undefined; overlapMs?: number | undefined }): Promise<Hook> {
    const current = this.get(id);
    const provider = this.catalog.provider(current.provider);
    if (input.secret === undefined && !provider.generatesSecret) {
      throw new HttpError(
        400,
        'secret_required',
        `Hookbench makes up secrets only for hooks that sign with one; a ${provider.name} hook's secret is yours to choose: give the new one in "secret".`,
        'secret',
      );
    }
    const now = Date.now();
    const overlap = input.overlapMs ?? DAY;
    const previousSecrets = [
      ...current.previousSecrets.filter((old) => Date.parse(old.expiresAt) > now),
      ...(current.secret && overlap > 0 ? [{ secret: current.secret, expiresAt: new Date(now + overlap).toISOString() }] : []),
    ];
    const hook = { ...current, secret: input.secret ?? generateSecret(), previousSecrets, updatedAt: new Date(now).toISOString() };
    return this.saved(await this.replace(hook, 'updated'));
  }

  async remove(id: string): Promise<void> {
    const hook = this.get(id);
    await this.state.update((state) => {
      state.hooks = state.hooks.filter((candidate) => candidate.id !== id);
    });
    this.bus.emit({ type: 'hook.changed', data: { change: 'deleted', hook } });
  }

  /**
   * Counts an attempt's outcome. Failures in a row disable the hook past its
   * `autoDisableAfter`; `gone` (a 410 answer) disables it at once.
   */
  async recordAttempt(id: string, outcome: 'succeeded' | 'failed' | 'gone'): Promise<Hook | undefined> {
    const current = this.find(id);
    if (!current) return undefined;
    if (outcome === 'succeeded') {
      if (current.consecutiveFailures === 0) return current;
      return this.replace({ ...current, consecutiveFailures: 0 }, 'updated', false);
    }
    const failures = current.consecutiveFailures + 1;
    let disabledReason: string | undefined;
    if (outcome === 'gone') disabledReason = 'the receiver answered 410 Gone';
    else if (current.autoDisableAfter > 0 && failures >= current.autoDisableAfter) disabledReason = `${failures} failed attempts in a row`;
    else disabledReason = this.windowedFailure(current);
    if (!disabledReason || !current.enabled) return this.replace({ ...current, consecutiveFailures: failures }, 'updated', false);
    return this.replace(
      { ...current, consecutiveFailures: failures, enabled: false, disabledReason, updatedAt: new Date().toISOString() },
      'updated',
    );
  }

  /** The provider's own rule, like Kazoo's "six failures within a minute". */
  private windowedFailure(hook: Hook): string | undefined {
    const rule = this.catalog.provider(hook.provider).disableAfter;
    if (!rule) return undefined;
    const now = Date.now();
    const times = [...(this.failureTimes.get(hook.id) ?? []), now].filter((time) => now - time < rule.withinMs);
    this.failureTimes.set(hook.id, times);
    if (times.length < rule.failures) return undefined;
    this.failureTimes.delete(hook.id);
    return `${rule.failures} failed attempts within ${rule.withinMs / 1000} s`;
  }

  /**
   * Checked when headers are given (a hook saved before a rule was added can still be changed
   * otherwise): legal names, no line breaks, and none of the headers that frame the request on
   * its connection (a `Host` is fine: it picks a virtual host).
   */
  private checkHeaders(headers: Record<string, string>): void {
    for (const [name, value] of Object.entries(headers)) {
      if (!headerName.test(name)) throw new HttpError(400, 'invalid_header', `"${name}" is not a legal HTTP header name.`, 'headers');
      if (isFramingHeader(name.toLowerCase())) {
        const message = `"${name}" is set for each request from its body and connection, so a hook cannot set it; leave it out.`;
        throw new HttpError(400, 'invalid_header', message, 'headers');
      }
      if (/[\r\n\0]/.test(value)) {
        throw new HttpError(400, 'invalid_header', `The value of header "${name}" holds a line break or NUL.`, 'headers');
      }
    }
  }

  private validate(hook: Hook): void {
    // Emulators build hooks from provider-shaped bodies the control API's schema never saw (a
    // Khan hookURL or a Kazoo name of any length); what is stored must still fit the contract.
    const invalid = Value.Errors(Hook, hook).First();
    if (invalid) {
      const field = invalid.path.slice(1).replaceAll('/', '.');
      throw new HttpError(400, 'invalid_hook', `${field || 'The hook'}: ${invalid.message}.`, field || undefined);
    }
    const { hookOptions } = this.catalog.provider(hook.provider);
    if (hookOptions) {
      const problem = Value.Errors(hookOptions, hook.providerOptions).First();
      if (problem) {
        const where = problem.path ? `providerOptions${problem.path.replaceAll('/', '.')}` : 'providerOptions';
        throw new HttpError(400, 'invalid_provider_options', `${where}: ${problem.message}.`, where);
      }
    }
  }

  /** Tells the provider a hook was created or changed by its owner (Codewars pings it). */
  private saved(hook: Hook): Hook {
    this.onSaved?.(hook);
    return hook;
  }

  /**
   * Saves a changed hook. The failure counter changes on every attempt, so those saves stay
   * in memory (`persist` false) and reach disk with the next real change.
   */
  private async replace(hook: Hook, change: 'updated', persist = true): Promise<Hook> {
    const apply = (hooks: Hook[]) => hooks.map((candidate) => (candidate.id === hook.id ? hook : candidate));
    if (persist) {
      await this.state.update((state) => {
        state.hooks = apply(state.hooks);
      });
    } else {
      this.state.patchInMemory((state) => {
        state.hooks = apply(state.hooks);
      });
    }
    return this.changed(change, hook);
  }

  private changed(change: 'created' | 'updated', hook: Hook): Hook {
    this.bus.emit({ type: 'hook.changed', data: { change, hook } });
    return hook;
  }
}
