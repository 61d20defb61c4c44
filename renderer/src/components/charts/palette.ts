import { useSyncExternalStore } from 'react';

/** Chart colours, from the stylesheet's --chart-* variables (light or dark, as the OS says). */
export interface Palette {
  axis: string;
  grid: string;
  captures: string;
  succeeded: string;
  failed: string;
  retrying: string;
  mark: string;
}

const NAMES: Record<keyof Palette, string> = {
  axis: '--chart-axis',
  grid: '--chart-grid',
  captures: '--chart-captures',
  succeeded: '--chart-succeeded',
  failed: '--chart-failed',
  retrying: '--chart-retrying',
  mark: '--chart-mark',
};

const dark = window.matchMedia('(prefers-color-scheme: dark)');
let current: Palette | undefined;

function read(): Palette {
  const style = getComputedStyle(document.documentElement);
  return Object.fromEntries(Object.entries(NAMES).map(([key, name]) => [key, style.getPropertyValue(name).trim()])) as unknown as Palette;
}

function subscribe(onChange: () => void): () => void {
  const changed = () => {
    current = undefined;
    onChange();
  };
  dark.addEventListener('change', changed);
  return () => dark.removeEventListener('change', changed);
}

/** The palette, read again when the OS switches between light and dark (canvas pixels do not follow CSS by themselves). */
export function usePalette(): Palette {
  return useSyncExternalStore(subscribe, () => (current ??= read()));
}
