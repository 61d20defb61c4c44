import { useEffect, useState } from 'react';
import type { DeliveryStatus } from '../../../../electron/shared/hooks.js';
import { useStore } from '../../store/index.js';
import { STATUSES, STATUS_LABELS } from './explain.js';

/** Hook, event and status filters; the server does the filtering, so every delivery is searched. */
export function DeliveryFilters() {
  const filter = useStore((state) => state.deliveryFilter);
  const hooks = useStore((state) => state.hooks);
  const setDeliveryFilter = useStore((state) => state.setDeliveryFilter);
  const [eventDraft, setEventDraft] = useState(filter.eventId);
  const [shownEventId, setShownEventId] = useState(filter.eventId);
  // A link may change the filter under the text box: the box follows.
  if (shownEventId !== filter.eventId) {
    setShownEventId(filter.eventId);
    setEventDraft(filter.eventId);
  }

  // An event id is asked for after a pause in typing, not at every key.
  useEffect(() => {
    if (eventDraft.trim() === filter.eventId) return;
    const timer = setTimeout(() => void setDeliveryFilter({ ...filter, eventId: eventDraft.trim() }), 250);
    return () => clearTimeout(timer);
  }, [eventDraft, filter, setDeliveryFilter]);

  // A hook named in a link but since deleted still shows as chosen.
  const unknownHook = filter.hookId && !hooks.some((hook) => hook.id === filter.hookId);
  return (
    <div className="row delivery-filters" role="search" aria-label="Filter deliveries">
      <label className="stack">
        <span>Hook</span>
        <select value={filter.hookId} onChange={(event) => void setDeliveryFilter({ ...filter, hookId: event.target.value })}>
          <option value="">All hooks</option>
          {unknownHook && <option value={filter.hookId}>{filter.hookId}</option>}
          {hooks.map((hook) => (
            <option key={hook.id} value={hook.id}>
              {hook.name}
            </option>
          ))}
        </select>
      </label>
      <label className="stack">
        <span>Event id</span>
        <input
          type="search"
          placeholder="evt_…"
          value={eventDraft}
          onChange={(event) => setEventDraft(event.target.value)}
          spellCheck={false}
        />
      </label>
      <label className="stack">
        <span>Status</span>
        <select
          value={filter.status}
          onChange={(event) => void setDeliveryFilter({ ...filter, status: event.target.value as DeliveryStatus | '' })}
        >
          <option value="">Any status</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
