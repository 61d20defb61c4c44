import type { Settings } from '../../../../electron/shared/schemas.js';
import { formatCount, formatDuration, formatSize } from './format.js';

interface Option {
  name: string;
  value: string;
  /** The `hookbench serve` flag that sets it; none for built-in limits. */
  flag?: string;
}

function options(settings: Settings): Option[] {
  const { ingress, retention, history, dispatch } = settings;
  return [
    { name: 'Largest body captured', value: formatSize(ingress.bodyLimit), flag: '--body-limit' },
    { name: 'When stored records reach the disk', value: settings.sync, flag: '--sync' },
    { name: 'Delivery attempts at once', value: formatCount(dispatch.concurrency), flag: '--concurrency' },
    { name: 'Connections to one receiving origin', value: formatCount(dispatch.connectionsPerOrigin), flag: '--per-origin' },
    { name: 'Captures kept per inbox', value: formatCount(retention.maxCapturesPerInbox) },
    { name: 'Capture bytes kept per inbox', value: formatSize(retention.maxBytesPerInbox) },
    { name: 'Capture bytes kept in all', value: formatSize(retention.maxTotalBytes) },
    { name: 'Fired events kept', value: formatCount(history.maxEvents) },
    { name: 'Deliveries kept', value: formatCount(history.maxDeliveries) },
    { name: 'Longest request URL', value: formatSize(ingress.maxUrlLength) },
    { name: 'Largest request headers', value: formatSize(ingress.maxHeaderSize) },
    { name: 'Time to send the headers', value: formatDuration(ingress.headersTimeoutMs) },
    { name: 'Time to send a whole request', value: formatDuration(ingress.requestTimeoutMs) },
    { name: 'Idle keep-alive connections closed after', value: formatDuration(ingress.keepAliveTimeoutMs) },
    { name: 'Open ingress connections', value: formatCount(ingress.maxConnections) },
  ];
}

/** The limits and caps the core was started with; they change only with a restart. */
export function StartOptions({ settings }: { settings: Settings }) {
  return (
    <section className="panel" aria-labelledby="start-options-title">
      <h3 id="start-options-title">Limits and retention</h3>
      <p className="muted">
        These are start options: to change one, stop Hookbench and start it again with the flag shown, e.g.{' '}
        <code>hookbench serve --body-limit 50mb</code>. The oldest captures, events and deliveries are dropped past their caps.
      </p>
      <table className="pairs start-options" aria-label="Start options">
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">Value</th>
            <th scope="col">Change with</th>
          </tr>
        </thead>
        <tbody>
          {options(settings).map((option) => (
            <tr key={option.name}>
              <td>{option.name}</td>
              <td className="mono">{option.value}</td>
              <td>{option.flag ? <code>{option.flag}</code> : <span className="muted">built in</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
