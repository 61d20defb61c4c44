import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Low } from 'lowdb';
import { EventType, Hook, ProviderSettings } from '../../shared/hooks.js';
import { ForwardRules } from '../../shared/schemas.js';
import { InboxResponse, InboxRule, InboxScript } from '../../shared/answers.js';
import { NullableString } from '../../shared/schema-kinds.js';
import { ScenarioInput } from '../../shared/scenarios.js';
import { CustomProviderRecord } from '../providers/custom.js';
import { openDocument } from './json-document.js';
import type { StorageNotices } from './notices.js';

export const InboxRecord = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  response: InboxResponse,
  /** Optional, so older state documents stay valid without a migration step. */
  script: Type.Optional(InboxScript),
  forward: Type.Optional(ForwardRules),
  rules: Type.Optional(Type.Array(InboxRule)),
  /** Name → value; null for a secret named (by a workspace file without values) but not set yet. */
  secrets: Type.Optional(Type.Record(Type.String(), NullableString())),
  createdAt: Type.String(),
});
export type InboxRecord = Static<typeof InboxRecord>;

const STATE_VERSION = 5;

const StateV1 = Type.Object({
  version: Type.Literal(1),
  inboxes: Type.Array(InboxRecord),
  initialized: Type.Boolean(),
});

const StateV2 = Type.Object({
  version: Type.Literal(2),
  inboxes: Type.Array(InboxRecord),
  initialized: Type.Boolean(),
  hooks: Type.Array(Hook),
  genericEventTypes: Type.Array(EventType),
});

const StateV3 = Type.Object({
  version: Type.Literal(3),
  inboxes: Type.Array(InboxRecord),
  initialized: Type.Boolean(),
  hooks: Type.Array(Hook),
  genericEventTypes: Type.Array(EventType),
  providerSettings: Type.Record(Type.String(), ProviderSettings),
});

const StateV4 = Type.Object({
  version: Type.Literal(4),
  inboxes: Type.Array(InboxRecord),
  initialized: Type.Boolean(),
  hooks: Type.Array(Hook),
  genericEventTypes: Type.Array(EventType),
  providerSettings: Type.Record(Type.String(), ProviderSettings),
  scenarios: Type.Array(ScenarioInput),
});

const State = Type.Object({
  version: Type.Literal(STATE_VERSION),
  inboxes: Type.Array(InboxRecord),
  /** Set once the first start has created the default inbox, so deleting it sticks. */
  initialized: Type.Boolean(),
  hooks: Type.Array(Hook),
  /** The user's own event types for the generic provider. */
  genericEventTypes: Type.Array(EventType),
  /** Per provider: what its emulated registration API accepts. */
  providerSettings: Type.Record(Type.String(), ProviderSettings),
  /** The user's own scenarios (the built-in ones live in code). */
  scenarios: Type.Array(ScenarioInput),
  /** The user's own providers, imported from AsyncAPI documents. */
  customProviders: Type.Array(CustomProviderRecord),
});
export type State = Static<typeof State>;

/** Upgrades older state documents; each version step is one line here. */
export function migrate(value: unknown): State | undefined {
  let state = value;
  if (Value.Check(StateV1, state)) state = { ...state, version: 2, hooks: [], genericEventTypes: [] };
  if (Value.Check(StateV2, state)) state = { ...state, version: 3, providerSettings: {} };
  if (Value.Check(StateV3, state)) state = { ...state, version: 4, scenarios: [] };
  if (Value.Check(StateV4, state)) state = { ...state, version: 5, customProviders: [] };
  return Value.Check(State, state) ? state : undefined;
}

/** The small things (inboxes, settings): one lowdb document, state.json. */
export class StateStore {
  private constructor(private readonly db: Low<State>) {}

  static async open(dataDir: string, notices: StorageNotices, durable: boolean): Promise<StateStore> {
    const db = await openDocument<State>({
      file: join(dataDir, 'state.json'),
      defaults: () => ({
        version: STATE_VERSION,
        inboxes: [],
        initialized: false,
        hooks: [],
        genericEventTypes: [],
        providerSettings: {},
        scenarios: [],
        customProviders: [],
      }),
      accept: migrate,
      notices,
      durable,
    });
    return new StateStore(db);
  }

  get initialized(): boolean {
    return this.db.data.initialized;
  }

  inboxes(): readonly InboxRecord[] {
    return this.db.data.inboxes;
  }

  hooks(): readonly Hook[] {
    return this.db.data.hooks;
  }

  genericEventTypes(): readonly EventType[] {
    return this.db.data.genericEventTypes;
  }

  scenarios(): readonly ScenarioInput[] {
    return this.db.data.scenarios;
  }

  customProviders(): readonly CustomProviderRecord[] {
    return this.db.data.customProviders;
  }

  providerSettings(providerId: string): ProviderSettings {
    return this.db.data.providerSettings[providerId] ?? { acceptedTokens: [] };
  }

  async update(change: (state: State) => void): Promise<void> {
    // A change that cannot be saved (a full or read-only disk) is undone, so an API call that
    // answered with an error does not take effect anyway with the next save. Changes replace or
    // add to the top-level lists and maps, so copying those one level deep is enough to undo them.
    const before = shallowCopy(this.db.data);
    change(this.db.data);
    try {
      await this.db.write();
    } catch (error) {
      this.db.data = before;
      throw error;
    }
  }

  /** A change too frequent to write at once (a counter); it is saved with the next update. */
  patchInMemory(change: (state: State) => void): void {
    change(this.db.data);
  }
}

/** The state with its top-level arrays and objects copied (their items shared). */
function shallowCopy(state: State): State {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    copy[key] = Array.isArray(value) ? value.slice() : value !== null && typeof value === 'object' ? { ...value } : value;
  }
  return copy as State;
}
