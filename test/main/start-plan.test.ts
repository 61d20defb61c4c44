import { describe, expect, it } from 'vitest';
import { openerCommand, planStart, workbenchUrl } from '../../scripts/start-plan.mjs';

const desktop = { DISPLAY: ':0' };

describe('npm start', () => {
  it('launches Electron when its binary is installed', () => {
    expect(planStart({ electronBinary: '/x/electron', platform: 'linux', env: {}, hasOpener: true })).toEqual({
      kind: 'electron',
      binary: '/x/electron',
    });
  });

  it('otherwise says why and serves the UI to a browser', () => {
    const plan = planStart({ electronBinary: undefined, platform: 'linux', env: desktop, hasOpener: true });
    expect(plan).toMatchObject({ kind: 'browser', open: true });
    expect(plan.kind === 'browser' && plan.reason).toMatch(/Electron's binary is not installed.*ELECTRON_SKIP_BINARY_DOWNLOAD/);
  });

  it.each([
    ['a Linux desktop', 'linux', desktop, true, true],
    ['a Wayland desktop', 'linux', { WAYLAND_DISPLAY: 'wayland-0' }, true, true],
    ['macOS', 'darwin', {}, true, true],
    ['Windows', 'win32', {}, true, true],
    ['a headless Linux (SSH, container)', 'linux', {}, true, false],
    ['CI', 'linux', { ...desktop, CI: 'true' }, true, false],
    ['BROWSER=none', 'darwin', { BROWSER: 'none' }, true, false],
    ['no xdg-open', 'linux', desktop, false, false],
  ])('opens the browser on %s: %s', (_name, platform, env, hasOpener, open) => {
    expect(planStart({ electronBinary: undefined, platform, env, hasOpener })).toMatchObject({ kind: 'browser', open });
  });

  it('finds the workbench address in the serve banner and knows how to open it', () => {
    const banner = 'Hookbench 0.1.0 is running.\n  Workbench (open in a browser): http://127.0.0.1:7600/?token=abc\n  Control API: ...';
    expect(workbenchUrl(banner)).toBe('http://127.0.0.1:7600/?token=abc');
    expect(workbenchUrl('Hookbench 0.1.0 is run')).toBeUndefined();
    expect(openerCommand('linux').command).toBe('xdg-open');
    expect(openerCommand('darwin').command).toBe('open');
  });
});
