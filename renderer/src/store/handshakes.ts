import { api } from '../api/client.js';
import type { HandshakePreset, HandshakePresetList } from '../../../electron/shared/handshakes.js';
import type { Inbox } from '../../../electron/shared/schemas.js';
import type { Slice } from './slice.js';

/** Handshake presets: the list (read once), and adding one's rules to an inbox. */
export interface HandshakeSlice {
  handshakePresets: HandshakePreset[];
  loadHandshakePresets(): Promise<void>;
  /** Adds the preset's rules at the top of the inbox's rules; resolves with the changed inbox. */
  applyHandshake(inboxId: string, preset: string, params?: Record<string, string>): Promise<Inbox>;
}

export const handshakeSlice: Slice<HandshakeSlice> = (set, get) => ({
  handshakePresets: [],

  loadHandshakePresets: async () => {
    if (get().handshakePresets.length > 0) return;
    const { items } = await api<HandshakePresetList>('GET', '/api/handshakes');
    set({ handshakePresets: items });
  },

  applyHandshake: async (inboxId, preset, params) => {
    const inbox = await api<Inbox>('POST', `/api/inboxes/${inboxId}/handshakes`, { preset, ...(params ? { params } : {}) });
    get().applyInboxChanged('updated', inbox);
    return inbox;
  },
});
