import { EmptyState } from '../../components/EmptyState.js';
import { useStore } from '../../store/index.js';
import { DeliveryRows } from './DeliveryRows.js';

/** The deliveries of the event just fired, updated live as the dispatcher works on them. */
export function FiredDeliveries() {
  const eventId = useStore((state) => state.firedEventId);
  const deliveries = useStore((state) => state.firedDeliveries);
  if (!eventId) return null;

  return (
    <section className="stack" aria-label="Deliveries of the fired event">
      <div className="row">
        <h3>Deliveries</h3>
        <span className="muted mono">{eventId}</span>
        <span className="spacer" />
        <a href={`#/deliveries?eventId=${encodeURIComponent(eventId)}`}>All in Deliveries</a>
      </div>
      {deliveries.length === 0 ? (
        <EmptyState title="Nobody got this event">
          <p>No hook was a target. Subscribe a hook to this event in Hooks, choose hooks, or send to one URL.</p>
        </EmptyState>
      ) : (
        <DeliveryRows deliveries={deliveries} />
      )}
    </section>
  );
}
