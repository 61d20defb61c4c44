import { useEffect, useState } from 'react';
import { bridge } from '../../bridge.js';

/** What only the desktop app can do: native notifications per captured request (off by default). */
export function DesktopPanel() {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void bridge.notificationsEnabled().then(setEnabled);
  }, []);
  const toggle = async (wanted: boolean) => {
    try {
      setEnabled(await bridge.setNotifications(wanted));
      setError(null);
    } catch (caught) {
      setError(`The setting could not be saved: ${(caught as Error).message}`);
    }
  };
  return (
    <section className="panel" aria-labelledby="desktop-title">
      <h3 id="desktop-title">Desktop</h3>
      <label className="row">
        <input
          type="checkbox"
          checked={enabled ?? false}
          disabled={enabled === null}
          onChange={(event) => void toggle(event.target.checked)}
        />
        Notify me of each captured request (at most one notification every 5 seconds; a burst is summed up)
      </label>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
