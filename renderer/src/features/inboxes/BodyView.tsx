import { useMemo, useState } from 'react';
import type { Capture } from '../../../../electron/shared/schemas.js';
import { CodeView } from '../../components/CodeView.js';
import { PairsTable } from '../../components/PairsTable.js';
import { bodyBytes, bodyText, formatBytes, hexDump } from '../../components/format.js';

type Mode = 'pretty' | 'raw' | 'hex' | 'form' | 'parts';

/** A body shown every useful way: pretty JSON, raw text, hex, parsed form and multipart parts. */
export function BodyView({ capture }: { capture: Capture }) {
  const text = useMemo(() => bodyText(capture.body, capture.bodyEncoding), [capture]);
  const modes: { id: Mode; label: string }[] = [
    ...(capture.json !== undefined ? [{ id: 'pretty' as const, label: 'JSON' }] : []),
    ...(capture.form ? [{ id: 'form' as const, label: 'Form' }] : []),
    ...(capture.multipart ? [{ id: 'parts' as const, label: 'Parts' }] : []),
    ...(text !== undefined ? [{ id: 'raw' as const, label: 'Raw' }] : []),
    { id: 'hex', label: 'Hex' },
  ];
  const [chosen, setChosen] = useState<Mode | null>(null);
  const mode = chosen && modes.some((candidate) => candidate.id === chosen) ? chosen : modes[0]!.id;
  if (capture.size === 0) return <p className="muted">No body.</p>;
  return (
    <div className="body-view">
      <div className="row" role="group" aria-label="Body view">
        {modes.map((candidate) => (
          <button
            key={candidate.id}
            type="button"
            className="button small"
            aria-pressed={candidate.id === mode}
            onClick={() => setChosen(candidate.id)}
          >
            {candidate.label}
          </button>
        ))}
        <span className="spacer" />
        <span className="muted">{formatBytes(capture.size)}</span>
        <a className="button small" href={`/api/requests/${capture.id}/body`} download={`${capture.id}.body`}>
          Download raw
        </a>
      </div>
      {mode === 'pretty' && <CodeView value={JSON.stringify(capture.json, null, 2)} label="Body as JSON" />}
      {mode === 'raw' && <CodeView value={text ?? ''} language="text" label="Raw body" />}
      {mode === 'hex' && (
        <pre className="hex" aria-label="Body as hex">
          {hexDump(bodyBytes(capture.body, capture.bodyEncoding))}
        </pre>
      )}
      {mode === 'form' && capture.form && <PairsTable pairs={capture.form} label="Form fields" />}
      {mode === 'parts' && capture.multipart && (
        <table className="pairs" aria-label="Multipart parts">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">File</th>
              <th scope="col">Type</th>
              <th scope="col">Size</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {capture.multipart.map((part, index) => (
              <tr key={index}>
                <td>{part.name}</td>
                <td>{part.filename ?? ''}</td>
                <td>{part.contentType}</td>
                <td>{formatBytes(part.size)}</td>
                <td>{part.value ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
