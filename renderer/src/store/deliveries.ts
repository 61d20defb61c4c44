import { api, query } from '../api/client.js';
import type { Delivery, DeliveryStatus } from '../../../electron/shared/hooks.js';
import type { Slice } from './slice.js';

/** Deliveries are read a page at a time ("Load more"); there can be many thousands. */
export const DELIVERY_PAGE = 100;

export interface DeliveryFilter {
  hookId: string;
  eventId: string;
  status: DeliveryStatus | '';
}

export const NO_DELIVERY_FILTER: DeliveryFilter = { hookId: '', eventId: '', status: '' };

export interface DeliverySlice {
  /** Newest first: the pages read so far plus live arrivals that match the filter. */
  deliveries: Delivery[];
  deliveriesCursor: string | null;
  deliveriesLoading: boolean;
  deliveriesLoaded: boolean;
  deliveriesError: string | null;
  deliveryFilter: DeliveryFilter;
  selectedDeliveryId: string | null;
  /** The selected delivery as the dispatcher sees it now (an attempt under way shows as `sending`). */
  deliveryDetail: Delivery | null;
  deliveryDetailError: string | null;

  setDeliveryFilter(filter: DeliveryFilter): Promise<void>;
  loadDeliveries(): Promise<void>;
  loadMoreDeliveries(): Promise<void>;
  selectDelivery(id: string | null): Promise<void>;
  retryDelivery(id: string): Promise<void>;
  cancelDelivery(id: string): Promise<void>;
  applyDeliveriesUpdated(updated: Delivery[]): void;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function matchesDeliveryFilter(delivery: Delivery, filter: DeliveryFilter): boolean {
  return (
    (!filter.hookId || delivery.hookId === filter.hookId) &&
    (!filter.eventId || delivery.eventId === filter.eventId) &&
    (!filter.status || delivery.status === filter.status)
  );
}

const STATUS_RANK: Record<DeliveryStatus, number> = { sending: 2, pending: 1, succeeded: 0, failed: 0, cancelled: 0 };

/**
 * Whether `next` is a later state of the delivery than `current`. Answers to retry/cancel and
 * stream events can cross (a fast attempt's result may arrive before the retry's 202), so
 * an older state must not win: more attempts, then a later save, then sending > pending > finished
 * (retry-now and an attempt's start change neither the attempts nor updatedAt).
 */
export function isLaterState(next: Delivery, current: Delivery): boolean {
  if (next.attempts.length !== current.attempts.length) return next.attempts.length > current.attempts.length;
  if (next.updatedAt !== current.updatedAt) return next.updatedAt > current.updatedAt;
  return STATUS_RANK[next.status] >= STATUS_RANK[current.status];
}

/**
 * Merges live updates into a newest-first list: known rows are replaced in place (they stay
 * even if they no longer match, so nothing vanishes under the reader); new matching ones are
 * put where their id sorts (ids sort by creation time), unless older than every loaded row
 * while more pages remain, where "Load more" will bring them.
 */
export function mergeDeliveries(list: Delivery[], updated: Delivery[], filter: DeliveryFilter, complete: boolean): Delivery[] {
  const byId = new Map(updated.map((delivery) => [delivery.id, delivery]));
  const merged = list.map((delivery) => {
    const next = byId.get(delivery.id);
    if (!next) return delivery;
    byId.delete(delivery.id);
    return isLaterState(next, delivery) ? next : delivery;
  });
  const oldest = merged.at(-1)?.id;
  const added = [...byId.values()].filter(
    (delivery) => matchesDeliveryFilter(delivery, filter) && (complete || oldest === undefined || delivery.id > oldest),
  );
  if (added.length === 0) return merged;
  return [...added, ...merged].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

export const deliverySlice: Slice<DeliverySlice> = (set, get) => {
  /** Answers that arrive after a newer request (another filter) are dropped. */
  let generation = 0;
  const path = (cursor?: string) => {
    const { hookId, eventId, status } = get().deliveryFilter;
    return `/api/deliveries${query({ hookId, eventId: eventId.trim(), status, limit: DELIVERY_PAGE, cursor })}`;
  };
  /** Changed deliveries, wherever the page shows them (list and detail). */
  const show = (updated: Delivery[]) => {
    const { deliveries, deliveryFilter, deliveriesCursor, selectedDeliveryId, deliveryDetail } = get();
    // Only the last state of each delivery in a batch counts.
    const latest = [...new Map(updated.map((delivery) => [delivery.id, delivery])).values()];
    const selected = latest.find((delivery) => delivery.id === selectedDeliveryId);
    set({
      deliveries: mergeDeliveries(deliveries, latest, deliveryFilter, deliveriesCursor === null),
      ...(selected && (!deliveryDetail || deliveryDetail.id !== selected.id || isLaterState(selected, deliveryDetail))
        ? { deliveryDetail: selected, deliveryDetailError: null }
        : {}),
    });
  };

  return {
    deliveries: [],
    deliveriesCursor: null,
    deliveriesLoading: false,
    deliveriesLoaded: false,
    deliveriesError: null,
    deliveryFilter: NO_DELIVERY_FILTER,
    selectedDeliveryId: null,
    deliveryDetail: null,
    deliveryDetailError: null,

    setDeliveryFilter: async (filter) => {
      set({ deliveryFilter: filter });
      await get().loadDeliveries();
    },

    loadDeliveries: async () => {
      const mine = ++generation;
      set({ deliveriesLoading: true, deliveriesError: null });
      try {
        const page = await api<Page<Delivery>>('GET', path());
        if (mine === generation)
          set({ deliveries: page.items, deliveriesCursor: page.nextCursor, deliveriesLoading: false, deliveriesLoaded: true });
      } catch (error) {
        if (mine === generation) set({ deliveriesLoading: false, deliveriesLoaded: true, deliveriesError: (error as Error).message });
      }
    },

    loadMoreDeliveries: async () => {
      const { deliveriesCursor, deliveriesLoading } = get();
      if (!deliveriesCursor || deliveriesLoading) return;
      const mine = generation;
      set({ deliveriesLoading: true });
      try {
        const page = await api<Page<Delivery>>('GET', path(deliveriesCursor));
        if (mine !== generation) return;
        const known = new Set(get().deliveries.map((delivery) => delivery.id));
        set({
          deliveries: [...get().deliveries, ...page.items.filter((delivery) => !known.has(delivery.id))],
          deliveriesCursor: page.nextCursor,
          deliveriesLoading: false,
        });
      } catch (error) {
        if (mine === generation) set({ deliveriesLoading: false, deliveriesError: (error as Error).message });
      }
    },

    selectDelivery: async (id) => {
      const known = get().deliveries.find((delivery) => delivery.id === id) ?? null;
      set({ selectedDeliveryId: id, deliveryDetail: known, deliveryDetailError: null });
      if (!id) return;
      try {
        const detail = await api<Delivery>('GET', `/api/deliveries/${id}`);
        if (get().selectedDeliveryId === id) show([detail]);
      } catch (error) {
        if (get().selectedDeliveryId === id) set({ deliveryDetailError: (error as Error).message });
      }
    },

    retryDelivery: async (id) => show([await api<Delivery>('POST', `/api/deliveries/${id}/retry`)]),

    cancelDelivery: async (id) => show([await api<Delivery>('POST', `/api/deliveries/${id}/cancel`)]),

    applyDeliveriesUpdated: show,
  };
};
