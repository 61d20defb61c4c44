import { realClock } from '../../electron/core/dispatcher/clock.js';
import { Dispatcher } from '../../electron/core/dispatcher/dispatcher.js';
import type { OutgoingRequest, Sender, Sent } from '../../electron/core/dispatcher/http-client.js';
import { EventBus } from '../../electron/core/events.js';
import type { HookService } from '../../electron/core/hooks/service.js';
import { silentLogger, type Logger } from '../../electron/core/log.js';
import type { Catalog } from '../../electron/core/providers/catalog.js';
import type { DeliveryStore, StoredDelivery } from '../../electron/core/store/deliveries.js';

const answered: Sent = { response: { status: 200, headers: [], body: '', truncated: false }, durationMs: 1 };

/**
 * A dispatcher over a fake store and, unless given one, a sender that answers 200 at once;
 * hook-less deliveries only. `signed` hears of every attempt signed.
 */
export function dispatcherWith(options: {
  save: (deliveries: StoredDelivery[]) => Promise<void>;
  send?: (outgoing: OutgoingRequest) => Promise<Sent | undefined>;
  signed?: (deliveryId: string, nowMs: number) => void;
  log?: Logger;
  onSaved?: () => void;
}): Dispatcher {
  const signAttempt = (_target: unknown, _request: unknown, deliveryId: string, nowMs: number) => {
    options.signed?.(deliveryId, nowMs);
    return [];
  };
  return new Dispatcher({
    store: { save: options.save } as unknown as DeliveryStore,
    hooks: { list: () => [] } as unknown as HookService,
    catalog: { provider: () => ({ signAttempt }) } as unknown as Catalog,
    sender: { depth: 1, send: options.send ?? (async () => answered) } as unknown as Sender,
    bus: new EventBus(),
    clock: realClock,
    concurrency: 8,
    connectionsPerOrigin: 8,
    log: options.log ?? silentLogger,
    ...(options.onSaved ? { onSaved: options.onSaved } : {}),
  });
}

/** Hook-less deliveries, stored and pending, to one local URL. */
export function pendingDeliveries(ids: string[]): StoredDelivery[] {
  const request = { method: 'POST', url: 'http://127.0.0.1:9/', headers: [], body: '{}' };
  return ids.map(
    (id) =>
      ({ id, hookId: null, provider: 'generic', url: request.url, status: 'pending', attempts: [], request }) as unknown as StoredDelivery,
  );
}
