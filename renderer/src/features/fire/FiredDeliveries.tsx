import type { Delivery } from '../../../../electron/shared/hooks.js';
import { EmptyState } from '../../components/EmptyState.js';
import { useStore } from '../../store/index.js';

/** What the last attempt came to: the answer's status, or the transport error. */
function outcome(delivery: Delivery): string {
  const last = delivery.attempts.at(-1);
  if (!last) return delivery.status === 'sending' ? 'sending…' : 'not sent yet';
  if (last.response) return `HTTP ${last.response.status}`;
  return last.error ? `${last.error.kind}: ${last.error.message}` : '';
}

/** The deliveries of the event just fired, updated live as the dispatcher works on them. */
export function FiredDeliveries() {
  const eventId = useStore((state) => state.firedEventId);
  const deliveries = useStore((state) => state.firedDeliveries);
  const hooks = useStore((state) => state.hooks);
  if (!eventId) return null;
  const hookName = (id: string | null) => (id ? (hooks.find((hook) => hook.id === id)?.name ?? id) : null);

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
        <ul className="fire-deliveries" aria-label="Deliveries">
          {deliveries.map((delivery) => {
            const last = delivery.attempts.at(-1);
            return (
              <li key={delivery.id} className="fire-delivery">
                <span className={`delivery-status ds-${delivery.status}`}>{delivery.status}</span>
                <span className="target">
                  {hookName(delivery.hookId) && <strong>{hookName(delivery.hookId)} </strong>}
                  <span className="mono">{delivery.url}</span>
                </span>
                <span className="mono">{outcome(delivery)}</span>
                <span className="muted">
                  {last ? `${Math.round(last.durationMs)} ms` : ''}
                  {delivery.attempts.length > 1 ? ` · ${delivery.attempts.length} attempts` : ''}
                </span>
                <a
                  href={`#/deliveries?eventId=${encodeURIComponent(eventId)}&id=${encodeURIComponent(delivery.id)}`}
                  aria-label={`Details of the delivery to ${delivery.url}`}
                >
                  Details
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
