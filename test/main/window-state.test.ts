import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DESKTOP_SETTINGS_FILE, DesktopSettings } from '../../electron/main/desktop-settings.js';
import {
  parseWindowState,
  restoreBounds,
  SAVE_DELAY_MS,
  trackWindowState,
  type TrackedWindow,
  type WindowBounds,
  type WindowState,
} from '../../electron/main/window-state.js';

const SCREEN: WindowBounds = { x: 0, y: 0, width: 1920, height: 1040 };

/** A window whose bounds the test sets. */
function fakeWindow() {
  const listeners = new Map<string, () => void>();
  const state = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: false };
  const window: TrackedWindow = {
    on: (event, listener) => listeners.set(event, listener),
    getNormalBounds: () => state.bounds,
    isMaximized: () => state.maximized,
  };
  return { window, state, emit: (event: string) => listeners.get(event)?.() };
}

describe('window state memory', () => {
  afterEach(() => vi.useRealTimers());

  it('saves once the window settles after moving, and at once when it closes', () => {
    vi.useFakeTimers();
    const { window, state, emit } = fakeWindow();
    const saved: WindowState[] = [];
    trackWindowState(window, (s) => saved.push(s));
    emit('move');
    vi.advanceTimersByTime(SAVE_DELAY_MS - 1);
    emit('resize');
    vi.advanceTimersByTime(SAVE_DELAY_MS - 1);
    expect(saved).toEqual([]);
    state.bounds = { x: 30, y: 40, width: 900, height: 650 };
    vi.advanceTimersByTime(1);
    expect(saved).toEqual([{ bounds: { x: 30, y: 40, width: 900, height: 650 }, maximized: false }]);
    state.maximized = true;
    emit('close');
    expect(saved.at(-1)).toEqual({ bounds: { x: 30, y: 40, width: 900, height: 650 }, maximized: true });
  });

  it('puts the window back where it was when that place is still on a screen', () => {
    expect(restoreBounds({ x: 100, y: 80, width: 1200, height: 800 }, [SCREEN])).toEqual({ x: 100, y: 80, width: 1200, height: 800 });
    const secondScreen = { x: 1920, y: 0, width: 2560, height: 1400 };
    expect(restoreBounds({ x: 2000, y: 100, width: 1200, height: 800 }, [SCREEN, secondScreen])).toMatchObject({ x: 2000 });
  });

  it('lets the OS place it, no bigger than the screen, when that screen is gone', () => {
    expect(restoreBounds({ x: 2000, y: 100, width: 2400, height: 1300 }, [SCREEN])).toEqual({ width: 1920, height: 1040 });
    expect(restoreBounds({ x: -1150, y: 0, width: 1200, height: 800 }, [SCREEN])).toEqual({ width: 1200, height: 800 });
  });

  it('ignores a saved state that is not one', () => {
    expect(parseWindowState(undefined)).toBeUndefined();
    expect(parseWindowState({ bounds: { x: 1, y: 2, width: 'wide', height: 3 } })).toBeUndefined();
    expect(parseWindowState({ bounds: { x: 1, y: 2, width: 0, height: 3 } })).toBeUndefined();
    expect(parseWindowState({ bounds: { x: 1.4, y: 2, width: 300, height: 200 }, maximized: 'yes' })).toEqual({
      bounds: { x: 1, y: 2, width: 300, height: 200 },
      maximized: false,
    });
  });

  it('survives a restart through the desktop settings file, and a damaged file means defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookbench-desktop-'));
    const first = new DesktopSettings(dir);
    expect(first.notifications).toBe(false);
    expect(first.window).toBeUndefined();
    first.update({ window: { bounds: { x: 5, y: 6, width: 800, height: 600 }, maximized: true }, notifications: true });
    const second = new DesktopSettings(dir);
    expect(second.window).toEqual({ bounds: { x: 5, y: 6, width: 800, height: 600 }, maximized: true });
    expect(second.notifications).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, DESKTOP_SETTINGS_FILE), 'utf8'))).toMatchObject({ notifications: true });
    writeFileSync(join(dir, DESKTOP_SETTINGS_FILE), '{ not json');
    expect(new DesktopSettings(dir).notifications).toBe(false);
  });
});
