import type { StreamEvent } from '../../../electron/shared/schemas.js';
import { api, ApiError } from './client.js';

/** `signed-out`: the server answers but refuses this window's session (the token was rotated elsewhere). */
export type ConnectionState = 'connecting' | 'online' | 'offline' | 'signed-out';

/** How long to wait before opening a stream the browser gave up on. */
const REOPEN_MS = 2000;

const EVENT_TYPES: StreamEvent['type'][] = ['request.captured', 'delivery.updated', 'hook.changed', 'inbox.changed', 'capture.forwarded'];

/**
 * Follows /api/stream. Events are handed over in batches once per animation frame, so a
 * burst of a thousand captures a second costs one render per frame, not one per event. The
 * browser's EventSource reconnects by itself after a network error, but gives up for good on
 * any answer other than the stream (a core shutting down answers 503): then a new one is
 * opened here, until the server is back. `onState` tells the banner what is going on.
 */
export function followStream(onEvents: (events: StreamEvent[]) => void, onState: (state: ConnectionState) => void): () => void {
  let source: EventSource;
  let reopen = 0;
  let stopped = false;
  let pending: StreamEvent[] = [];
  let frame = 0;
  const flush = () => {
    frame = 0;
    const batch = pending;
    pending = [];
    onEvents(batch);
  };
  const open = () => {
    source = new EventSource('/api/stream');
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (message) => {
        pending.push({ type, data: JSON.parse((message as MessageEvent<string>).data) } as StreamEvent);
        frame ||= requestAnimationFrame(flush);
      });
    }
    source.onopen = () => onState('online');
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return onState('connecting');
      // Refused rather than away? The health check tells a signed-out window from a stopped server.
      const failed = source;
      const report = (state: ConnectionState) => !stopped && failed === source && onState(state);
      void api('GET', '/api/health').then(
        () => report('connecting'),
        (error: unknown) => report(error instanceof ApiError && error.status === 401 ? 'signed-out' : 'offline'),
      );
      reopen = window.setTimeout(() => !stopped && open(), REOPEN_MS);
    };
  };
  open();
  return () => {
    stopped = true;
    cancelAnimationFrame(frame);
    clearTimeout(reopen);
    source.close();
  };
}
