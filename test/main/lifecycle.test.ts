import { describe, expect, it } from 'vitest';
import { claimSingleInstance, quitAfter, type LifecycleApp } from '../../electron/main/lifecycle.js';
import { applicationMenuTemplate, capturedLabel, trayMenuTemplate } from '../../electron/main/menu.js';

/** An `app` whose quit runs the will-quit listeners the way Electron does. */
function fakeApp(gotLock = true) {
  const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
  let quitCalls = 0;
  let exited = false;
  const app: LifecycleApp = {
    requestSingleInstanceLock: () => gotLock,
    on: (event: string, listener: (event: { preventDefault(): void }) => void) => listeners.set(event, listener),
    quit: () => {
      quitCalls += 1;
      let prevented = false;
      listeners.get('will-quit')?.({ preventDefault: () => (prevented = true) });
      if (!prevented) exited = true;
    },
  };
  return { app, listeners, quits: () => quitCalls, exited: () => exited };
}

describe('single instance', () => {
  it('a second launch focuses the first window and then quits itself', () => {
    const first = fakeApp(true);
    let focused = 0;
    expect(claimSingleInstance(first.app, () => (focused += 1))).toBe(true);
    first.listeners.get('second-instance')?.({ preventDefault() {} });
    expect(focused).toBe(1);
    expect(claimSingleInstance(fakeApp(false).app, () => {})).toBe(false);
  });
});

describe('quit', () => {
  it('waits for the core to flush, closes it once, then quits', async () => {
    const { app, quits, exited } = fakeApp();
    let closes = 0;
    let finishClose = () => {};
    quitAfter(
      app,
      () => new Promise<void>((resolve) => ((closes += 1), (finishClose = resolve))),
      () => {},
    );
    app.quit();
    app.quit();
    expect(exited()).toBe(false);
    expect(closes).toBe(1);
    finishClose();
    await new Promise((resolve) => setImmediate(resolve));
    expect(exited()).toBe(true);
    expect(quits()).toBe(3);
  });

  it('still quits when closing fails, and says why', async () => {
    const { app, exited } = fakeApp();
    const errors: string[] = [];
    quitAfter(
      app,
      () => Promise.reject(new Error('disk full')),
      (error) => errors.push(error.message),
    );
    app.quit();
    await new Promise((resolve) => setImmediate(resolve));
    expect(exited()).toBe(true);
    expect(errors).toEqual(['disk full']);
  });
});

describe('menus', () => {
  const actions = { copyDefaultInboxUrl() {}, openDataFolder() {}, showWindow() {}, quit() {} };

  it('the application menu has the usual roles and Hookbench’s two commands', () => {
    const linux = applicationMenuTemplate(actions, 'linux');
    expect(linux.map((item) => item.role ?? item.label)).toEqual(['File', 'editMenu', 'viewMenu', 'windowMenu']);
    const file = linux[0]?.submenu;
    expect(Array.isArray(file) && file.map((item) => item.label ?? item.role)).toEqual([
      'Copy Default Inbox URL',
      'Open Data Folder',
      undefined,
      'quit',
    ]);
    expect(applicationMenuTemplate(actions, 'darwin')[0]?.role).toBe('appMenu');
  });

  it('the tray menu shows the ingress URL and how many requests came', () => {
    const labels = trayMenuTemplate({ ingressUrl: 'http://127.0.0.1:7601', captured: 3 }, actions).map((item) => item.label);
    expect(labels).toContain('Ingress: http://127.0.0.1:7601');
    expect(labels).toContain('3 requests captured since launch');
    expect(capturedLabel(0)).toBe('No requests captured yet');
    expect(capturedLabel(1)).toBe('1 request captured since launch');
  });
});
