import type { EventType, EventTypeInput, Provider, ProviderSettings } from '../../shared/hooks.js';
import { HttpError } from '../errors.js';
import type { StateStore } from '../store/state.js';
import { customProviderDefinition, type CustomProviderRecord } from './custom.js';
import { providers } from './registry.js';
import type { ProviderDefinition, ProviderEventType } from './types.js';

/** An event type as the catalog serves it: built in, or one of the user's generic ones. */
export type CatalogEventType = Omit<ProviderEventType, 'aliases'> & { aliases: string[]; custom: boolean };

/** The event catalogs: every provider's built-in types, plus the user's own generic ones. */
/** What the catalog needs of the state document. */
export type CatalogState = Pick<StateStore, 'genericEventTypes' | 'providerSettings' | 'customProviders' | 'update'>;

export class Catalog {
  constructor(private readonly state: CatalogState) {}

  /** Every provider as the API shows it, each event type with a freshly generated sample. */
  list(ingressUrl: string): Provider[] {
    return this.all().map((provider) => ({
      id: provider.id,
      name: provider.name,
      description: provider.description,
      eventTypes: this.eventTypes(provider.id).map(({ sample, ...eventType }) => ({ ...eventType, sample: sample({}) })),
      hookDefaults: { ...provider.hookDefaults, generatesSecret: provider.generatesSecret },
      hookOptions: provider.hookOptions ? JSON.parse(JSON.stringify(provider.hookOptions)) : { type: 'object', properties: {} },
      scope: provider.scope ? { option: provider.scope.option, label: provider.scope.label } : null,
      emulatorUrl: provider.emulator ? `${ingressUrl}/p/${provider.id}` : null,
      acceptedTokens: this.state.providerSettings(provider.id).acceptedTokens,
    }));
  }

  provider(id: string, field = 'provider'): ProviderDefinition {
    const provider = providers.get(id) ?? this.custom(id);
    if (!provider) {
      const known = this.all().map((each) => each.id);
      throw new HttpError(400, 'unknown_provider', `No provider "${id}". Known: ${known.join(', ')}.`, field);
    }
    return provider;
  }

  /** The built-in providers, then the user's own (imported from AsyncAPI documents). */
  private all(): ProviderDefinition[] {
    return [...providers.values(), ...this.state.customProviders().map(customProviderDefinition)];
  }

  private custom(id: string): ProviderDefinition | undefined {
    const record = this.state.customProviders().find((candidate) => candidate.id === id);
    return record && customProviderDefinition(record);
  }

  /** The user's own providers, as stored (oldest first). */
  customProviders(): readonly CustomProviderRecord[] {
    return this.state.customProviders();
  }

  async addCustomProvider(record: CustomProviderRecord): Promise<ProviderDefinition> {
    if (providers.has(record.id) || this.custom(record.id)) {
      throw new HttpError(409, 'provider_exists', `A provider "${record.id}" exists already; pick another id.`, 'id');
    }
    await this.state.update((state) => {
      state.customProviders.push(record);
    });
    return this.provider(record.id);
  }

  /** Puts a changed record in place of the user's provider with its id (a workspace import). */
  async replaceCustomProvider(record: CustomProviderRecord): Promise<void> {
    if (!this.custom(record.id)) throw new HttpError(404, 'provider_not_found', `No provider "${record.id}" of yours to change.`);
    await this.state.update((state) => {
      state.customProviders = state.customProviders.map((existing) => (existing.id === record.id ? record : existing));
    });
  }

  /** Removes a user's provider; refused while hooks still use it, since they could no longer deliver. */
  async deleteCustomProvider(id: string, hookCount: number): Promise<void> {
    if (providers.has(id)) throw new HttpError(400, 'provider_builtin', `"${id}" is built in and cannot be deleted.`);
    if (!this.custom(id)) throw new HttpError(404, 'provider_not_found', `No provider "${id}". List them with GET /api/providers.`);
    if (hookCount > 0) {
      throw new HttpError(409, 'provider_in_use', `${hookCount} hook(s) use the provider "${id}"; delete them first.`);
    }
    await this.state.update((state) => {
      state.customProviders = state.customProviders.filter((record) => record.id !== id);
      delete state.providerSettings[id];
    });
  }

  eventTypes(providerId: string): CatalogEventType[] {
    const provider = this.provider(providerId);
    const builtIn = provider.eventTypes.map((eventType) => ({ ...eventType, aliases: eventType.aliases ?? [], custom: false }));
    if (provider.id !== 'generic') return builtIn;
    const own = this.state.genericEventTypes().map(({ sample, ...eventType }) => ({
      ...eventType,
      aliases: [],
      sample: () => structuredClone(sample),
    }));
    return [...builtIn, ...own];
  }

  /** An event type by its id or one of its aliases (Khan's `3` is `ClanCreated`). */
  eventType(providerId: string, type: string, field = 'type'): CatalogEventType {
    const found = this.eventTypes(providerId).find((candidate) => candidate.type === type || candidate.aliases.includes(type));
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

  /** A hook's event list with aliases replaced by the type ids; `*` stands for every type. */
  canonicalEvents(providerId: string, events: string[]): string[] {
    return [...new Set(events.map((type) => (type === '*' ? type : this.eventType(providerId, type, 'events').type)))];
  }

  settings(providerId: string): ProviderSettings {
    return this.state.providerSettings(this.provider(providerId).id);
  }

  async saveSettings(providerId: string, settings: ProviderSettings): Promise<ProviderSettings> {
    const { id } = this.provider(providerId);
    await this.state.update((state) => {
      state.providerSettings[id] = settings;
    });
    return settings;
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

/** A user's generic event type as stored: what the input leaves out is empty. */
export function userEventType(input: EventTypeInput): EventType {
  return {
    type: input.type,
    name: input.name,
    description: input.description ?? '',
    schema: input.schema ?? {},
    sample: input.sample ?? {},
    custom: true,
  };
}
