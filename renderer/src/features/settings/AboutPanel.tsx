import type { Health } from '../../../../electron/shared/schemas.js';
import { CopyButton } from '../../components/CopyButton.js';
import { bridge } from '../../bridge.js';

/** README sections worth knowing, by their anchors (text: the page opens no other site). */
const README_SECTIONS = [
  ['Quick start', 'quick-start'],
  ['hookbench serve (all flags)', 'hookbench-serve'],
  ['Inboxes and captures', 'inboxes-and-captures'],
  ['Hooks and deliveries', 'hooks-and-deliveries'],
  ['Providers (emulated APIs and their tokens)', 'providers'],
  ['Control API', 'control-api'],
  ['Storage (retention, sync, damaged files)', 'storage'],
  ['Security (token, loopback, origins)', 'security'],
] as const;

export function AboutPanel({ health }: { health: Health }) {
  return (
    <section className="panel" aria-labelledby="about-title">
      <h3 id="about-title">About Hookbench</h3>
      <dl className="settings-list">
        <dt>Version</dt>
        <dd>
          <code aria-label="Version">{health.version}</code>
        </dd>
        <dt>Data folder</dt>
        <dd className="row">
          <code>{health.dataDir}</code>
          <CopyButton text={health.dataDir} label="Copy data folder path" />
          {bridge.desktop && (
            <button type="button" className="button small" onClick={() => bridge.revealDataFolder()}>
              Open data folder
            </button>
          )}
        </dd>
        <dt>Documentation</dt>
        <dd>
          <p className="muted">
            In the README that comes with Hookbench (also printed by <code>hookbench --help</code>):
          </p>
          <ul className="readme-sections">
            {README_SECTIONS.map(([title, anchor]) => (
              <li key={anchor}>
                {title}: <code>README.md#{anchor}</code>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
    </section>
  );
}
