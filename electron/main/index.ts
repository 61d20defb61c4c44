import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, nativeImage, Notification, screen, session, shell, Tray } from 'electron';
import { consoleLogger } from '../core/log.js';
import { DEFAULT_CONTROL_PORT, DEFAULT_INGRESS_PORT, PortInUseError, startCore, type Core, type CoreOptions } from '../core/index.js';
import { followCaptures } from './capture-feed.js';
import { defaultInboxUrl } from './control-client.js';
import { DesktopSettings } from './desktop-settings.js';
import { denyPermissions, guardContents } from './guards.js';
import { handleBridge, noArgs, oneBoolean, oneString, trustedSender } from './ipc.js';
import { claimSingleInstance, quitAfter } from './lifecycle.js';
import { applicationMenuTemplate, trayMenuTemplate, type TrayActions } from './menu.js';
import { CaptureNotifier } from './notifications.js';
import { restoreBounds, trackWindowState } from './window-state.js';
import { externalLink, windowOptions } from './window.js';

/** The desktop shell: starts the core in-process and shows its UI in one locked-down window. */

// The same folder `hookbench serve` uses by default, so both see the same inboxes; Chromium's
// own caches go to a subfolder instead of mixing with the captures.
app.setPath('userData', join(app.getPath('appData'), 'Hookbench'));
app.setPath('sessionData', join(app.getPath('userData'), 'chromium'));

const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const TRAY_ICON = join(app.getAppPath(), 'build', 'icons', '32x32.png');
const log = consoleLogger;

let core: Core | undefined;
let window: BrowserWindow | undefined;
let tray: Tray | undefined;
/** What to stop before the core closes: the event stream, timers. */
const stops: (() => void)[] = [];
const notifier = new CaptureNotifier((notice) => {
  // Some Linux desktops have no notification server; the setting then simply does nothing.
  if (Notification.isSupported()) new Notification({ ...notice, silent: true }).show();
});

async function startCoreOnFreePorts(options: CoreOptions): Promise<Core> {
  try {
    return await startCore(options);
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    return startCore({ ...options, controlPort: 0, ingressPort: 0 });
  }
}

function showWindow(): void {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

async function ready(): Promise<void> {
  const started = await startCoreOnFreePorts({
    dataDir: app.getPath('userData'),
    controlPort: DEFAULT_CONTROL_PORT,
    ingressPort: DEFAULT_INGRESS_PORT,
    logger: log,
  });
  core = started;
  const { controlUrl, ingressUrl, dataDir } = started;
  const access = { controlUrl, token: () => started.token };
  const settings = new DesktopSettings(app.getPath('userData'));
  notifier.setEnabled(settings.notifications);

  // Reviewed: guardContents hands over only what externalLink() accepted (https, parsed, no credentials).
  const openExternal = (url: string) => void shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
  denyPermissions(session.defaultSession, controlUrl);
  app.on('web-contents-created', (_event, contents) => guardContents(contents, controlUrl, openExternal));

  const actions: TrayActions = {
    copyDefaultInboxUrl: () =>
      void defaultInboxUrl(access).then(
        (url) => (url ? clipboard.writeText(url) : notice('No default inbox', 'It was deleted; create an inbox with the slug "default".')),
        (error: unknown) => log.error(`copying the default inbox URL: ${(error as Error).message}`),
      ),
    openDataFolder: () => void shell.openPath(dataDir),
    showWindow,
    quit: () => app.quit(),
  };

  handleBridge(
    ipcMain,
    trustedSender(controlUrl, () => window?.webContents.id),
    {
      'hookbench:app-version': { parse: noArgs, run: () => app.getVersion() },
      'hookbench:notifications-enabled': { parse: noArgs, run: () => settings.notifications },
      'hookbench:set-notifications': {
        parse: oneBoolean,
        run: (enabled) => {
          settings.update({ notifications: enabled });
          notifier.setEnabled(enabled);
          return enabled;
        },
      },
      'hookbench:reveal-data-folder': { parse: noArgs, run: () => actions.openDataFolder() },
      'hookbench:open-external': {
        parse: oneString,
        run: async (url) => {
          const link = externalLink(url);
          if (!link) throw new Error('Only https links open in the browser.');
          // Reviewed: `link` is what externalLink() returned, never the page's raw string.
          await shell.openExternal(link); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
        },
      },
    },
  );

  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(actions, process.platform)));

  let captured = 0;
  const refreshTray = () => tray?.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate({ ingressUrl, captured }, actions)));
  tray = new Tray(nativeImage.createFromPath(TRAY_ICON));
  tray.setToolTip(`Hookbench: ${ingressUrl}`);
  tray.on('click', showWindow);
  refreshTray();
  // The tray menu is rebuilt at most once a second, however fast requests arrive.
  let trayDirty = false;
  const trayTimer = setInterval(() => {
    if (trayDirty) refreshTray();
    trayDirty = false;
  }, 1000);
  stops.push(() => clearInterval(trayTimer));
  const feed = followCaptures({
    ...access,
    onCapture: (capture) => {
      captured += 1;
      trayDirty = true;
      notifier.captured(capture);
    },
    onError: (error) => log.warn(`event stream: ${error.message}; reconnecting`),
  });
  stops.push(() => feed.stop());

  const saved = settings.window;
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  // Reviewed: the scan cannot see into windowOptions(), which sets contextIsolation, sandbox and
  // disables Auxclick (test/main/window.test.ts checks them); new windows are denied by guardContents.
  const options = windowOptions(PRELOAD, saved && restoreBounds(saved.bounds, workAreas));
  window = new BrowserWindow(options); /* eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK */
  trackWindowState(window, (state) => settings.update({ window: state }));
  window.once('ready-to-show', () => {
    if (saved?.maximized) window?.maximize();
    window?.show();
  });
  window.on('closed', () => (window = undefined));
  // The bootstrap swaps the token for a session cookie and redirects to `/`.
  await window.loadURL(`${controlUrl}/?token=${encodeURIComponent(started.token)}`);
}

function notice(title: string, body: string): void {
  new Notification({ title, body }).show();
}

if (!claimSingleInstance(app, showWindow)) {
  app.quit();
} else {
  quitAfter(
    app,
    async () => {
      for (const stop of stops) stop();
      notifier.cancel();
      tray?.destroy();
      await core?.close();
    },
    (error) => log.error(`shutting down: ${error.message}`),
  );
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(ready)
    .catch(async (error: unknown) => {
      // Said where a desktop user looks (a dialog), then out without the window; the core, if it
      // started, still flushes and releases the data folder.
      dialog.showErrorBox('Hookbench could not start', (error as Error).message);
      await core?.close();
      app.exit(1);
    });
}
