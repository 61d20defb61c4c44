import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useStore } from '../../store/index.js';
import { ApiError } from '../../api/client.js';

/** The inboxes with their counts, and a form to add one. */
export function InboxList() {
  const inboxes = useStore((state) => state.inboxes);
  const selectedId = useStore((state) => state.selectedInboxId);
  const selectInbox = useStore((state) => state.selectInbox);
  const createInbox = useStore((state) => state.createInbox);
  const [slug, setSlug] = useState('');
  const [error, setError] = useState<string | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await createInbox(slug.trim() ? { slug: slug.trim() } : {});
      setSlug('');
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  };

  /** A listbox's keys: Enter or Space picks, arrows, Home and End move to another inbox and pick it. */
  const moveWithKeys = (event: KeyboardEvent<HTMLLIElement>, index: number) => {
    const last = inboxes.length - 1;
    const to = { ArrowDown: Math.min(index + 1, last), ArrowUp: Math.max(index - 1, 0), Home: 0, End: last, Enter: index, ' ': index }[
      event.key
    ];
    if (to === undefined) return;
    event.preventDefault();
    void selectInbox(inboxes[to]!.id);
    (event.currentTarget.parentElement?.children[to] as HTMLElement | undefined)?.focus();
  };

  return (
    <aside className="inbox-list" aria-label="Inboxes">
      <h2>Inboxes</h2>
      <ul role="listbox" aria-label="Inboxes">
        {inboxes.map((inbox, index) => (
          <li
            key={inbox.id}
            role="option"
            aria-selected={inbox.id === selectedId}
            tabIndex={0}
            onClick={() => void selectInbox(inbox.id)}
            onKeyDown={(event) => moveWithKeys(event, index)}
          >
            <span className="name">{inbox.name}</span>
            <span className="count" aria-label={`${inbox.requestCount} requests`}>
              {inbox.requestCount}
            </span>
          </li>
        ))}
      </ul>
      <form onSubmit={(event) => void create(event)} className="stack">
        <label htmlFor="new-inbox">New inbox</label>
        <input
          id="new-inbox"
          placeholder="slug (optional), e.g. stripe-test"
          value={slug}
          onChange={(event) => setSlug(event.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? 'new-inbox-error' : undefined}
        />
        {error && (
          <p id="new-inbox-error" className="field-error">
            {error}
          </p>
        )}
        <button type="submit" className="button">
          Create inbox
        </button>
      </form>
    </aside>
  );
}
