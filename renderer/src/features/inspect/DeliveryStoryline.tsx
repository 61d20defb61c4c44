import { useEffect } from 'react';
import type { Delivery } from '../../../../electron/shared/hooks.js';
import { formatDateTime } from '../../components/format.js';
import { useStore } from '../../store/index.js';
import { statusText } from '../deliveries/explain.js';

interface Moment {
  at: string;
  what: string;
  captureId?: string;
}

/** One timeline for a delivery: fired, each attempt started, received by an inbox, answered. */
export function DeliveryStoryline({ delivery }: { delivery: Delivery }) {
  const story = useStore((state) => (state.deliveryStory?.deliveryId === delivery.id ? state.deliveryStory : null));
  const loadDeliveryStory = useStore((state) => state.loadDeliveryStory);
  // Read again as attempts arrive; what is known is kept, only new captures are fetched.
  useEffect(() => {
    void loadDeliveryStory(delivery);
  }, [delivery, loadDeliveryStory]);

  const moments: Moment[] = [];
  if (story?.firedAt) moments.push({ at: story.firedAt, what: 'Event fired' });
  for (const attempt of delivery.attempts) {
    moments.push({ at: attempt.startedAt, what: `Attempt ${attempt.n} started` });
    const received = attempt.captureId ? story?.received[attempt.captureId] : undefined;
    if (attempt.captureId && received) moments.push({ at: received, what: 'Received by the inbox', captureId: attempt.captureId });
    const ended = new Date(Date.parse(attempt.startedAt) + attempt.durationMs).toISOString();
    const outcome = attempt.response ? `Answered ${statusText(attempt.response.status)}` : `No answer: ${attempt.error?.kind ?? 'unknown'}`;
    moments.push({ at: ended, what: outcome });
  }
  if (moments.length === 0) return null;
  return (
    <section className="storyline" aria-labelledby="storyline-title">
      <h3 id="storyline-title">Timeline</h3>
      <ol className="storyline-list" aria-label="Delivery timeline">
        {moments.map((moment, index) => (
          <li key={index}>
            <span className="muted mono">{formatDateTime(moment.at)}</span> {moment.what}
            {moment.captureId && (
              <>
                {' '}
                (<a href={`#/inboxes?capture=${encodeURIComponent(moment.captureId)}`}>capture {moment.captureId}</a>)
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
