import { describe, expect, it } from 'vitest';
import { externalLink, isAppUrl, windowOptions } from '../../electron/main/window.js';

describe('desktop window', () => {
  it('is created locked down: isolated, sandboxed, no Node in the page, web security untouched', () => {
    const { webPreferences } = windowOptions('/app/preload.cjs');
    expect(webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    for (const loosened of ['webSecurity', 'allowRunningInsecureContent', 'experimentalFeatures', 'enableBlinkFeatures']) {
      expect(webPreferences).not.toHaveProperty(loosened);
    }
  });

  it('opens where it was left, without letting saved bounds loosen anything', () => {
    const options = windowOptions('/p.cjs', { x: 40, y: 50, width: 900, height: 600 });
    expect(options).toMatchObject({ x: 40, y: 50, width: 900, height: 600, show: false });
    expect(windowOptions('/p.cjs')).toMatchObject({ width: 1280, height: 820 });
  });

  it('navigates only within the control origin', () => {
    const control = 'http://127.0.0.1:7600';
    expect(isAppUrl('http://127.0.0.1:7600/inboxes', control)).toBe(true);
    expect(isAppUrl('http://127.0.0.1:7601/in/default', control)).toBe(false);
    expect(isAppUrl('http://localhost:7600/', control)).toBe(false);
    expect(isAppUrl('https://example.com/', control)).toBe(false);
    expect(isAppUrl('not a url', control)).toBe(false);
  });

  it('hands only https links to the system browser, as parsed', () => {
    expect(externalLink('https://docs.example.com/webhooks')).toBe('https://docs.example.com/webhooks');
    expect(externalLink('https://EXAMPLE.com/a b')).toBe('https://example.com/a%20b');
    expect(externalLink('http://example.com/')).toBeUndefined();
    expect(externalLink('https://user:pass@example.com/')).toBeUndefined();
    expect(externalLink('file:///etc/passwd')).toBeUndefined();
    expect(externalLink('javascript:alert(1)')).toBeUndefined();
    expect(externalLink('smb://server/share')).toBeUndefined();
    expect(externalLink('not a url')).toBeUndefined();
  });
});
