import { useId, useState, type ChangeEvent } from 'react';
import type { WorkspaceSummary } from '../../../../electron/shared/workspace.js';
import { useStore } from '../../store/index.js';

/** Export the whole setup as one file (a plain download: the session cookie signs it), or import one. */
export function WorkspacePanel() {
  const importWorkspace = useStore((state) => state.importWorkspace);
  const [secrets, setSecrets] = useState(false);
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [summary, setSummary] = useState<WorkspaceSummary | null>(null);
  const fileId = useId();

  const chosen = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    setSummary(null);
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not JSON: choose a file saved with "Export workspace".`);
      }
      setSummary(await importWorkspace(parsed, replace));
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
      // The same file can be chosen again after it was fixed.
      input.value = '';
    }
  };

  return (
    <section className="panel" aria-labelledby="workspace-title">
      <h3 id="workspace-title">Workspace</h3>
      <p className="muted">
        Inboxes (with their responses and scripts), hooks, your own event types and imported providers as one JSON file, to keep beside your
        code or start another Hookbench with <code>hookbench serve --workspace FILE</code>.
      </p>
      <div className="row">
        <a className="button" href={`/api/workspace?secrets=${secrets}`} download="hookbench-workspace.json">
          Export workspace
        </a>
        <label>
          <input type="checkbox" checked={secrets} onChange={(event) => setSecrets(event.target.checked)} /> Include secrets (hook secrets,
          emulator tokens)
        </label>
      </div>
      <div className="row">
        <label htmlFor={fileId}>Import workspace</label>
        <input id={fileId} type="file" accept="application/json,.json" disabled={busy} onChange={(event) => void chosen(event)} />
        <label>
          <input type="checkbox" checked={replace} onChange={(event) => setReplace(event.target.checked)} /> Remove what the file does not
          have
        </label>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {summary && <ImportSummary summary={summary} />}
    </section>
  );
}

/** Counts per kind of thing, and the inbox secrets still to set (the file named them without a value). */
function ImportSummary({ summary: { missingSecrets, ...changes } }: { summary: WorkspaceSummary }) {
  return (
    <ul role="status" aria-label="What the import changed">
      {Object.entries(changes).map(([what, lists]) => (
        <li key={what}>
          {what}:{' '}
          {Object.entries(lists)
            .map(([change, names]) => `${names.length} ${change}`)
            .join(', ')}
        </li>
      ))}
      {missingSecrets.length > 0 && (
        <li>
          inbox secrets without a value (set them in each inbox's settings):{' '}
          {missingSecrets.map(({ inbox, secret }) => `${inbox}: ${secret}`).join(', ')}
        </li>
      )}
    </ul>
  );
}
