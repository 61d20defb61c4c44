/** The parts of Electron's `app` the lifecycle helpers use, so tests pass a small fake. */
export interface LifecycleApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * One Hookbench per user: the core holds the data folder's lock anyway, so a second launch only
 * brings the first one's window forward. False when this process is the second and must quit.
 */
export function claimSingleInstance(app: LifecycleApp, focusExisting: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', focusExisting);
  return true;
}

/**
 * Quitting waits for the core to flush: the first `will-quit` is held back while `close` runs,
 * then quit is asked again and goes through. A second quit meanwhile (Cmd-Q twice) changes nothing.
 */
export function quitAfter(app: LifecycleApp, close: () => Promise<void>, onError: (error: Error) => void): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    close()
      .catch((error: unknown) => onError(error as Error))
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
}
