import type { Provider } from '../../../../electron/shared/hooks.js';
import { FieldNotes } from './fields.js';

/** Which event types the hook receives: every one (`*`), or a chosen few of the provider's catalog. */
export function EventsField({
  provider,
  events,
  error,
  onChange,
}: {
  provider: Provider | undefined;
  events: string[];
  error: string | undefined;
  onChange(events: string[]): void;
}) {
  const all = events.includes('*');
  const toggle = (type: string, on: boolean) =>
    onChange(on ? [...events.filter((event) => event !== '*'), type] : events.filter((event) => event !== type));
  return (
    <>
      <span className="label" id="hook-events-label">
        Events
      </span>
      <fieldset
        className="events stack"
        aria-labelledby="hook-events-label"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'hook-events-error' : undefined}
      >
        <label className="check">
          <input type="checkbox" checked={all} onChange={(event) => onChange(event.target.checked ? ['*'] : [])} /> All events (
          <code>*</code>), including types added later
        </label>
        <div className="event-types">
          {(provider?.eventTypes ?? []).map((eventType) => (
            <label key={eventType.type} className="check" title={eventType.description}>
              <input
                type="checkbox"
                disabled={all}
                checked={all || events.includes(eventType.type)}
                onChange={(event) => toggle(eventType.type, event.target.checked)}
              />{' '}
              {eventType.name} <code>{eventType.type}</code>
              {eventType.aliases && eventType.aliases.length > 0 && <span className="muted"> (also {eventType.aliases.join(', ')})</span>}
            </label>
          ))}
        </div>
        <FieldNotes id="hook-events" error={error} />
      </fieldset>
    </>
  );
}
