import { useEffect } from 'react';
import type { ForwardResult } from '../../../../electron/shared/forwarding.js';
import { formatTime } from '../../components/format.js';
import { useStore } from '../../store/index.js';

/** Beside a capture: what each of its inbox's forwarding rules got when the capture was relayed. */
export function ForwardResults({ captureId, inboxId }: { captureId: string; inboxId: string }) {
  const loadForwards = useStore((state) => state.loadForwards);
  const shownFor = useStore((state) => state.forwardsCaptureId);
  const forwards = useStore((state) => state.forwards);
  const error = useStore((state) => state.forwardsError);
  const rules = useStore((state) => state.inboxes.find((inbox) => inbox.id === inboxId)?.forward);
  useEffect(() => {
    void loadForwards(captureId);
  }, [captureId, loadForwards]);

  const current = shownFor === captureId ? forwards : null;
  const enabled = rules?.filter((rule) => rule.enabled).length ?? 0;
  // An inbox that forwards nowhere (and never did for this capture) gets no section at all.
  if (enabled === 0 && (current === null || current.length === 0) && !error) return null;
  return (
    <section className="forward-results" aria-label="Forwards">
      <h3>Forwards</h3>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : current === null ? (
        <p className="loading" role="status">
          Loading…
        </p>
      ) : current.length === 0 ? (
        <p className="muted" role="status">
          No forward recorded for this capture yet. Captures from before a rule was added, or before a restart, have none.
        </p>
      ) : (
        <ul className="forward-list">
          {current.map((forward, index) => (
            <li key={`${forward.ruleUrl}-${index}`}>
              <span className={forwardClass(forward)}>{outcome(forward)}</span> <span className="path">{forward.url}</span>{' '}
              <span className="muted">
                {forward.durationMs} ms · {formatTime(forward.at)}
              </span>
              {forward.error && <div className="muted">{forward.error.message}</div>}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">Forwards are sent once, never retried, and kept in memory only until Hookbench restarts.</p>
    </section>
  );
}

function outcome(forward: ForwardResult): string {
  if (forward.error) return forward.error.kind;
  return String(forward.status);
}

function forwardClass(forward: ForwardResult): string {
  const good = forward.status !== undefined && forward.status < 400;
  return `forward-outcome ${good ? 'good' : 'bad'}`;
}
