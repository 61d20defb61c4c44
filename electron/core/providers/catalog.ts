import type { EventType, EventTypeInput, Provider } from '../../shared/hooks.js';
import { HttpError } from '../errors.js';
import type { StateStore } from '../store/state.js';
import { providers } from './registry.js';
import type { ProviderDefinition } from './types.js';

/** The event catalogs: every provider's built-in types, plus the user's own generic ones. */
export class Catalog {
  constructor(private readonly state: StateStore) {}

  list(): Provider[] {
    return [...providers.values()].map((provider) => ({
      id: provider.id,
      name: provider.name,
      description: provider.description,
      eventTypes: this.eventTypes(provider.id),
    }));
  }

  provider(id: string, field = 'provider'): ProviderDefinition {
    const provider = providers.get(id);
    if (!provider) {
      throw new HttpError(400, 'unknown_provider', `No provider "${id}". Known: ${[...providers.keys()].join(', ')}.`, field);
    }
    return provider;
  }

  eventTypes(providerId: string): EventType[] {
    const provider = this.provider(providerId);
    return provider.id === 'generic' ? [...provider.eventTypes, ...this.state.genericEventTypes()] : provider.eventTypes;
  }

  eventType(providerId: string, type: string, field = 'type'): EventType {
    const found = this.eventTypes(providerId).find((candidate) => candidate.type === type);
    if (!found) {
      throw new HttpError(
        400,
        'unknown_event_type',
        `"${type}" is not an event type of ${providerId}. See GET /api/providers for the catalog.`,
        field,
      );
    }
    return found;
  }

  async addGeneric(input: EventTypeInput): Promise<EventType> {
    if (this.eventTypes('generic').some((existing) => existing.type === input.type)) {
      throw new HttpError(409, 'event_type_exists', `The generic event type "${input.type}" exists already; change it with PUT.`, 'type');
    }
    const eventType = userEventType(input);
    await this.state.update((state) => {
      state.genericEventTypes.push(eventType);
    });
    return eventType;
  }

  async putGeneric(type: string, input: Omit<EventTypeInput, 'type'>): Promise<EventType> {
    this.assertCustom(type);
    const eventType = userEventType({ ...input, type });
    await this.state.update((state) => {
      state.genericEventTypes = state.genericEventTypes.map((existing) => (existing.type === type ? eventType : existing));
    });
    return eventType;
  }

  async deleteGeneric(type: string): Promise<void> {
    this.assertCustom(type);
    await this.state.update((state) => {
      state.genericEventTypes = state.genericEventTypes.filter((existing) => existing.type !== type);
    });
  }

  private assertCustom(type: string): void {
    const found = this.eventTypes('generic').find((existing) => existing.type === type);
    if (!found) throw new HttpError(404, 'event_type_not_found', `No generic event type "${type}".`);
    if (!found.custom) throw new HttpError(400, 'event_type_builtin', `"${type}" is built in and cannot be changed or deleted.`, 'type');
  }
}

function userEventType(input: EventTypeInput): EventType {
  return {
    type: input.type,
    name: input.name,
    description: input.description ?? '',
    schema: input.schema ?? {},
    sample: input.sample ?? {},
    custom: true,
  };
}
