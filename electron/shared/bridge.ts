/**
 * The contract between the desktop shell (electron/main), its preload (electron/preload) and the
 * renderer. Types only: the sandboxed preload can load nothing but `electron`, so no runtime value
 * may live here.
 */

/** What the preload exposes as `window.hookbench`. Data never goes this way: it is HTTP and SSE. */
export interface BridgeApi {
  /** The desktop app's version (package.json). */
  appVersion(): Promise<string>;
  /** Whether a native notification is shown per captured request (off by default). */
  notificationsEnabled(): Promise<boolean>;
  /** Turns those notifications on or off; resolves to the saved setting. */
  setNotifications(enabled: boolean): Promise<boolean>;
  /** Shows the data folder in the system file manager. */
  revealDataFolder(): Promise<void>;
  /** Opens an http(s) link in the system browser; anything else is refused by the shell. */
  openExternal(url: string): Promise<void>;
}

/** The global the preload defines in the page. */
export type BridgeGlobal = 'hookbench';

/** One IPC channel per bridge function: its arguments and its answer. */
export interface BridgeChannels {
  'hookbench:app-version': { args: []; result: string };
  'hookbench:notifications-enabled': { args: []; result: boolean };
  'hookbench:set-notifications': { args: [enabled: boolean]; result: boolean };
  'hookbench:reveal-data-folder': { args: []; result: void };
  'hookbench:open-external': { args: [url: string]; result: void };
}

export type BridgeChannel = keyof BridgeChannels;
