/**
 * The one module that knows about the Electron bridge (the preload's `window.hookbench`). In a
 * plain browser, and under Playwright, it is absent and each call falls back to what a web
 * page can do.
 */
export interface BridgeApi {
  notify(title: string, body: string): void;
  revealDataFolder(): void;
  openExternal(url: string): void;
}

declare global {
  interface Window {
    hookbench?: BridgeApi;
  }
}

export const bridge: BridgeApi & { desktop: boolean } = {
  desktop: window.hookbench !== undefined,
  notify(title, body) {
    if (window.hookbench) return window.hookbench.notify(title, body);
    if ('Notification' in window && Notification.permission === 'granted') new Notification(title, { body });
  },
  revealDataFolder() {
    window.hookbench?.revealDataFolder();
  },
  openExternal(url) {
    if (window.hookbench) return window.hookbench.openExternal(url);
    window.open(url, '_blank', 'noopener,noreferrer');
  },
};
