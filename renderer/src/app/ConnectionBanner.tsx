import { useEffect, useState } from 'react';
import { useStore } from '../store/index.js';

/** A reconnect this quick (a token rotation, a dropped stream) is not worth a flash of red. */
const GRACE_MS = 1000;

/** Says when the server is away or refuses this window; the stream reconnects by itself and the banner goes. */
export function ConnectionBanner() {
  const connection = useStore((state) => state.connection);
  const everOnline = useStore((state) => state.health !== null);
  // Before the first answer the views show their own loading states.
  const problem = connection !== 'online' && (connection !== 'connecting' || everOnline);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!problem) return;
    const timer = setTimeout(() => setShown(true), GRACE_MS);
    return () => {
      clearTimeout(timer);
      setShown(false);
    };
  }, [problem]);
  if (!problem || !shown) return null;
  if (connection === 'signed-out') {
    return (
      <div className="banner error" role="alert">
        This window is no longer signed in: the access token was changed. Open the address that <code>hookbench serve</code> printed, or the
        new one shown in Settings of the window that rotated it.
      </div>
    );
  }
  return (
    <div className="banner error" role="alert">
      Hookbench is not answering. Reconnecting by itself… (if you stopped it, start it again with <code>hookbench serve</code>)
    </div>
  );
}
