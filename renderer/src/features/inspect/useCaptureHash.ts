import { useEffect } from 'react';
import { useStore } from '../../store/index.js';

/** The capture named in the address (#/inboxes?capture=…), as links from deliveries give it. */
function wantedCapture(): string | null {
  const [view, search] = window.location.hash.replace(/^#\/?/, '').split('?');
  if (view !== 'inboxes' || !search) return null;
  return new URLSearchParams(search).get('capture');
}

/**
 * Opens the capture a link names, selecting its inbox; then the address goes back to plain
 * #/inboxes (without a history entry) so a reload does not keep jumping back to it.
 */
export function useCaptureHash(): void {
  useEffect(() => {
    const follow = () => {
      const id = wantedCapture();
      if (!id) return;
      window.history.replaceState(null, '', '#/inboxes');
      void useStore.getState().openCapture(id);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
}
