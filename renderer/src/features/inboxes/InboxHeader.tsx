import { useState } from 'react';
import type { Inbox } from '../../../../electron/shared/schemas.js';
import { CopyButton } from '../../components/CopyButton.js';
import { useStore } from '../../store/index.js';
import { InboxSettings } from './InboxSettings.js';

/** The inbox's URL, a curl line to try it, and what can be done with it. */
export function InboxHeader({ inbox }: { inbox: Inbox }) {
  const clearInbox = useStore((state) => state.clearInbox);
  const deleteInbox = useStore((state) => state.deleteInbox);
  const [editing, setEditing] = useState(false);
  const curl = `curl -X POST ${inbox.url} -H 'Content-Type: application/json' -d '{"hello":"world"}'`;
  return (
    <header className="inbox-header">
      <div className="row">
        <h2>{inbox.name}</h2>
        <span className="spacer" />
        <button type="button" className="button small" onClick={() => setEditing(!editing)} aria-expanded={editing}>
          Settings
        </button>
        <button
          type="button"
          className="button small"
          onClick={() => window.confirm(`Delete every request captured by ${inbox.name}?`) && void clearInbox(inbox.id)}
        >
          Clear
        </button>
        <button
          type="button"
          className="button small danger"
          onClick={() => window.confirm(`Delete the inbox ${inbox.name} and its requests?`) && void deleteInbox(inbox.id)}
        >
          Delete
        </button>
      </div>
      <div className="row url">
        <code aria-label="Inbox URL">{inbox.url}</code>
        <CopyButton text={inbox.url} label="Copy URL" />
      </div>
      <div className="row curl">
        <code aria-label="Example request">{curl}</code>
        <CopyButton text={curl} label="Copy curl" />
      </div>
      {editing && <InboxSettings inbox={inbox} onDone={() => setEditing(false)} />}
    </header>
  );
}
