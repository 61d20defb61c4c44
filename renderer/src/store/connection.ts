import { api } from '../api/client.js';
import type { ConnectionState } from '../api/stream.js';
import type { StreamEvent } from '../../../electron/shared/schemas.js';
import type { Health } from '../../../electron/shared/schemas.js';
import type { Slice } from './slice.js';

export interface ConnectionSlice {
  connection: ConnectionState;
  health: Health | null;
  setConnection(state: ConnectionState): void;
  loadHealth(): Promise<void>;
  /** Reloads everything after the server was away. */
  reloadAll(): Promise<void>;
  /** Routes each live event to the slice that owns it. */
  applyEvents(events: StreamEvent[]): void;
}

export const connectionSlice: Slice<ConnectionSlice> = (set, get) => ({
  connection: 'connecting',
  health: null,
  setConnection: (connection) => set({ connection }),
  loadHealth: async () => {
    try {
      set({ health: await api<Health>('GET', '/api/health') });
    } catch {
      // The banner shows the connection state; health is retried on reconnect.
    }
  },
  reloadAll: async () => {
    await Promise.all([get().loadHealth(), get().loadInboxes()]);
  },
  applyEvents: (events) => {
    const captured = events.flatMap((event) => (event.type === 'request.captured' ? [event.data] : []));
    if (captured.length > 0) get().applyCaptured(captured);
    for (const event of events) if (event.type === 'inbox.changed') get().applyInboxChanged(event.data.change, event.data.inbox);
  },
});
