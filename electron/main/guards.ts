import { externalLink, isAppUrl } from './window.js';

/**
 * The shell's guards for what a page may do beyond showing itself: navigate, open windows, ask
 * for permissions. Each takes the few Electron methods it needs, so a test passes a small fake.
 */

interface NavigationEvent {
  url: string;
  preventDefault(): void;
}

/** The part of a WebContents the navigation guards use. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * The window stays on the control origin: other navigations and redirects are stopped, no page
 * gets a second window, and an https link the user follows opens in the system browser.
 */
export function guardContents(contents: GuardedContents, controlUrl: string, openExternal: (url: string) => void): void {
  const stayInApp = (event: NavigationEvent) => {
    if (!isAppUrl(event.url, controlUrl)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const link = externalLink(url);
    if (link) openExternal(link);
    return { action: 'deny' };
  });
}

/**
 * The one permission granted: writing to the clipboard, for the UI's copy buttons, and only to
 * the app's own pages. Chromium still wants a user gesture for it; reading stays denied.
 */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/** The part of a Session the permission guard uses. */
export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean): void;
}

/** Denies every permission request and check (camera, notifications, geolocation...) but the one above. */
export function denyPermissions(session: GuardedSession, controlUrl: string): void {
  const allowed = (permission: string, url: string | undefined) =>
    ALLOWED_PERMISSIONS.has(permission) && url !== undefined && isAppUrl(url, controlUrl);
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(allowed(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
}
