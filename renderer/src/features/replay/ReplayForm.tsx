import { useState, type FormEvent } from 'react';
import type { Capture } from '../../../../electron/shared/schemas.js';
import type { ReplayResult } from '../../../../electron/shared/snippets.js';
import { PairsTable } from '../../components/PairsTable.js';
import { statusText } from '../deliveries/explain.js';
import { TransportError } from '../deliveries/TransportError.js';
import { useStore } from '../../store/index.js';

/**
 * Sends the capture again to a URL the user picks (its inbox by default): same method, headers
 * and body bytes; the capture's sub-path and query string follow the URL.
 */
export function ReplayForm({ capture }: { capture: Capture }) {
  const inboxUrl = useStore((state) => state.inboxes.find((inbox) => inbox.id === capture.inboxId)?.url ?? '');
  const replaying = useStore((state) => state.replaying && state.replayCaptureId === capture.id);
  const result = useStore((state) => (state.replayCaptureId === capture.id ? state.replayResult : null));
  const problem = useStore((state) => (state.replayCaptureId === capture.id ? state.replayProblem : null));
  const replayCapture = useStore((state) => state.replayCapture);
  const [url, setUrl] = useState<string | null>(null);
  const value = url ?? inboxUrl;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void replayCapture(capture.id, value.trim());
  };
  const urlProblem = problem?.field === 'url' ? problem.message : undefined;

  return (
    <div className="replay stack">
      <form className="grid-form" onSubmit={submit} aria-label="Replay">
        <label htmlFor="replay-url">Send to</label>
        <input
          id="replay-url"
          type="url"
          required
          value={value}
          onChange={(event) => setUrl(event.target.value)}
          aria-invalid={urlProblem !== undefined}
          aria-describedby="replay-url-help"
        />
        <p id="replay-url-help" className="muted wide">
          The request&apos;s sub-path and query string are added after this URL; {capture.method} with the same headers and body.
        </p>
        {urlProblem && (
          <p className="field-error" role="alert">
            {urlProblem}
          </p>
        )}
        <div className="row">
          <button type="submit" className="button primary" disabled={replaying || value.trim() === ''}>
            {replaying ? 'Replaying…' : 'Replay'}
          </button>
        </div>
      </form>
      {problem && !urlProblem && (
        <p className="banner error" role="alert">
          {problem.message}
        </p>
      )}
      {result && <ReplayOutcome result={result} />}
    </div>
  );
}

function ReplayOutcome({ result }: { result: ReplayResult }) {
  const { response, error } = result;
  return (
    <section className="replay-result" aria-label="Replay result">
      <p className="mono">
        <span className={`method m-${result.method.toLowerCase()}`}>{result.method}</span> {result.url} · {result.durationMs} ms
      </p>
      {response && (
        <>
          <h4>
            Answered <span className={`status s${String(response.status)[0]}`}>{statusText(response.status)}</span>
          </h4>
          <PairsTable pairs={response.headers} label="Replay response headers" headers />
          {response.truncated && (
            <p className="banner warn" role="note">
              Only the first 64 KiB of the answer are shown.
            </p>
          )}
          {response.body ? (
            <pre className="snippet" tabIndex={0} aria-label="Replay response body">
              {response.body}
            </pre>
          ) : (
            <p className="muted">Empty answer body.</p>
          )}
        </>
      )}
      {error && <TransportError error={error} />}
    </section>
  );
}
