import { useState } from 'react';
import { CopyButton } from '../../components/CopyButton.js';
import { attemptKey } from '../../store/replay.js';
import { useStore } from '../../store/index.js';

/** "Copy as cURL" for one delivery attempt: the exact request it sent, as a command to send again. */
export function AttemptCurl({ deliveryId, n }: { deliveryId: string; n: number }) {
  const command = useStore((state) => state.attemptCurl[attemptKey(deliveryId, n)]);
  const loadAttemptCurl = useStore((state) => state.loadAttemptCurl);
  const [shown, setShown] = useState(false);
  const show = () => {
    setShown(!shown);
    void loadAttemptCurl(deliveryId, n);
  };
  return (
    <div className="attempt-curl stack">
      <div className="row">
        <button type="button" className="button small" aria-expanded={shown} onClick={show}>
          Copy as cURL
        </button>
        {shown && command !== undefined && <CopyButton text={command} label="Copy" />}
      </div>
      {shown &&
        (command === undefined ? (
          <p className="loading" role="status">
            Making the command…
          </p>
        ) : (
          <pre className="snippet" tabIndex={0} aria-label={`Attempt ${n} as a cURL command`}>
            {command}
          </pre>
        ))}
    </div>
  );
}
