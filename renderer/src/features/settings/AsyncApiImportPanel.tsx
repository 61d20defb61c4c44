import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import type { Provider } from '../../../../electron/shared/hooks.js';
import { ApiError } from '../../api/client.js';
import { useStore } from '../../store/index.js';

/** Import an AsyncAPI document (a file, or pasted) as a provider of its own, for the Fire view and hooks. */
export function AsyncApiImportPanel() {
  const importAsyncApi = useStore((state) => state.importAsyncApi);
  const [document, setDocument] = useState('');
  const [id, setId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field: string | undefined } | null>(null);
  const [imported, setImported] = useState<Provider | null>(null);
  const fileId = useId();
  const documentId = useId();
  const idId = useId();
  const errorId = useId();

  // A chosen file fills the paste box, so what is sent can be read (and fixed) first.
  const chosen = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (file) setDocument(await file.text());
    input.value = '';
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setImported(null);
    try {
      setImported(await importAsyncApi({ document, ...(id.trim() ? { id: id.trim() } : {}) }));
      setDocument('');
      setId('');
    } catch (caught) {
      setError({ message: (caught as Error).message, field: caught instanceof ApiError ? caught.field : undefined });
    } finally {
      setBusy(false);
    }
  };

  const blames = (field: string) => error?.field === field;
  return (
    <section className="panel" aria-labelledby="asyncapi-title">
      <h3 id="asyncapi-title">Import AsyncAPI…</h3>
      <p className="muted">
        An AsyncAPI 2.x or 3.x document (YAML or JSON) becomes a provider: each message is an event type with its schema and example, fired
        as <code>{'{type, timestamp, data}'}</code> signed with Standard Webhooks. References to other files or URLs are not followed.
      </p>
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <div className="row">
          <label htmlFor={fileId}>Document file</label>
          <input
            id={fileId}
            type="file"
            accept=".yaml,.yml,.json,application/json,application/yaml"
            disabled={busy}
            onChange={(event) => void chosen(event)}
          />
        </div>
        <label htmlFor={documentId}>Document (or paste it here)</label>
        <textarea
          id={documentId}
          className="mono"
          rows={8}
          spellCheck={false}
          value={document}
          aria-invalid={blames('document')}
          aria-describedby={blames('document') ? errorId : undefined}
          onChange={(event) => setDocument(event.target.value)}
        />
        <div className="row">
          <label htmlFor={idId}>Provider id (optional)</label>
          <input
            id={idId}
            value={id}
            placeholder="from the title"
            aria-invalid={blames('id')}
            aria-describedby={blames('id') ? errorId : undefined}
            onChange={(event) => setId(event.target.value)}
          />
          <button className="button" type="submit" disabled={busy || document.trim() === ''}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error.message}
        </p>
      )}
      {imported && (
        <p role="status">
          Imported <strong>{imported.name}</strong> (<code>{imported.id}</code>) with {imported.eventTypes.length} event type(s): pick them
          in Fire or for a new hook.
        </p>
      )}
    </section>
  );
}
