import type { BridgeApi } from '../../electron/shared/bridge.js';

/**
 * The one module that knows about the Electron bridge (the preload's `window.hookbench`). In a
 * plain browser, and under Playwright, it is absent and each call falls back to what a web
 * page can do.
 */
declare global {
  interface Window {
    hookbench?: BridgeApi;
  }
}

export interface Bridge {
  /** True inside the desktop app: show desktop-only controls (notifications, reveal folder). */
  desktop: boolean;
  /** The desktop app's version; null in a browser (the core's version is in /api/health). */
  appVersion(): Promise<string | null>;
  /** Native notifications per captured request; always false in a browser. */
  notificationsEnabled(): Promise<boolean>;
  /** Resolves to the saved setting; in a browser nothing is saved and it stays false. */
  setNotifications(enabled: boolean): Promise<boolean>;
  revealDataFolder(): void;
  openExternal(url: string): void;
}

export const bridge: Bridge = {
  desktop: window.hookbench !== undefined,
  appVersion: async () => (window.hookbench ? window.hookbench.appVersion() : null),
  notificationsEnabled: async () => (window.hookbench ? window.hookbench.notificationsEnabled() : false),
  setNotifications: async (enabled) => (window.hookbench ? window.hookbench.setNotifications(enabled) : false),
  revealDataFolder() {
    void window.hookbench?.revealDataFolder();
  },
  openExternal(url) {
    if (window.hookbench) return void window.hookbench.openExternal(url);
    window.open(url, '_blank', 'noopener,noreferrer');
  },
};
