import type { KeyboardEvent } from 'react';
import { EmptyState } from '../../components/EmptyState.js';
import { LiveListbox } from '../../components/LiveListbox.js';
import { useLiveList } from '../../components/useLiveList.js';
import { formatDateTime } from '../../components/format.js';
import { useStore } from '../../store/index.js';
import { STATUS_LABELS } from './explain.js';

/**
 * Deliveries newest first. Only visible rows are rendered (there can be many thousands);
 * further pages come with "Load more"; live arrivals at the top do not move the rows the
 * user scrolled to. Arrows move the selection, Enter goes to the detail.
 */
export function DeliveryList() {
  const deliveries = useStore((state) => state.deliveries);
  const loading = useStore((state) => state.deliveriesLoading);
  const loaded = useStore((state) => state.deliveriesLoaded);
  const hasMore = useStore((state) => state.deliveriesCursor !== null);
  const error = useStore((state) => state.deliveriesError);
  const filtered = useStore((state) => Object.values(state.deliveryFilter).some(Boolean));
  const hooks = useStore((state) => state.hooks);
  const selectedId = useStore((state) => state.selectedDeliveryId);
  const { selectDelivery, loadMoreDeliveries } = useStore.getState();
  const { scroller, virtualizer, moveSelection } = useLiveList(deliveries, selectedId, (id) => void selectDelivery(id));

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && selectedId) {
      event.preventDefault();
      document.getElementById('delivery-detail-title')?.focus();
      return;
    }
    moveSelection(event);
  };

  const hookName = (id: string | null) => (id ? (hooks.find((hook) => hook.id === id)?.name ?? id) : null);

  return (
    <div className="delivery-list">
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      <div className="table-head delivery-head" aria-hidden="true">
        <span>Status</span>
        <span>Hook or URL</span>
        <span>Attempts</span>
        <span>Created</span>
      </div>
      {!loaded ? (
        <p className="loading" role="status">
          Loading deliveries…
        </p>
      ) : deliveries.length === 0 && !loading ? (
        filtered ? (
          <EmptyState title="No delivery matches">
            <p>Nothing sent so far matches these filters. Clear one, or fire an event that would.</p>
          </EmptyState>
        ) : (
          <EmptyState title="Nothing delivered yet">
            <p>
              Fire an event (in <a href="#/fire">Fire</a>) to a hook or a URL: each send shows up here the moment it starts, with every
              attempt.
            </p>
          </EmptyState>
        )
      ) : (
        <LiveListbox
          items={deliveries}
          scroller={scroller}
          virtualizer={virtualizer}
          label="Deliveries, newest first"
          idPrefix="delivery"
          rowClass="delivery-row"
          selectedId={selectedId}
          onSelect={(id) => void selectDelivery(id)}
          onKeyDown={onKey}
          row={(delivery) => (
            <>
              <span className={`delivery-status ds-${delivery.status}`}>{STATUS_LABELS[delivery.status]}</span>
              <span className="target" title={delivery.url}>
                {hookName(delivery.hookId) ?? delivery.url}
              </span>
              <span className="attempts">{delivery.attempts.length}</span>
              <span className="time">{formatDateTime(delivery.createdAt)}</span>
            </>
          )}
        />
      )}
      {/* Outside the listbox: a listbox holds options only. */}
      {loaded && deliveries.length > 0 && (
        <div className="row list-foot">
          <span className="muted">
            {deliveries.length} shown{hasMore ? '; older ones are on the server' : ''}
          </span>
          <span className="spacer" />
          {hasMore && (
            <button type="button" className="button small" disabled={loading} onClick={() => void loadMoreDeliveries()}>
              {loading ? 'Loading…' : 'Load more'}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
