import { create } from 'zustand';
import { followStream } from '../api/stream.js';
import { connectionSlice, type ConnectionSlice } from './connection.js';
import { inboxSlice, type InboxSlice } from './inboxes.js';
import { deliverySlice, type DeliverySlice } from './deliveries.js';
import { hookSlice, type HookSlice } from './hooks.js';
import { providerSlice, type ProviderSlice } from './providers.js';
import { fireSlice, type FireSlice } from './fire.js';
import { settingsSlice, type SettingsSlice } from './settings.js';
import { signatureSlice, type SignatureSlice } from './signatures.js';
import { replaySlice, type ReplaySlice } from './replay.js';
import { inspectSlice, type InspectSlice } from './inspect.js';
import { forwardSlice, type ForwardSlice } from './forwards.js';
import { scenarioSlice, type ScenarioSlice } from './scenarios.js';
import { handshakeSlice, type HandshakeSlice } from './handshakes.js';
import { statsSlice, type StatsSlice } from './stats.js';

/** The one bound store: typed slices, each with its actions beside its state. */
export type State = ConnectionSlice &
  InboxSlice &
  DeliverySlice &
  HookSlice &
  ProviderSlice &
  SettingsSlice &
  SignatureSlice &
  FireSlice &
  ReplaySlice &
  InspectSlice &
  ForwardSlice &
  ScenarioSlice &
  HandshakeSlice &
  StatsSlice;

export const useStore = create<State>()((...args) => ({
  ...connectionSlice(...args),
  ...inboxSlice(...args),
  ...deliverySlice(...args),
  ...hookSlice(...args),
  ...providerSlice(...args),
  ...settingsSlice(...args),
  ...signatureSlice(...args),
  ...fireSlice(...args),
  ...replaySlice(...args),
  ...inspectSlice(...args),
  ...forwardSlice(...args),
  ...scenarioSlice(...args),
  ...handshakeSlice(...args),
  ...statsSlice(...args),
}));

/** Loads what every view needs and keeps it live from /api/stream; returns a stop function. */
export function startLiveUpdates(): () => void {
  const { loadInboxes, loadHealth } = useStore.getState();
  void loadHealth();
  void loadInboxes();
  return followStream(
    (events) => useStore.getState().applyEvents(events),
    (connection) => {
      const wasOffline = useStore.getState().connection !== 'online';
      useStore.getState().setConnection(connection);
      // Coming back after an outage: what changed meanwhile is read again.
      if (connection === 'online' && wasOffline && useStore.getState().health) void useStore.getState().reloadAll();
    },
  );
}
