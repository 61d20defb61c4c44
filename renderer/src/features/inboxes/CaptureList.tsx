import { useEffect, useRef } from 'react';
import type { Inbox } from '../../../../electron/shared/schemas.js';
import { EmptyState } from '../../components/EmptyState.js';
import { LiveListbox } from '../../components/LiveListbox.js';
import { useLiveList } from '../../components/useLiveList.js';
import { formatBytes, formatTime } from '../../components/format.js';
import { useStore } from '../../store/index.js';
import { answerLabel, ruleName } from './answered.js';

/**
 * The live list of captured requests, newest first. Only visible rows are rendered (smooth
 * with 100,000 captures); pages load as the end comes near; arrivals at the top do not move
 * what the user is looking at once they scrolled down.
 */
export function CaptureList({ inbox }: { inbox: Inbox }) {
  const captures = useStore((state) => state.captures);
  const loading = useStore((state) => state.capturesLoading);
  const hasMore = useStore((state) => state.capturesCursor !== null);
  const filter = useStore((state) => state.captureFilter);
  const hidden = useStore((state) => state.hiddenArrivals);
  const selectedId = useStore((state) => state.selectedCaptureId);
  const error = useStore((state) => state.captureError);
  const { setCaptureFilter, loadMoreCaptures, selectCapture } = useStore.getState();
  const filterBox = useRef<HTMLInputElement>(null);
  const { scroller, virtualizer, moveSelection } = useLiveList(captures, selectedId, (id) => void selectCapture(id));

  const last = virtualizer.getVirtualItems().at(-1);
  useEffect(() => {
    if (last && last.index >= captures.length - 40 && hasMore && !loading) void loadMoreCaptures();
  }, [last, captures.length, hasMore, loading, loadMoreCaptures]);

  // `/` jumps to the filter box from anywhere on the page.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const typing = event.target instanceof HTMLElement && event.target.closest('input, textarea, .cm-editor');
      if (event.key === '/' && !typing) {
        event.preventDefault();
        filterBox.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="capture-list">
      <div className="row">
        <input
          ref={filterBox}
          type="search"
          className="filter"
          placeholder="Filter: text in path, headers or body (press / to focus)"
          aria-label="Filter captured requests"
          value={filter}
          // Each keystroke asks the server (it searches every capture, not only the loaded
          // ones); a newer search aborts the one before, on both sides.
          onChange={(event) => void setCaptureFilter(event.target.value)}
        />
      </div>
      {/* The filter runs on the server (bodies included), so arrivals are not known to match until it runs again. */}
      {hidden > 0 && (
        <button type="button" className="banner info" onClick={() => void setCaptureFilter(filter)}>
          {hidden} new request{hidden === 1 ? '' : 's'} arrived while filtering; filter again to list{' '}
          {hidden === 1 ? 'it if it matches' : 'those that match'}
        </button>
      )}
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      <div className="table-head" aria-hidden="true">
        <span>Method</span>
        <span>Path</span>
        <span>Status</span>
        <span>Size</span>
        <span>Time</span>
      </div>
      {captures.length === 0 && !loading ? (
        filter ? (
          <EmptyState title="Nothing matches">
            <p>No request in this inbox contains “{filter}”.</p>
          </EmptyState>
        ) : (
          <EmptyState title="Waiting for the first request">
            <p>
              Send a request to <code>{inbox.url}</code>; it appears here the moment it arrives.
            </p>
          </EmptyState>
        )
      ) : (
        <LiveListbox
          items={captures}
          scroller={scroller}
          virtualizer={virtualizer}
          label={`Requests captured by ${inbox.name}`}
          idPrefix="capture"
          rowClass="capture-row"
          selectedId={selectedId}
          onSelect={(id) => void selectCapture(id)}
          onKeyDown={moveSelection}
          row={(capture) => {
            const rule = ruleName(inbox, capture);
            return (
              <>
                <span className={`method m-${capture.method.toLowerCase()}`}>{capture.method}</span>
                <span className="path" title={capture.path}>
                  {capture.answerError !== undefined && <span className="answer-tag bad">template error</span>}
                  {rule !== undefined && <span className="answer-tag">rule: {rule}</span>}
                  {subPath(capture.path, inbox.slug)}
                </span>
                <span className={`status s${String(capture.responseStatus)[0]}`} title={`answered ${answerLabel(capture)}`}>
                  {capture.responseStatus}
                  {capture.scriptStep !== undefined && <small className="script-step"> ({capture.scriptStep})</small>}
                </span>
                <span className="size">{formatBytes(capture.size)}</span>
                <span className="time">{formatTime(capture.receivedAt)}</span>
              </>
            );
          }}
        >
          {loading && (
            <p className="loading" role="status">
              Loading…
            </p>
          )}
        </LiveListbox>
      )}
    </div>
  );
}

/** The path after the inbox's own `/in/<slug>` (the list is the inbox's already): the part that tells requests apart. */
function subPath(path: string, slug: string): string {
  const prefix = `/in/${slug}`;
  return path.startsWith(prefix) ? path.slice(prefix.length) || '/' : path;
}
