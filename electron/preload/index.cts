/**
 * The one bridge between the page and the shell. A sandboxed preload can `require` only
 * `electron` (and a few Node built-ins), so this is one self-contained CommonJS file (.cts →
 * .cjs) whose only import with a runtime trace is `electron`; the contract is types only.
 * The page gets named functions, never `ipcRenderer` itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { BridgeApi, BridgeChannel, BridgeChannels, BridgeGlobal } from '../shared/bridge.js';

function invoke<C extends BridgeChannel>(channel: C, ...args: BridgeChannels[C]['args']): Promise<BridgeChannels[C]['result']> {
  return ipcRenderer.invoke(channel, ...args) as Promise<BridgeChannels[C]['result']>;
}

const api = {
  appVersion: () => invoke('hookbench:app-version'),
  notificationsEnabled: () => invoke('hookbench:notifications-enabled'),
  setNotifications: (enabled: boolean) => invoke('hookbench:set-notifications', enabled),
  revealDataFolder: () => invoke('hookbench:reveal-data-folder'),
  openExternal: (url: string) => invoke('hookbench:open-external', url),
} satisfies BridgeApi;

const name: BridgeGlobal = 'hookbench';
contextBridge.exposeInMainWorld(name, api);
