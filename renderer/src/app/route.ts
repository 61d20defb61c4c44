import { useSyncExternalStore } from 'react';

export const VIEWS = ['overview', 'inboxes', 'hooks', 'fire', 'deliveries', 'settings'] as const;
export type View = (typeof VIEWS)[number];

/** The view named in the address (#/hooks), so reloads and the back button keep the place. */
export function currentView(): View {
  // The view may carry parameters after it (#/deliveries?hookId=...).
  const name = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (VIEWS as readonly string[]).includes(name ?? '') ? (name as View) : 'inboxes';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useView(): View {
  return useSyncExternalStore(subscribe, currentView);
}

export function go(view: View): void {
  window.location.hash = `#/${view}`;
}
