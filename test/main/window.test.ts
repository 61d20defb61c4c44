import { describe, expect, it } from 'vitest';
import { isAppUrl, isExternalLink, windowOptions } from '../../electron/main/window.js';

describe('desktop window', () => {
  it('is created locked down: isolated, sandboxed, no Node in the page', () => {
    const { webPreferences } = windowOptions();
    expect(webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(webPreferences).not.toHaveProperty('webSecurity');
    expect(webPreferences).not.toHaveProperty('preload');
  });

  it('navigates only within the control origin', () => {
    const control = 'http://127.0.0.1:7600';
    expect(isAppUrl('http://127.0.0.1:7600/inboxes', control)).toBe(true);
    expect(isAppUrl('http://127.0.0.1:7601/in/default', control)).toBe(false);
    expect(isAppUrl('http://localhost:7600/', control)).toBe(false);
    expect(isAppUrl('https://example.com/', control)).toBe(false);
    expect(isAppUrl('not a url', control)).toBe(false);
  });

  it('hands only http(s) links to the system browser', () => {
    expect(isExternalLink('https://docs.example.com/webhooks')).toBe(true);
    expect(isExternalLink('file:///etc/passwd')).toBe(false);
    expect(isExternalLink('javascript:alert(1)')).toBe(false);
    expect(isExternalLink('smb://server/share')).toBe(false);
  });
});
