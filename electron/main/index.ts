import { app, BrowserWindow, session, shell } from 'electron';
import { consoleLogger } from '../core/log.js';
import { DEFAULT_CONTROL_PORT, DEFAULT_INGRESS_PORT, PortInUseError, startCore, type Core, type CoreOptions } from '../core/index.js';
import { isAppUrl, isExternalLink, windowOptions } from './window.js';

/** The desktop shell: starts the core in-process and shows its UI in one locked-down window. */
let core: Core | undefined;
let quitting = false;

async function startCoreOnFreePorts(options: CoreOptions): Promise<Core> {
  try {
    return await startCore(options);
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    return startCore({ ...options, controlPort: 0, ingressPort: 0 });
  }
}

async function ready(): Promise<void> {
  core = await startCoreOnFreePorts({
    dataDir: app.getPath('userData'),
    controlPort: DEFAULT_CONTROL_PORT,
    ingressPort: DEFAULT_INGRESS_PORT,
    logger: consoleLogger,
  });
  const controlUrl = core.controlUrl;
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, allow) => allow(false));
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, controlUrl)) event.preventDefault();
    });
  });
  const window = new BrowserWindow(windowOptions());
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${controlUrl}/?token=${encodeURIComponent(core.token)}`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.whenReady().then(ready, (error: unknown) => {
    consoleLogger.error(`Hookbench could not start: ${(error as Error).message}`);
    app.exit(1);
  });
  app.on('window-all-closed', () => app.quit());
  // Quit waits for the core to flush captures, once.
  app.on('will-quit', (event) => {
    if (quitting || !core) return;
    quitting = true;
    event.preventDefault();
    core.close().finally(() => app.quit());
  });
}
