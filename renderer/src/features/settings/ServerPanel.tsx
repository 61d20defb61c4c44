import type { Health } from '../../../../electron/shared/schemas.js';
import { CopyButton } from '../../components/CopyButton.js';
import { bridge } from '../../bridge.js';
import { formatDuration } from './format.js';

/** Where Hookbench listens and keeps its data, each with the `hookbench serve` flag that changes it. */
export function ServerPanel({ health, host }: { health: Health; host: string }) {
  const controlPort = new URL(health.controlUrl).port;
  const ingressPort = new URL(health.ingressUrl).port;
  return (
    <section className="panel" aria-labelledby="server-title">
      <h3 id="server-title">Addresses and data</h3>
      <dl className="settings-list">
        <dt>Control API and this UI</dt>
        <dd>
          <div className="row">
            <code aria-label="Control URL">{health.controlUrl}</code>
            <CopyButton text={health.controlUrl} label="Copy control URL" />
          </div>
          <p className="muted">
            Port {controlPort}, always on 127.0.0.1. Change it with <code>--port</code>.
          </p>
        </dd>
        <dt>Ingress</dt>
        <dd>
          <div className="row">
            <code aria-label="Ingress URL">{health.ingressUrl}</code>
            <CopyButton text={health.ingressUrl} label="Copy ingress URL" />
          </div>
          <p className="muted">
            Port {ingressPort} on {host}: inboxes at <code>/in/&lt;slug&gt;</code>, emulated provider APIs at{' '}
            <code>/p/&lt;provider&gt;</code>. Change it with <code>--ingress-port</code> and <code>--host</code>.
          </p>
        </dd>
        <dt>Data folder</dt>
        <dd>
          <div className="row">
            <code aria-label="Data folder">{health.dataDir}</code>
            <CopyButton text={health.dataDir} label="Copy data folder" />
            {bridge.desktop && (
              <button type="button" className="button small" onClick={() => bridge.revealDataFolder()}>
                Show in folder
              </button>
            )}
          </div>
          <p className="muted">
            Captures, hooks, events and deliveries, and the token file. Change it with <code>--data-dir</code>.
          </p>
        </dd>
        <dt>Running for</dt>
        <dd>{formatDuration(health.uptimeMs)}</dd>
      </dl>
    </section>
  );
}
