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
    // loadInboxes keeps the selection, so its captures are read here (the stream missed some).
    await get().reloadCaptures();
    // Deliveries are read again only once the view has loaded them.
    if (get().deliveriesLoaded) await Promise.all([get().loadDeliveries(), get().selectDelivery(get().selectedDeliveryId)]);
    // Hooks and the providers catalog likewise, once a view has asked for them.
    if (get().hooksLoaded) await get().loadHooks();
    if (get().providersLoaded) await get().loadProviders();
    await get().reloadFiredDeliveries();
    // Forwards that finished while the stream was down.
    const forwardsOf = get().forwardsCaptureId;
    if (forwardsOf) await get().loadForwards(forwardsOf);
    // A restarted core may run with other start options (or emulator tokens edited meanwhile).
    if (get().settingsRequested) await get().loadSettings();
    // Charts on screen: counts missed while away.
    await get().reloadStats();
  },
  applyEvents: (events) => {
    const captured = events.flatMap((event) => (event.type === 'request.captured' ? [event.data] : []));
    if (captured.length > 0) get().applyCaptured(captured);
    const deliveries = events.flatMap((event) => (event.type === 'delivery.updated' ? [event.data] : []));
    if (deliveries.length > 0) get().applyDeliveriesUpdated(deliveries);
    if (deliveries.length > 0) get().applyHookDeliveries(deliveries);
    if (deliveries.length > 0) get().applyFireDeliveries(deliveries);
    if (deliveries.length > 0) get().applyScenarioDeliveries(deliveries);
    for (const event of events) if (event.type === 'hook.changed') get().applyHookChanged(event.data.change, event.data.hook);
    for (const event of events) if (event.type === 'inbox.changed') get().applyInboxChanged(event.data.change, event.data.inbox);
    const forwarded = events.flatMap((event) => (event.type === 'capture.forwarded' ? [event.data] : []));
    if (forwarded.length > 0) get().applyForwarded(forwarded);
    get().applyStatsEvents(events);
  },
});
