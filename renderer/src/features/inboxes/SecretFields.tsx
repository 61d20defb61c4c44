import { useState, type KeyboardEvent } from 'react';
import type { Inbox, InboxPatch } from '../../../../electron/shared/schemas.js';
import { SECRETS_MAX, SECRET_NAME_PATTERN } from '../../../../electron/shared/answers.js';
import { ApiError } from '../../api/client.js';
import { CopyButton } from '../../components/CopyButton.js';
import { useStore } from '../../store/index.js';

const SECRET_NAME = new RegExp(SECRET_NAME_PATTERN);

/** The secrets part of the settings form: what changed (a new value, or null to remove), sent with Save. */
export function useSecretFields() {
  const [changes, setChanges] = useState<Record<string, string | null>>({});
  /** `secrets` for the PATCH: only the changes, since names left out are kept. */
  const patch = (): Pick<InboxPatch, 'secrets'> => (Object.keys(changes).length > 0 ? { secrets: changes } : {});
  return { changes, setChanges, patch };
}

/**
 * Named secrets that templates read as `secrets.<name>`: each hidden until revealed (a saved one
 * is fetched only then), copyable once shown, removable; new ones and new values are saved with
 * the form. `problem` is the server's message about `secrets`.
 */
export function SecretFields({
  inbox,
  fields,
  problem,
}: {
  inbox: Inbox;
  fields: ReturnType<typeof useSecretFields>;
  problem: string | null;
}) {
  const revealInboxSecret = useStore((state) => state.revealInboxSecret);
  const { changes, setChanges } = fields;
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const saved = inbox.secrets ?? {};
  const names = [
    ...Object.keys(saved),
    ...Object.keys(changes).filter((secret) => !Object.hasOwn(saved, secret) && changes[secret] !== null),
  ];

  const hide = (secret: string) => setRevealed(({ [secret]: _hidden, ...rest }) => rest);
  const reveal = async (secret: string) => {
    const typed = changes[secret];
    try {
      const shown = typeof typed === 'string' ? typed : await revealInboxSecret(inbox.id, secret);
      if (shown !== null) setRevealed((current) => ({ ...current, [secret]: shown }));
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  };
  const remove = (secret: string) => {
    const { [secret]: _dropped, ...rest } = changes;
    setChanges(Object.hasOwn(saved, secret) ? { ...rest, [secret]: null } : rest);
    hide(secret);
  };
  const undo = (secret: string) => setChanges(({ [secret]: _undone, ...rest }) => rest);
  const add = () => {
    const secret = name.trim();
    if (!SECRET_NAME.test(secret)) {
      setError('A name starts with a letter, then letters, digits or _ (up to 64 in all): templates read it as secrets.<name>.');
    } else if (!value) {
      setError(`Enter the value of ${secret}.`);
    } else if (!names.includes(secret) && names.length >= SECRETS_MAX) {
      setError(`An inbox holds at most ${SECRETS_MAX} secrets; remove one first.`);
    } else {
      setChanges({ ...changes, [secret]: value });
      hide(secret);
      setName('');
      setValue('');
      setError(null);
    }
  };
  // Enter adds the secret instead of saving the whole settings form.
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };

  const status = (secret: string) => {
    const change = changes[secret];
    if (change === null) return 'removed when you save';
    if (typeof change === 'string') return Object.hasOwn(saved, secret) ? 'new value, saved with the form' : 'new, saved with the form';
    return saved[secret]?.set ? 'saved' : 'no value yet: add it again with its value';
  };
  const message = error ?? problem;
  return (
    <fieldset className="wide secret-fields">
      <legend>Secrets</legend>
      <p id="inbox-secrets-hint" className="muted">
        Values that templates read as <code>{'{{ secrets.name }}'}</code> (an HMAC key, a token), hidden until revealed: API answers and
        workspace exports without secrets show only their names. Adding a name that exists gives it the new value.
      </p>
      {names.length > 0 && (
        <ul className="secret-list" aria-label="Secrets">
          {names.map((secret) => {
            const shown = revealed[secret];
            const removed = changes[secret] === null;
            const empty = changes[secret] === undefined && !saved[secret]?.set;
            return (
              <li key={secret} className="row secret-item">
                <code className="secret-name">{secret}</code>
                {shown === undefined ? (
                  <span className="secret-mask" aria-hidden="true">
                    ••••••••
                  </span>
                ) : (
                  <input className="grow mono" readOnly aria-label={`Value of ${secret}`} value={shown} />
                )}
                <span className="muted">{status(secret)}</span>
                <span className="spacer" />
                {shown === undefined ? (
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Reveal ${secret}`}
                    disabled={removed || empty}
                    onClick={() => void reveal(secret)}
                  >
                    Reveal
                  </button>
                ) : (
                  <>
                    <button type="button" className="button small" aria-label={`Hide ${secret}`} onClick={() => hide(secret)}>
                      Hide
                    </button>
                    <CopyButton text={shown} label={`Copy ${secret}`} />
                  </>
                )}
                {removed ? (
                  <button type="button" className="button small" aria-label={`Keep ${secret}`} onClick={() => undo(secret)}>
                    Keep
                  </button>
                ) : (
                  <button type="button" className="button small danger" aria-label={`Remove ${secret}`} onClick={() => remove(secret)}>
                    Remove
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="row secret-add" role="group" aria-label="Add a secret">
        <input
          aria-label="Secret name"
          placeholder="name, e.g. signingKey"
          autoComplete="off"
          spellCheck={false}
          value={name}
          aria-describedby="inbox-secrets-hint"
          onKeyDown={onKey}
          onChange={(event) => setName(event.target.value)}
        />
        <input
          className="grow"
          aria-label="Secret value"
          placeholder="value"
          type="password"
          autoComplete="off"
          value={value}
          onKeyDown={onKey}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="button" className="button" onClick={add}>
          Add secret
        </button>
      </div>
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
    </fieldset>
  );
}
