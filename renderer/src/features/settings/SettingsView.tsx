import { useEffect } from 'react';
import { useStore } from '../../store/index.js';
import { bridge } from '../../bridge.js';
import { AboutPanel } from './AboutPanel.js';
import { AsyncApiImportPanel } from './AsyncApiImportPanel.js';
import { DesktopPanel } from './DesktopPanel.js';
import { EmulatorTokens } from './EmulatorTokens.js';
import { ServerPanel } from './ServerPanel.js';
import { StartOptions } from './StartOptions.js';
import { StorageNotices } from './StorageNotices.js';
import { TokenRotation } from './TokenRotation.js';
import { WorkspacePanel } from './WorkspacePanel.js';

/** Settings: where Hookbench listens and keeps data, what it runs with, emulator tokens, the access token. */
export function SettingsView() {
  const health = useStore((state) => state.health);
  const settings = useStore((state) => state.settings);
  const error = useStore((state) => state.settingsError);
  const loadSettings = useStore((state) => state.loadSettings);
  const loadHealth = useStore((state) => state.loadHealth);
  useEffect(() => {
    // Health again too: its uptime and storage notices are worth a fresh look on every visit.
    void loadHealth();
    void loadSettings();
  }, [loadHealth, loadSettings]);

  return (
    <div className="view settings">
      <h2>Settings</h2>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {health && <StorageNotices notices={health.storage.notices} />}
      {!health || !settings ? (
        !error && (
          <p className="loading" role="status">
            Loading settings…
          </p>
        )
      ) : (
        <>
          <ServerPanel health={health} host={settings.ingress.host} />
          {bridge.desktop && <DesktopPanel />}
          <EmulatorTokens />
          <WorkspacePanel />
          <AsyncApiImportPanel />
          <TokenRotation controlUrl={health.controlUrl} fromEnvironment={settings.tokenSource === 'environment'} />
          <StartOptions settings={settings} />
          <AboutPanel health={health} />
        </>
      )}
    </div>
  );
}
