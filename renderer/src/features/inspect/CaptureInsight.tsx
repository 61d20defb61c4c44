import { useEffect } from 'react';
import type { Capture } from '../../../../electron/shared/schemas.js';
import { useStore } from '../../store/index.js';
import { CaptureCompare } from './CaptureCompare.js';

/**
 * The Overview's inspector: which of Hookbench's deliveries made this capture (with a link
 * back), the provider event it looks like and where it strays from that event's schema, and a
 * side-by-side comparison with another capture of the inbox.
 */
export function CaptureInsight({ capture }: { capture: Capture }) {
  const loadCaptureInsight = useStore((state) => state.loadCaptureInsight);
  useEffect(() => {
    void loadCaptureInsight(capture.id);
  }, [capture.id, loadCaptureInsight]);
  return (
    <>
      <DeliveredBy captureId={capture.id} />
      <CheckResult captureId={capture.id} />
      <CaptureCompare capture={capture} />
    </>
  );
}

function DeliveredBy({ captureId }: { captureId: string }) {
  const delivery = useStore((state) => (state.captureInsight?.captureId === captureId ? state.captureInsight.delivery : null));
  const hookName = useStore((state) => state.hooks.find((hook) => hook.id === delivery?.hookId)?.name);
  const hooksLoaded = useStore((state) => state.hooksLoaded);
  const loadHooks = useStore((state) => state.loadHooks);
  useEffect(() => {
    if (delivery?.hookId && !hooksLoaded) void loadHooks();
  }, [delivery?.hookId, hooksLoaded, loadHooks]);
  if (!delivery) return null;
  const sender = delivery.hookId ? (hookName ?? delivery.hookId) : 'a delivery to this URL';
  return (
    <p className="delivered-by" aria-label="Delivered by">
      Delivered by {sender} (
      <a href={`#/deliveries?id=${encodeURIComponent(delivery.deliveryId)}`}>
        delivery {delivery.deliveryId}, attempt {delivery.attempt}
      </a>
      )
    </p>
  );
}

function CheckResult({ captureId }: { captureId: string }) {
  const insight = useStore((state) => (state.captureInsight?.captureId === captureId ? state.captureInsight : null));
  if (!insight) {
    return (
      <p className="muted" role="status">
        Checking the payload…
      </p>
    );
  }
  if (insight.error) {
    return (
      <p className="banner error" role="alert">
        Could not check this payload: {insight.error}
      </p>
    );
  }
  const check = insight.check;
  if (!check || check.provider === null) {
    return <p className="muted check-result">This does not look like any provider’s event Hookbench knows.</p>;
  }
  const count = check.problems.length;
  const verdict = count === 0 ? 'matches its schema' : `${count} problem${count === 1 ? '' : 's'}`;
  return (
    <section className={`check-result ${count === 0 ? 'ok' : 'bad'}`} aria-label="Payload check">
      <p>
        <strong>
          Looks like {check.providerName} {check.type} — {verdict}
        </strong>
      </p>
      {count > 0 && (
        <table className="pairs check-problems" aria-label={`Where the payload strays from the ${check.type} schema`}>
          <thead>
            <tr>
              <th scope="col">JSON path</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {check.problems.map((problem, index) => (
              <tr key={`${problem.pointer}-${index}`}>
                <td className="mono">{problem.pointer || '/'}</td>
                <td>{problem.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
