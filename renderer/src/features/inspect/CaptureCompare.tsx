import { useEffect, useId } from 'react';
import type { CaptureDiff } from '../../../../electron/shared/inspect.js';
import type { Capture } from '../../../../electron/shared/schemas.js';
import { formatTime } from '../../components/format.js';
import { useStore } from '../../store/index.js';

/** "Compare with…": another capture of the inbox, and what differs side by side (headers, JSON by path). */
export function CaptureCompare({ capture }: { capture: Capture }) {
  const captures = useStore((state) => state.captures);
  const comparison = useStore((state) => (state.captureComparison?.a === capture.id ? state.captureComparison : null));
  const compareCaptures = useStore((state) => state.compareCaptures);
  const selectId = useId();
  // A new selection starts without a comparison.
  useEffect(() => () => void compareCaptures(capture.id, null), [capture.id, compareCaptures]);
  const others = captures.filter((other) => other.id !== capture.id);
  if (others.length === 0) return null;
  return (
    <section className="capture-compare" aria-label="Compare captures">
      <div className="row">
        <label htmlFor={selectId}>Compare with…</label>
        <select
          id={selectId}
          value={comparison?.b ?? ''}
          onChange={(event) => void compareCaptures(capture.id, event.target.value || null)}
        >
          <option value="">(choose a capture)</option>
          {others.map((other) => (
            <option key={other.id} value={other.id}>
              {formatTime(other.receivedAt)} {other.method} {other.path}
            </option>
          ))}
        </select>
      </div>
      {comparison?.error && (
        <p className="banner error" role="alert">
          {comparison.error}
        </p>
      )}
      {comparison && !comparison.diff && !comparison.error && (
        <p className="loading" role="status">
          Comparing…
        </p>
      )}
      {comparison?.diff && <DiffTables diff={comparison.diff} />}
    </section>
  );
}

/** Values are shown as text (JSON for non-strings); an absent side is a dash. */
function shown(value: unknown, present: boolean): string {
  if (!present) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function DiffTables({ diff }: { diff: CaptureDiff }) {
  const { headers, json, body, omitted } = diff;
  return (
    <>
      <table className="pairs diff-table" aria-label="Header differences">
        <thead>
          <tr>
            <th scope="col">Header</th>
            <th scope="col">This capture</th>
            <th scope="col">Other capture</th>
          </tr>
        </thead>
        <tbody>
          {headers.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                The same headers.
              </td>
            </tr>
          )}
          {headers.map((change) => (
            <tr key={change.name} className={`diff-${change.change}`}>
              <th scope="row">{change.name}</th>
              <td>{shown(change.a, change.a !== null)}</td>
              <td>{shown(change.b, change.b !== null)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {json ? (
        <table className="pairs diff-table" aria-label="JSON body differences">
          <thead>
            <tr>
              <th scope="col">JSON path</th>
              <th scope="col">This capture</th>
              <th scope="col">Other capture</th>
            </tr>
          </thead>
          <tbody>
            {json.length === 0 && (
              <tr>
                <td colSpan={3} className="muted">
                  The same JSON.
                </td>
              </tr>
            )}
            {json.map((change) => (
              <tr key={change.path} className={`diff-${change.change}`}>
                <th scope="row" className="mono">
                  {change.path || '/'}
                </th>
                <td>{shown(change.a, change.change !== 'added')}</td>
                <td>{shown(change.b, change.change !== 'removed')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="diff-body">
          {body.equal
            ? `The bodies are byte for byte the same (${body.sizeA} bytes).`
            : `The bodies differ from byte ${body.firstDifference ?? 0} on (${body.sizeA} and ${body.sizeB} bytes).`}
        </p>
      )}
      {omitted > 0 && <p className="muted">And {omitted} more differences, not listed.</p>}
    </>
  );
}
