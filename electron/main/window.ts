import type { BrowserWindowConstructorOptions } from 'electron';

/** Every window Hookbench opens is made from these options: locked down, nothing loosened. */
export function windowOptions(): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 500,
    title: 'Hookbench',
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Only the control listener's own pages may load in the window. */
export function isAppUrl(url: string, controlUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(controlUrl).origin;
  } catch {
    return false;
  }
}

/** Links leave the app only as http(s), opened in the system browser. */
export function isExternalLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
