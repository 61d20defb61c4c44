import { useEffect, useState, type FormEvent } from 'react';
import type { Capture } from '../../../../electron/shared/schemas.js';
import { CopyButton } from '../../components/CopyButton.js';
import { useStore } from '../../store/index.js';

const TOOLS = [
  { id: 'curl', label: 'cURL' },
  { id: 'fetch', label: 'fetch (JS)' },
  { id: 'httpie', label: 'HTTPie' },
] as const;
type Tool = (typeof TOOLS)[number]['id'];

/** The capture as a command that sends it again, byte for byte, in the tool the user picks. */
export function CopyAs({ capture }: { capture: Capture }) {
  const snippets = useStore((state) => (state.snippetsCaptureId === capture.id ? state.captureSnippets : null));
  const error = useStore((state) => (state.snippetsCaptureId === capture.id ? state.snippetsError : null));
  const loadCaptureSnippets = useStore((state) => state.loadCaptureSnippets);
  const [tool, setTool] = useState<Tool>('curl');
  const [target, setTarget] = useState('');

  useEffect(() => {
    void loadCaptureSnippets(capture.id);
  }, [capture.id, loadCaptureSnippets]);

  const retarget = (event: FormEvent) => {
    event.preventDefault();
    void loadCaptureSnippets(capture.id, target.trim() || undefined);
  };
  const label = TOOLS.find((candidate) => candidate.id === tool)!.label;

  return (
    <div className="copy-as stack">
      <div className="row" role="group" aria-label="Copy as">
        {TOOLS.map((candidate) => (
          <button
            key={candidate.id}
            type="button"
            className="button small"
            aria-pressed={tool === candidate.id}
            onClick={() => setTool(candidate.id)}
          >
            {candidate.label}
          </button>
        ))}
        <span className="spacer" />
        {snippets && <CopyButton text={snippets[tool]} label={`Copy ${label}`} />}
      </div>
      <form className="row" onSubmit={retarget}>
        <label htmlFor="copy-as-target">Send to</label>
        <input
          id="copy-as-target"
          className="spacer"
          type="url"
          placeholder={`${capture.path} on this inbox (default)`}
          value={target}
          onChange={(event) => setTarget(event.target.value)}
        />
        <button type="submit" className="button small">
          Update
        </button>
      </form>
      {error && (
        <p className="banner error" role="alert">
          {error}
        </p>
      )}
      {!snippets && !error && (
        <p className="loading" role="status">
          Making the commands…
        </p>
      )}
      {snippets && (
        <>
          {snippets.bodyFile && (
            <p className="banner warn" role="note">
              The body is binary, so the command reads it from a file: save{' '}
              <a href={snippets.bodyFile.url} download={snippets.bodyFile.name}>
                {snippets.bodyFile.name}
              </a>{' '}
              next to where you run it.
            </p>
          )}
          <pre className="snippet" tabIndex={0} aria-label={`${label} command`}>
            {snippets[tool]}
          </pre>
        </>
      )}
    </div>
  );
}
