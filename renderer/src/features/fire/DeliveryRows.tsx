import type { Delivery } from '../../../../electron/shared/hooks.js';
import { useStore } from '../../store/index.js';

/** What the last attempt came to: the answer's status, or the transport error. */
function outcome(delivery: Delivery): string {
  const last = delivery.attempts.at(-1);
  if (!last) return delivery.status === 'sending' ? 'sending…' : 'not sent yet';
  if (last.response) return `HTTP ${last.response.status}`;
  return last.error ? `${last.error.kind}: ${last.error.message}` : '';
}

/** Deliveries as they go, one row each, linking to their detail (a fired event's, a scenario run's). */
export function DeliveryRows({ deliveries }: { deliveries: Delivery[] }) {
  const hooks = useStore((state) => state.hooks);
  const hookName = (id: string | null) => (id ? (hooks.find((hook) => hook.id === id)?.name ?? id) : null);
  return (
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
              href={`#/deliveries?eventId=${encodeURIComponent(delivery.eventId)}&id=${encodeURIComponent(delivery.id)}`}
              aria-label={`Details of the delivery to ${delivery.url}`}
            >
              Details
            </a>
          </li>
        );
      })}
    </ul>
  );
}
