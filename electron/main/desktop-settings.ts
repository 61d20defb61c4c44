import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWindowState, type WindowState } from './window-state.js';

/** What only the desktop shell keeps: the core's data stays in its own files. */
export interface DesktopSettingsData {
  notifications: boolean;
  window?: WindowState;
}

export const DESKTOP_SETTINGS_FILE = 'desktop.json';

/**
 * A small JSON file beside the core's data. A missing or damaged file means the defaults
 * (notifications off, the OS places the window): losing it costs nothing worth a warning.
 */
export class DesktopSettings {
  private data: DesktopSettingsData;
  private readonly file: string;

  constructor(dir: string) {
    this.file = join(dir, DESKTOP_SETTINGS_FILE);
    this.data = read(this.file);
  }

  get notifications(): boolean {
    return this.data.notifications;
  }

  get window(): WindowState | undefined {
    return this.data.window;
  }

  update(change: Partial<DesktopSettingsData>): void {
    this.data = { ...this.data, ...change };
    // Synchronous and tiny: it also runs while the window closes, when nothing waits for a promise.
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.data, null, 2), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}

function read(file: string): DesktopSettingsData {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { notifications?: unknown; window?: unknown };
    const window = parseWindowState(raw.window);
    return { notifications: raw.notifications === true, ...(window && { window }) };
  } catch {
    return { notifications: false };
  }
}
