import type { MenuItemConstructorOptions } from 'electron';

/** What the menus can do beyond Electron's built-in roles. */
export interface MenuActions {
  copyDefaultInboxUrl(): void;
  openDataFolder(): void;
}

/** The application menu: the platform's usual roles, plus Hookbench's two shortcuts in File. */
export function applicationMenuTemplate(actions: MenuActions, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const hookbench: MenuItemConstructorOptions[] = [
    { label: 'Copy Default Inbox URL', accelerator: 'CmdOrCtrl+Shift+C', click: () => actions.copyDefaultInboxUrl() },
    { label: 'Open Data Folder', click: () => actions.openDataFolder() },
  ];
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    { label: 'File', submenu: [...hookbench, { type: 'separator' }, mac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}

export interface TrayStatus {
  ingressUrl: string;
  /** Requests captured since the app started. */
  captured: number;
}

export interface TrayActions extends MenuActions {
  showWindow(): void;
  quit(): void;
}

/** The tray menu: where requests go, how many came, and the way back to the window. */
export function trayMenuTemplate(status: TrayStatus, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: `Ingress: ${status.ingressUrl}`, enabled: false },
    { label: capturedLabel(status.captured), enabled: false },
    { type: 'separator' },
    { label: 'Show Hookbench', click: () => actions.showWindow() },
    { label: 'Copy Default Inbox URL', click: () => actions.copyDefaultInboxUrl() },
    { label: 'Open Data Folder', click: () => actions.openDataFolder() },
    { type: 'separator' },
    { label: 'Quit Hookbench', click: () => actions.quit() },
  ];
}

export function capturedLabel(count: number): string {
  if (count === 0) return 'No requests captured yet';
  return `${count} ${count === 1 ? 'request' : 'requests'} captured since launch`;
}
