import { useState, type FormEvent } from 'react';
import type { Inbox } from '../../../../electron/shared/schemas.js';
import { ApiError } from '../../api/client.js';
import { useStore } from '../../store/index.js';
import { ScriptFields, useScriptFields } from './ScriptFields.js';
import { ForwardFields, useForwardFields } from '../forwarding/ForwardFields.js';

/** Rename an inbox and set what it answers: status, headers, body, delay, or a script of answers. */
export function InboxSettings({ inbox, onDone }: { inbox: Inbox; onDone(): void }) {
  const updateInbox = useStore((state) => state.updateInbox);
  const [name, setName] = useState(inbox.name);
  const [status, setStatus] = useState(String(inbox.response.status));
  const [headers, setHeaders] = useState(
    Object.entries(inbox.response.headers)
      .map(([key, value]) => `${key}: ${value}`)
      .join('\n'),
  );
  const [body, setBody] = useState(inbox.response.body);
  const [delayMs, setDelayMs] = useState(String(inbox.response.delayMs));
  const [error, setError] = useState<ApiError | null>(null);
  const script = useScriptFields(inbox);
  const forward = useForwardFields(inbox);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const headerMap: Record<string, string> = {};
    for (const line of headers.split('\n').filter((text) => text.trim())) {
      const colon = line.indexOf(':');
      headerMap[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
    try {
      const response = { status: Number(status), headers: headerMap, body, delayMs: Number(delayMs) };
      await updateInbox(inbox.id, { name, response, ...script.patch(), ...forward.patch() });
      onDone();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'error', String(caught)));
    }
  };

  const problem = (field: string) => (error?.field?.startsWith(field) ? error.message : null);
  return (
    <form className="panel grid-form" onSubmit={(event) => void save(event)} aria-label="Inbox settings">
      <label htmlFor="inbox-name">Name</label>
      <input id="inbox-name" value={name} onChange={(event) => setName(event.target.value)} />
      <label htmlFor="inbox-status">Answer with status</label>
      <input id="inbox-status" type="number" min={200} max={599} value={status} onChange={(event) => setStatus(event.target.value)} />
      <label htmlFor="inbox-headers">Answer headers (one "Name: value" per line)</label>
      <textarea id="inbox-headers" rows={3} value={headers} onChange={(event) => setHeaders(event.target.value)} />
      <label htmlFor="inbox-body">Answer body</label>
      <textarea id="inbox-body" rows={3} value={body} onChange={(event) => setBody(event.target.value)} />
      <label htmlFor="inbox-delay">Delay before answering (ms)</label>
      <input id="inbox-delay" type="number" min={0} max={30000} value={delayMs} onChange={(event) => setDelayMs(event.target.value)} />
      <ScriptFields inbox={inbox} fields={script} invalid={problem('script') !== null} />
      <ForwardFields fields={forward} problem={problem} />
      {/* A rule's URL has its message beside it. */}
      {error && !/^forward\.\d+\.url$/.test(error.field ?? '') && (
        <p className="field-error" role="alert">
          {problem('') ?? error.message}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button primary">
          Save
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
