/** Where and how big the window was, so the next start puts it back. */
export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: WindowBounds;
  maximized: boolean;
}

const MIN_VISIBLE = 100;

/** The saved state, if it is one: the settings file is the user's and may hold anything. */
export function parseWindowState(value: unknown): WindowState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { bounds, maximized } = value as { bounds?: unknown; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null) return undefined;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  const numbers = [x, y, width, height];
  if (!numbers.every((n): n is number => typeof n === 'number' && Number.isFinite(n))) return undefined;
  const [bx, by, bw, bh] = numbers.map(Math.round) as [number, number, number, number];
  if (bw <= 0 || bh <= 0) return undefined;
  return { bounds: { x: bx, y: by, width: bw, height: bh }, maximized: maximized === true };
}

/**
 * The saved bounds if enough of the window would still be on a screen (a monitor may have been
 * unplugged since); otherwise only its size, at most the primary screen's, and the OS places it.
 */
export function restoreBounds(
  saved: WindowBounds,
  workAreas: readonly WindowBounds[],
): WindowBounds | Pick<WindowBounds, 'width' | 'height'> {
  const visible = workAreas.some(
    (area) =>
      overlap(saved.x, saved.width, area.x, area.width) >= MIN_VISIBLE &&
      overlap(saved.y, saved.height, area.y, area.height) >= MIN_VISIBLE,
  );
  if (visible) return saved;
  const [primary] = workAreas;
  return primary
    ? { width: Math.min(saved.width, primary.width), height: Math.min(saved.height, primary.height) }
    : { width: saved.width, height: saved.height };
}

function overlap(start: number, length: number, areaStart: number, areaLength: number): number {
  return Math.min(start + length, areaStart + areaLength) - Math.max(start, areaStart);
}

/** The part of a BrowserWindow the tracker uses. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
  getNormalBounds(): WindowBounds;
  isMaximized(): boolean;
}

export const SAVE_DELAY_MS = 500;

/**
 * Saves the window's state a moment after it stops moving or resizing, and at once when it
 * closes. Normal bounds, so a maximised window comes back maximised over its old place.
 */
export function trackWindowState(window: TrackedWindow, save: (state: WindowState) => void): void {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const saveNow = () => {
    if (pending !== undefined) clearTimeout(pending);
    pending = undefined;
    save({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  };
  const saveSoon = () => {
    if (pending !== undefined) clearTimeout(pending);
    pending = setTimeout(saveNow, SAVE_DELAY_MS);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('close', saveNow);
}
