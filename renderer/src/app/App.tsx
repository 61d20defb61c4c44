import { useEffect } from 'react';
import { startLiveUpdates, useStore } from '../store/index.js';
import { InboxesView } from '../features/inboxes/InboxesView.js';
import { FireView } from '../features/fire/FireView.js';
import { DeliveriesView } from '../features/deliveries/DeliveriesView.js';
import { HooksView } from '../features/hooks/HooksView.js';
import { SettingsView } from '../features/settings/SettingsView.js';
import { OverviewView } from '../features/charts/OverviewView.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { go, useView, VIEWS, type View } from './route.js';

const LABELS: Record<View, string> = {
  overview: 'Overview',
  inboxes: 'Inboxes',
  hooks: 'Hooks',
  fire: 'Fire',
  deliveries: 'Deliveries',
  settings: 'Settings',
};

export function App() {
  const view = useView();
  useEffect(() => startLiveUpdates(), []);
  return (
    <div className="app">
      <nav className="nav" aria-label="Views">
        <span className="brand">Hookbench</span>
        <ul>
          {VIEWS.map((name) => (
            <li key={name}>
              <a href={`#/${name}`} aria-current={view === name ? 'page' : undefined} onClick={() => go(name)}>
                {LABELS[name]}
              </a>
            </li>
          ))}
        </ul>
        <Version />
      </nav>
      <main className="main" aria-label={LABELS[view]}>
        <ConnectionBanner />
        <CurrentView view={view} />
      </main>
    </div>
  );
}

function CurrentView({ view }: { view: View }) {
  switch (view) {
    case 'inboxes':
      return <InboxesView />;
    case 'deliveries':
      return <DeliveriesView />;
    case 'hooks':
      return <HooksView />;
    case 'settings':
      return <SettingsView />;
    case 'fire':
      return <FireView />;
    case 'overview':
      return <OverviewView />;
    default:
      return <InboxesView />;
  }
}

function Version() {
  const version = useStore((state) => state.health?.version);
  return <span className="version">{version ? `v${version}` : ''}</span>;
}
