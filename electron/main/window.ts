import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowBounds } from './window-state.js';

/**
 * Every window Hookbench opens is made from these options: locked down, nothing loosened
 * (webSecurity and friends keep their safe defaults, so they are not named at all).
 */
export function windowOptions(preload: string, bounds?: Partial<WindowBounds>): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    ...bounds,
    minWidth: 800,
    minHeight: 500,
    title: 'Hookbench',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click would otherwise ask for a new window (denied anyway by the open handler).
      disableBlinkFeatures: 'Auxclick',
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

/**
 * The link as it goes to the system browser: https only, parsed and re-serialised so what
 * the OS opens is exactly what was checked. Undefined for anything else.
 */
export function externalLink(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
