import { useState, type FormEvent } from 'react';
import { CopyButton } from '../../components/CopyButton.js';
import { EmptyState } from '../../components/EmptyState.js';
import { useStore } from '../../store/index.js';
import type { Emulator } from '../../store/settings.js';

/** Which tokens each emulated provider API accepts, so a client's auth can be tested both ways. */
export function EmulatorTokens() {
  const emulators = useStore((state) => state.emulators);
  const loaded = useStore((state) => state.emulatorsLoaded);
  return (
    <section className="panel" aria-labelledby="emulators-title">
      <h3 id="emulators-title">Emulator tokens</h3>
      <p className="muted">
        Emulated provider APIs answer 401 to a token not listed here. With an empty list, any non-empty token is accepted.
      </p>
      {!loaded ? (
        <p className="loading" role="status">
          Loading providers…
        </p>
      ) : emulators.length === 0 ? (
        <EmptyState title="No emulated provider APIs">
          <p>None of the providers in this build has an emulated registration API.</p>
        </EmptyState>
      ) : (
        <div className="stack">
          {emulators.map((emulator) => (
            <EmulatorCard key={emulator.id} emulator={emulator} />
          ))}
        </div>
      )}
    </section>
  );
}

function EmulatorCard({ emulator }: { emulator: Emulator }) {
  const save = useStore((state) => state.saveAcceptedTokens);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tokens = emulator.acceptedTokens;
  const inputId = `emulator-token-${emulator.id}`;

  const apply = async (next: string[]): Promise<boolean> => {
    setBusy(true);
    try {
      await save(emulator.id, next);
      setError(null);
      return true;
    } catch (caught) {
      setError((caught as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const token = draft.trim();
    if (!token) return setError('Type the token to accept first.');
    if (tokens.includes(token)) return setError('That token is listed already.');
    if (await apply([...tokens, token])) setDraft('');
  };

  return (
    <article className="emulator" aria-labelledby={`${inputId}-name`}>
      <div className="row">
        <h4 id={`${inputId}-name`}>{emulator.name}</h4>
        <code aria-label={`${emulator.name} emulator URL`}>{emulator.emulatorUrl}</code>
        {emulator.emulatorUrl && <CopyButton text={emulator.emulatorUrl} label={`Copy ${emulator.name} URL`} />}
      </div>
      {tokens.length === 0 ? (
        <p className="muted">Any non-empty token is accepted.</p>
      ) : (
        <ul className="token-list" aria-label={`Tokens the ${emulator.name} emulator accepts`}>
          {tokens.map((token) => (
            <li key={token}>
              <code>{token}</code>
              <button
                type="button"
                className="button small"
                disabled={busy}
                aria-label={`Remove token ${token}`}
                onClick={() => void apply(tokens.filter((other) => other !== token))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="row" onSubmit={(event) => void add(event)}>
        <label htmlFor={inputId}>New {emulator.name} token</label>
        <input
          id={inputId}
          className="mono"
          value={draft}
          maxLength={512}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error !== null}
          aria-describedby={error ? `${inputId}-error` : undefined}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className="button" disabled={busy}>
          Add token
        </button>
      </form>
      {error && (
        <p className="field-error" id={`${inputId}-error`} role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
