import { useStore } from '../../store/index.js';
import { EmptyState } from '../../components/EmptyState.js';
import { CaptureDetail } from './CaptureDetail.js';
import { CapturesOrCharts } from './CapturesOrCharts.js';
import { InboxHeader } from './InboxHeader.js';
import { InboxList } from './InboxList.js';
import { useCaptureHash } from '../inspect/useCaptureHash.js';

/** Inboxes: which endpoint, what reached it (live), and every byte of one request. */
export function InboxesView() {
  // Links from deliveries (#/inboxes?capture=…) open their capture.
  useCaptureHash();
  const loaded = useStore((state) => state.inboxesLoaded);
  const error = useStore((state) => state.inboxError);
  const selected = useStore((state) => state.inboxes.find((inbox) => inbox.id === state.selectedInboxId));
  return (
    <div className="inboxes">
      <InboxList />
      <section className="captures" aria-label="Captured requests">
        {error && (
          <div className="banner error" role="alert">
            {error}
          </div>
        )}
        {!loaded ? (
          <p className="loading" role="status">
            Loading inboxes…
          </p>
        ) : selected ? (
          <>
            <InboxHeader inbox={selected} />
            <CapturesOrCharts inbox={selected} />
          </>
        ) : (
          <EmptyState title="No inbox yet">
            <p>Create an inbox: it gets its own URL, and every request sent to it shows up here live.</p>
          </EmptyState>
        )}
      </section>
      <CaptureDetail />
    </div>
  );
}
