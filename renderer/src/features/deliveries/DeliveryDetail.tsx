import { useEffect, useState } from 'react';
import type { Delivery } from '../../../../electron/shared/hooks.js';
import { EmptyState } from '../../components/EmptyState.js';
import { PairsTable } from '../../components/PairsTable.js';
import { formatDateTime } from '../../components/format.js';
import { useStore } from '../../store/index.js';
import { AttemptTimeline } from './AttemptTimeline.js';
import { DeliveryStoryline } from '../inspect/DeliveryStoryline.js';
import { canCancel, canRetry, relativeTime, STATUS_LABELS } from './explain.js';

/** One delivery: where it goes, where it stands, what can be done, and every attempt. */
export function DeliveryDetail() {
  const selectedId = useStore((state) => state.selectedDeliveryId);
  const delivery = useStore((state) => state.deliveryDetail);
  const error = useStore((state) => state.deliveryDetailError);
  return (
    <section className="detail delivery-detail" aria-label="Delivery detail">
      {!selectedId ? (
        <EmptyState title="No delivery selected">
          <p>Pick a delivery on the left (or use the arrow keys) to see each attempt: the exact request, and the answer or error.</p>
        </EmptyState>
      ) : error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : !delivery ? (
        <p className="loading" role="status">
          Loading…
        </p>
      ) : (
        <Loaded key={delivery.id} delivery={delivery} />
      )}
    </section>
  );
}

/** The current time, once a second while something on screen counts toward it. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    // The time kept since mount may be old by now (a retry was just scheduled).
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

function Loaded({ delivery }: { delivery: Delivery }) {
  const hook = useStore((state) => state.hooks.find((candidate) => candidate.id === delivery.hookId));
  const retryDelivery = useStore((state) => state.retryDelivery);
  const cancelDelivery = useStore((state) => state.cancelDelivery);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const now = useNow(delivery.nextAttemptAt !== undefined);

  const act = async (action: (id: string) => Promise<void>) => {
    setBusy(true);
    try {
      await action(delivery.id);
      setProblem(null);
    } catch (caught) {
      setProblem((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const rows: [string, string][] = [
    ['Status', STATUS_LABELS[delivery.status]],
    ['Hook', delivery.hookId ? (hook ? `${hook.name} (${delivery.hookId})` : delivery.hookId) : '(none: sent to a URL)'],
    ['Event', delivery.eventId],
    ['URL', delivery.url],
    ['Created', formatDateTime(delivery.createdAt)],
    ['Updated', formatDateTime(delivery.updatedAt)],
    [
      'Next attempt',
      delivery.nextAttemptAt
        ? `${relativeTime(delivery.nextAttemptAt, now)} (${formatDateTime(delivery.nextAttemptAt)})`
        : delivery.status === 'sending'
          ? 'under way now'
          : delivery.status === 'pending'
            ? 'as soon as a sending slot is free'
            : 'none: this delivery is finished',
    ],
    ['Id', delivery.id],
  ];

  return (
    <>
      <div className="row">
        <h2 id="delivery-detail-title" className="detail-title" tabIndex={-1}>
          <span className={`delivery-status ds-${delivery.status}`}>{STATUS_LABELS[delivery.status]}</span> {hook?.name ?? delivery.url}
        </h2>
        <span className="spacer" />
        <button
          type="button"
          className="button small primary"
          disabled={busy || !canRetry(delivery)}
          title={canRetry(delivery) ? 'Make the next attempt now' : 'An attempt is under way; wait for its result'}
          onClick={() => void act(retryDelivery)}
        >
          Retry now
        </button>
        <button
          type="button"
          className="button small danger"
          disabled={busy || !canCancel(delivery)}
          title={canCancel(delivery) ? 'Make no further attempts' : 'This delivery is finished'}
          onClick={() => void act(cancelDelivery)}
        >
          Cancel
        </button>
      </div>
      {problem && (
        <p className="banner error" role="alert">
          {problem}
        </p>
      )}
      <PairsTable pairs={rows} label="Delivery overview" />
      <DeliveryStoryline delivery={delivery} />
      <AttemptTimeline delivery={delivery} />
    </>
  );
}
