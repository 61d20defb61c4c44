import { describe, expect, it } from 'vitest';
import { denyPermissions, guardContents, type GuardedContents, type GuardedSession } from '../../electron/main/guards.js';

const CONTROL = 'http://127.0.0.1:7600';

/** A WebContents that records the guards and lets the test fire its events. */
function fakeContents() {
  const listeners = new Map<string, (event: { url: string; preventDefault(): void }) => void>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const contents: GuardedContents = {
    on: (event: string, listener: (event: { url: string; preventDefault(): void }) => void) => listeners.set(event, listener),
    setWindowOpenHandler: (handler) => (openHandler = handler),
  };
  const fire = (event: string, url = '') => {
    let prevented = false;
    listeners.get(event)?.({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler?.({ url }) };
}

describe('navigation and window guards', () => {
  it('lets the app move within its own origin and stops everything else', () => {
    const { contents, fire } = fakeContents();
    guardContents(contents, CONTROL, () => {});
    expect(fire('will-navigate', `${CONTROL}/hooks`)).toBe(false);
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'http://127.0.0.1:7601/in/default')).toBe(true);
    expect(fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire('will-redirect', `${CONTROL}/`)).toBe(false);
    expect(fire('will-attach-webview')).toBe(true);
  });

  it('never opens a window; https links go to the system browser instead', () => {
    const { contents, open } = fakeContents();
    const opened: string[] = [];
    guardContents(contents, CONTROL, (url) => opened.push(url));
    expect(open('https://docs.example.com/x')).toEqual({ action: 'deny' });
    expect(open(`${CONTROL}/inboxes`)).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.example.com/x']);
  });
});

describe('permission guard', () => {
  function fakeSession() {
    let request: Parameters<GuardedSession['setPermissionRequestHandler']>[0] | undefined;
    let check: Parameters<GuardedSession['setPermissionCheckHandler']>[0] | undefined;
    const session: GuardedSession = {
      setPermissionRequestHandler: (handler) => (request = handler),
      setPermissionCheckHandler: (handler) => (check = handler),
    };
    const ask = (permission: string, requestingUrl: string) => {
      let granted: boolean | undefined;
      request?.({}, permission, (answer) => (granted = answer), { requestingUrl });
      return granted;
    };
    return { session, ask, check: (permission: string, origin: string) => check?.({}, permission, origin) };
  }

  it('denies every permission the page asks for', () => {
    const { session, ask, check } = fakeSession();
    denyPermissions(session, CONTROL);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(ask(permission, `${CONTROL}/`)).toBe(false);
      expect(check(permission, CONTROL)).toBe(false);
    }
  });

  it('lets only the app itself write to the clipboard (its copy buttons)', () => {
    const { session, ask, check } = fakeSession();
    denyPermissions(session, CONTROL);
    expect(ask('clipboard-sanitized-write', `${CONTROL}/inboxes`)).toBe(true);
    expect(check('clipboard-sanitized-write', CONTROL)).toBe(true);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(check('clipboard-sanitized-write', 'http://127.0.0.1:7601')).toBe(false);
  });
});
