import type { FireRequest, FireResult, Hook, HookEvent } from '../../shared/hooks.js';
import { adHocTarget, type Dispatcher } from '../dispatcher/dispatcher.js';
import type { TargetPolicy } from '../dispatcher/policy.js';
import { HttpError, notFound } from '../errors.js';
import { hookDisabled, type HookService } from '../hooks/service.js';
import { newId } from '../ids.js';
import type { Catalog } from '../providers/catalog.js';
import type { DeliveryTarget, ProviderScope } from '../providers/types.js';
import { assertMatches } from '../providers/validation.js';
import { toDelivery, type DeliveryStore, type StoredDelivery } from '../store/deliveries.js';
import type { EventStore } from '../store/events.js';

/** Fires events: one event, one stored delivery per target, handed to the dispatcher. */
export class FiringService {
  constructor(
    private readonly catalog: Catalog,
    private readonly hooks: HookService,
    private readonly events: EventStore,
    private readonly deliveries: DeliveryStore,
    private readonly dispatcher: Dispatcher,
    private readonly policy: TargetPolicy,
  ) {}

  /**
   * Targets: one ad-hoc `url`, or the given `hookIds`, or else every enabled hook of the
   * provider subscribed to the type (and, for an explicit payload, in the payload's scope).
   * Without a payload each target gets a fresh sample with its own scope filled in. Answers
   * once everything is stored, never waiting for the network.
   */
  async fire(request: FireRequest): Promise<FireResult> {
    const provider = this.catalog.provider(request.provider);
    const eventType = this.catalog.eventType(provider.id, request.type);
    const given = request.payload !== undefined;
    if (given && request.validate !== false) assertMatches(eventType.schema, request.payload, `${provider.name} ${eventType.type}`);
    // Subscribers are found by the type id, so firing an alias (Codewars' rank_upgraded) reaches them too.
    let targets = this.targets({ ...request, type: eventType.type }, provider.id);
    const scope = provider.scope;
    if (given && scope && !request.hookIds && request.url === undefined) {
      const payloadScope = scope.ofPayload(request.payload);
      if (payloadScope !== undefined) targets = targets.filter(({ target }) => inScope(target, scope, payloadScope));
    }
    const createdAt = new Date().toISOString();
    const payloads = targets.map(({ target }) =>
      given ? request.payload : eventType.sample({ scope: scope ? scopeOf(target, scope) : undefined, options: target.providerOptions }),
    );
    // A provider without scopes sends every target the same sample.
    if (!given && !scope) payloads.fill(payloads[0]);
    const event: HookEvent = {
      id: newId('evt'),
      provider: provider.id,
      type: eventType.type,
      // With per-hook samples, the event shows the first one (each delivery holds its own).
      payload: payloads[0] ?? (given ? request.payload : eventType.sample({})),
      createdAt,
    };
    // Targets sharing a payload share its event object, so a provider builds a body once per
    // payload (generic caches it by event) and every delivery holds the same string.
    const eventOf = new Map<unknown, HookEvent>([[event.payload, event]]);
    const withPayload = (payload: unknown): HookEvent => {
      let shaped = eventOf.get(payload);
      if (!shaped) eventOf.set(payload, (shaped = { ...event, payload }));
      return shaped;
    };
    const deliveries: StoredDelivery[] = targets.map(({ hook, target }, index) => ({
      id: newId('dlv'),
      eventId: event.id,
      hookId: hook?.id ?? null,
      provider: provider.id,
      url: target.url,
      status: 'pending',
      attempts: [],
      createdAt,
      updatedAt: createdAt,
      request: provider.buildRequest(target, withPayload(payloads[index])),
    }));
    await this.events.append(event);
    await this.deliveries.create(deliveries);
    // The answer shows them as stored; the dispatcher starts changing them right away.
    const answer = { event, deliveries: deliveries.map(toDelivery) };
    this.dispatcher.enqueue(deliveries);
    return answer;
  }

  listEvents(limit: number, cursor?: string) {
    return this.events.page(limit, cursor);
  }

  async getEvent(id: string): Promise<HookEvent> {
    const event = await this.events.get(id);
    if (!event) throw notFound('event', id);
    return event;
  }

  private targets(request: FireRequest, providerId: string): { hook: Hook | null; target: DeliveryTarget }[] {
    if (request.url !== undefined) {
      if (request.hookIds) throw new HttpError(400, 'invalid_request', 'Give either hookIds or url, not both.', 'url');
      this.policy.checkUrl(request.url);
      return [{ hook: null, target: adHocTarget(request.url) }];
    }
    if (request.hookIds) {
      return request.hookIds.map((id) => {
        const hook = this.hooks.find(id);
        if (!hook) throw new HttpError(400, 'unknown_hook', `No hook with id "${id}".`, 'hookIds');
        if (hook.provider !== providerId) {
          throw new HttpError(400, 'provider_mismatch', `Hook "${id}" is a ${hook.provider} hook, not ${providerId}.`, 'hookIds');
        }
        if (!hook.enabled) throw hookDisabled(hook, 'hookIds');
        return { hook, target: hook };
      });
    }
    return this.hooks.subscribers(providerId, request.type).map((hook) => ({ hook, target: hook }));
  }
}

function inScope(target: DeliveryTarget, scope: ProviderScope, payloadScope: string): boolean {
  return scope.namesOf ? scope.namesOf(target.providerOptions).includes(payloadScope) : scopeOf(target, scope) === payloadScope;
}

function scopeOf(target: DeliveryTarget, scope: ProviderScope): string | undefined {
  const value = target.providerOptions[scope.option];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
