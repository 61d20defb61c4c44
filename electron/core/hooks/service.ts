import type { Hook, HookCreate, HookPatch } from '../../shared/hooks.js';
import { HEADER_NAME_PATTERN } from '../../shared/schemas.js';
import type { TargetPolicy } from '../dispatcher/policy.js';
import { retryPolicy } from '../dispatcher/retry.js';
import { HttpError, notFound } from '../errors.js';
import type { EventBus } from '../events.js';
import { newId } from '../ids.js';
import type { Catalog } from '../providers/catalog.js';
import { generateSecret } from '../signing/standard-webhooks.js';
import type { StateStore } from '../store/state.js';

const DAY = 24 * 3600_000;
const headerName = new RegExp(HEADER_NAME_PATTERN);

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

  /** Enabled hooks of a provider that subscribe to an event type. */
  subscribers(provider: string, type: string): Hook[] {
    return this.state
      .hooks()
      .filter((hook) => hook.enabled && hook.provider === provider && (hook.events.includes('*') || hook.events.includes(type)));
  }

  async create(input: HookCreate): Promise<Hook> {
    const provider = this.catalog.provider(input.provider ?? 'generic');
    const url = this.policy.checkUrl(input.url);
    const now = new Date().toISOString();
    const hook: Hook = {
      id: newId('hk'),
      name: input.name ?? url.host,
      url: input.url,
      provider: provider.id,
      events: input.events ?? ['*'],
      method: input.method ?? 'POST',
      format: input.format ?? 'json',
      headers: input.headers ?? {},
      customData: input.customData ?? {},
      secret: input.secret ?? (provider.generatesSecret ? generateSecret() : ''),
      previousSecrets: [],
      retry: retryPolicy(input.retry),
      timeoutMs: input.timeoutMs ?? provider.hookDefaults.timeoutMs,
      enabled: input.enabled ?? true,
      autoDisableAfter: input.autoDisableAfter ?? 0,
      providerOptions: input.providerOptions ?? {},
      consecutiveFailures: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.validate(hook);
    await this.state.update((state) => {
      state.hooks = [...state.hooks, hook];
    });
    return this.changed('created', hook);
  }

  async update(id: string, patch: HookPatch): Promise<Hook> {
    const current = this.get(id);
    if (patch.url !== undefined) this.policy.checkUrl(patch.url);
    if (patch.provider !== undefined) this.catalog.provider(patch.provider);
    const { retry, ...fields } = patch;
    const reenabled = patch.enabled === true && !current.enabled;
    const hook: Hook = {
      ...current,
      ...fields,
      retry: retry ? retryPolicy(retry) : current.retry,
      ...(reenabled ? { consecutiveFailures: 0, disabledReason: undefined } : {}),
      updatedAt: new Date().toISOString(),
    };
    if (patch.enabled === false) hook.disabledReason = 'disabled by the user';
    this.validate(hook);
    return this.replace(hook, 'updated');
  }

  async rotateSecret(id: string, input: { secret?: string | undefined; overlapMs?: number | undefined }): Promise<Hook> {
    const current = this.get(id);
    const now = Date.now();
    const overlap = input.overlapMs ?? DAY;
    const previousSecrets = [
      ...current.previousSecrets.filter((old) => Date.parse(old.expiresAt) > now),
      ...(current.secret && overlap > 0 ? [{ secret: current.secret, expiresAt: new Date(now + overlap).toISOString() }] : []),
    ];
    const hook = { ...current, secret: input.secret ?? generateSecret(), previousSecrets, updatedAt: new Date(now).toISOString() };
    return this.replace(hook, 'updated');
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
    if (!disabledReason || !current.enabled) return this.replace({ ...current, consecutiveFailures: failures }, 'updated', false);
    return this.replace(
      { ...current, consecutiveFailures: failures, enabled: false, disabledReason, updatedAt: new Date().toISOString() },
      'updated',
    );
  }

  private validate(hook: Hook): void {
    for (const name of Object.keys(hook.headers)) {
      if (!headerName.test(name)) throw new HttpError(400, 'invalid_header', `"${name}" is not a legal HTTP header name.`, 'headers');
    }
    for (const [name, value] of Object.entries(hook.headers)) {
      if (/[\r\n\0]/.test(value))
        throw new HttpError(400, 'invalid_header', `The value of header "${name}" holds a line break or NUL.`, 'headers');
    }
    for (const type of hook.events) if (type !== '*') this.catalog.eventType(hook.provider, type, 'events');
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
