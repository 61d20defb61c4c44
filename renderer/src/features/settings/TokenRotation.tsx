import { useRef, useState } from 'react';
import { CopyButton } from '../../components/CopyButton.js';
import { useStore } from '../../store/index.js';

/**
 * Replaces the control token, after a confirmation that says who is cut off. This window stays
 * signed in (the answer renews its session cookie); the new bootstrap address is shown once.
 */
export function TokenRotation({ controlUrl, fromEnvironment }: { controlUrl: string; fromEnvironment: boolean }) {
  const rotateToken = useStore((state) => state.rotateToken);
  const dialog = useRef<HTMLDialogElement>(null);
  const [address, setAddress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const rotate = async () => {
    setBusy(true);
    try {
      const token = await rotateToken();
      setAddress(`${controlUrl}/?token=${encodeURIComponent(token)}`);
      setError(null);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
      dialog.current?.close();
    }
  };

  return (
    <section className="panel" aria-labelledby="token-title">
      <h3 id="token-title">Access token</h3>
      {fromEnvironment ? (
        <p className="muted">
          The token comes from the <code>HOOKBENCH_TOKEN</code> environment variable: to change it, set a new value there and restart
          Hookbench.
        </p>
      ) : (
        <>
          <p className="muted">
            The control API and this UI need the token kept in the data folder&apos;s <code>token</code> file. Rotate it if it may have
            leaked.
          </p>
          <div className="row">
            <button type="button" className="button danger" onClick={() => dialog.current?.showModal()}>
              Rotate token…
            </button>
          </div>
          <dialog ref={dialog} className="panel confirm" aria-labelledby="rotate-title" aria-describedby="rotate-why">
            <h3 id="rotate-title">Rotate the access token?</h3>
            <p id="rotate-why">
              A new token replaces the current one at once, and the old one stops working. This window stays signed in, but other clients —
              scripts, other browser windows, and <code>hookbench</code> commands given <code>HOOKBENCH_TOKEN</code> — will need the new
              token. Commands that read it from the data folder pick it up by themselves.
            </p>
            <div className="row">
              {/* Cancel first, so showModal focuses it: Enter on an unread dialog should not cut anyone off. */}
              <button type="button" className="button" onClick={() => dialog.current?.close()}>
                Cancel
              </button>
              <button type="button" className="button danger" disabled={busy} onClick={() => void rotate()}>
                Rotate token
              </button>
            </div>
          </dialog>
        </>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {address && (
        <div className="stack rotated" role="status">
          <p>The token was replaced. This window stays signed in; open this address to sign in elsewhere:</p>
          <div className="row">
            <code aria-label="New sign-in address">{address}</code>
            <CopyButton text={address} label="Copy sign-in address" />
          </div>
        </div>
      )}
    </section>
  );
}
