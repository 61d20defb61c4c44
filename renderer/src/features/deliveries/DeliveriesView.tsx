import { useEffect } from 'react';
import { useStore } from '../../store/index.js';
import { DeliveryDetail } from './DeliveryDetail.js';
import { DeliveryFilters } from './DeliveryFilters.js';
import { DeliveryList } from './DeliveryList.js';
import { deliveryHash, readDeliveryHash } from './explain.js';

/**
 * Deliveries: every attempt to send an event to a hook, live, filtered by hook, event and
 * status; the detail shows each attempt exactly as sent and answered. The address carries the
 * filter and selection, so other views can link here (#/deliveries?hookId=…).
 */
export function DeliveriesView() {
  const filter = useStore((state) => state.deliveryFilter);
  const selectedId = useStore((state) => state.selectedDeliveryId);

  // The address is read when the view opens and whenever a link changes it.
  useEffect(() => {
    const apply = (opening: boolean) => {
      // Coming back through the menu (no parameters) keeps the filter the user left.
      const hash =
        opening && !window.location.hash.includes('?') ? deliveryHash(useStore.getState().deliveryFilter, null) : window.location.hash;
      const { filter: wanted, id } = readDeliveryHash(hash);
      const { deliveryFilter, deliveriesLoaded, setDeliveryFilter, loadDeliveries, selectDelivery, selectedDeliveryId } =
        useStore.getState();
      const same = JSON.stringify(wanted) === JSON.stringify(deliveryFilter);
      void (same ? (deliveriesLoaded ? Promise.resolve() : loadDeliveries()) : setDeliveryFilter(wanted));
      if (id && id !== selectedDeliveryId) void selectDelivery(id);
    };
    const follow = () => apply(false);
    apply(true);
    // Hook names come from the hooks model (kept live by hook.changed).
    if (!useStore.getState().hooksLoaded) void useStore.getState().loadHooks();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  // And written back (without a history entry) as the user filters and selects.
  useEffect(() => {
    const hash = deliveryHash(filter, selectedId);
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  }, [filter, selectedId]);

  return (
    <div className="deliveries">
      <section className="delivery-pane" aria-label="Deliveries">
        <DeliveryFilters />
        <DeliveryList />
      </section>
      <DeliveryDetail />
    </div>
  );
}
