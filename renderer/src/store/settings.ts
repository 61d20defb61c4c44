import { api, ApiError } from '../api/client.js';
import type { Provider, ProviderSettings } from '../../../electron/shared/hooks.js';
import type { Settings, TokenRotation } from '../../../electron/shared/schemas.js';
import type { WorkspaceSummary } from '../../../electron/shared/workspace.js';
import type { Slice } from './slice.js';

/** A provider with an emulated registration API, as the Settings view shows it. */
export type Emulator = Pick<Provider, 'id' | 'name' | 'emulatorUrl' | 'acceptedTokens'>;

export interface SettingsSlice {
  /** What the core runs with (start options); null until read. */
  settings: Settings | null;
  settingsError: string | null;
  emulators: Emulator[];
  emulatorsLoaded: boolean;
  /** The view asked for settings once: they are read again after an outage. */
  settingsRequested: boolean;
  loadSettings(): Promise<void>;
  /** Saves a provider's accepted tokens; throws the ApiError so the editor can point at the field. */
  saveAcceptedTokens(providerId: string, acceptedTokens: string[]): Promise<void>;
  /** Replaces the control token; the answer's cookie keeps this window signed in. */
  rotateToken(): Promise<string>;
  /** Makes the server match a workspace file; throws the ApiError that names the file's first problem. */
  importWorkspace(file: unknown, replace: boolean): Promise<WorkspaceSummary>;
}

export const settingsSlice: Slice<SettingsSlice> = (set, get) => {
  /** Answers that arrive after a newer request are dropped (a reload racing a reconnect). */
  let generation = 0;
  return {
    settings: null,
    settingsError: null,
    emulators: [],
    emulatorsLoaded: false,
    settingsRequested: false,

    loadSettings: async () => {
      const mine = ++generation;
      set({ settingsRequested: true });
      try {
        const [settings, { items }] = await Promise.all([
          api<Settings>('GET', '/api/settings'),
          api<{ items: Provider[] }>('GET', '/api/providers'),
        ]);
        const emulators = items
          .filter((provider) => provider.emulatorUrl !== null)
          .map(({ id, name, emulatorUrl, acceptedTokens }) => ({ id, name, emulatorUrl, acceptedTokens }));
        if (mine === generation) set({ settings, emulators, emulatorsLoaded: true, settingsError: null });
      } catch (error) {
        // An unreachable server is the connection banner's to say; what was read stays shown.
        if (mine !== generation || (error instanceof ApiError && error.offline)) return;
        set({ emulatorsLoaded: true, settingsError: (error as Error).message });
      }
    },

    saveAcceptedTokens: async (providerId, acceptedTokens) => {
      const saved = await api<ProviderSettings>('PUT', `/api/providers/${encodeURIComponent(providerId)}/settings`, { acceptedTokens });
      set({
        emulators: get().emulators.map((emulator) =>
          emulator.id === providerId ? { ...emulator, acceptedTokens: saved.acceptedTokens } : emulator,
        ),
      });
    },

    rotateToken: async () => (await api<TokenRotation>('POST', '/api/token/rotate')).token,

    importWorkspace: async (file, replace) => {
      const summary = await api<WorkspaceSummary>('POST', `/api/workspace?replace=${replace}`, file);
      // Inboxes and hooks arrive through the event stream; emulator tokens are read here, and
      // the catalog again (once loaded) for the file's providers and event types.
      void get().loadSettings();
      if (get().providersLoaded) void get().loadProviders();
      return summary;
    },
  };
};
