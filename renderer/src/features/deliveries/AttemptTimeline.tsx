import { useState } from 'react';
import type { Attempt, Delivery } from '../../../../electron/shared/hooks.js';
import { CodeView } from '../../components/CodeView.js';
import { PairsTable } from '../../components/PairsTable.js';
import { formatBytes, formatTime } from '../../components/format.js';
import { AttemptCurl } from '../replay/AttemptCurl.js';
import { bodyLanguage, statusText } from './explain.js';
import { TransportError } from './TransportError.js';

/** One entry per attempt, oldest first; the newest is open, any other opens on demand. */
export function AttemptTimeline({ delivery }: { delivery: Delivery }) {
  const [toggled, setToggled] = useState<Record<number, boolean>>({});
  const newest = delivery.attempts.length;
  return (
    <section className="attempts" aria-labelledby="attempts-title">
      <h3 id="attempts-title">Attempts</h3>
      {delivery.attempts.length === 0 && delivery.status !== 'sending' && (
        <p className="muted">No attempt made yet{delivery.status === 'cancelled' ? ': it was cancelled first.' : '.'}</p>
      )}
      <ol className="timeline" aria-label="Attempts">
        {delivery.attempts.map((attempt) => {
          const open = toggled[attempt.n] ?? attempt.n === newest;
          return (
            <li
              key={attempt.n}
              className={`attempt ${attempt.response && attempt.response.status >= 200 && attempt.response.status < 300 ? 'ok' : 'bad'}`}
            >
              <button
                type="button"
                className="attempt-summary"
                aria-expanded={open}
                aria-controls={`attempt-${delivery.id}-${attempt.n}`}
                onClick={() => setToggled({ ...toggled, [attempt.n]: !open })}
              >
                <span className="n">Attempt {attempt.n}</span>
                <span className="muted">{formatTime(attempt.startedAt)}</span>
                <span className="muted">{attempt.durationMs} ms</span>
                <span className="result">{result(attempt)}</span>
              </button>
              {open && <AttemptBody id={`attempt-${delivery.id}-${attempt.n}`} attempt={attempt} />}
              {open && <AttemptCurl deliveryId={delivery.id} n={attempt.n} />}
            </li>
          );
        })}
        {delivery.status === 'sending' && (
          <li className="attempt under-way" role="status">
            Attempt {newest + 1} is under way…
          </li>
        )}
      </ol>
    </section>
  );
}

function result(attempt: Attempt): string {
  if (attempt.response) return statusText(attempt.response.status);
  if (attempt.error) return `Error: ${attempt.error.kind}`;
  return 'No result';
}

/** The exact request as sent, and the answer as received (or what went wrong). */
function AttemptBody({ id, attempt }: { id: string; attempt: Attempt }) {
  const { request, response, error } = attempt;
  return (
    <div id={id} className="attempt-body">
      <h4>Request</h4>
      <p className="mono request-line">
        <span className={`method m-${request.method.toLowerCase()}`}>{request.method}</span> {request.url}
      </p>
      {attempt.captureId && (
        <p className="attempt-capture">
          Reached one of Hookbench’s inboxes:{' '}
          <a href={`#/inboxes?capture=${encodeURIComponent(attempt.captureId)}`}>open capture {attempt.captureId}</a>
        </p>
      )}
      <PairsTable pairs={request.headers} label={`Attempt ${attempt.n} request headers`} />
      {request.body ? (
        <CodeView value={request.body} language={bodyLanguage(request.body)} label={`Attempt ${attempt.n} request body`} />
      ) : (
        <p className="muted">No body.</p>
      )}
      {response && (
        <>
          <h4>
            Response <span className={`status s${String(response.status)[0]}`}>{statusText(response.status)}</span>
          </h4>
          <PairsTable pairs={response.headers} label={`Attempt ${attempt.n} response headers`} headers />
          {response.truncated && (
            <p className="banner warn" role="note">
              The answer was longer than Hookbench keeps: only its first {formatBytes(new TextEncoder().encode(response.body).length)} are
              shown.
            </p>
          )}
          {response.body ? (
            <CodeView value={response.body} language={bodyLanguage(response.body)} label={`Attempt ${attempt.n} response body`} />
          ) : (
            <p className="muted">Empty answer body.</p>
          )}
        </>
      )}
      {error && <TransportError error={error} />}
    </div>
  );
}
