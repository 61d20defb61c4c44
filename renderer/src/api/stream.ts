import type { StreamEvent } from '../../../electron/shared/schemas.js';

export type ConnectionState = 'connecting' | 'online' | 'offline';

const EVENT_TYPES: StreamEvent['type'][] = ['request.captured', 'delivery.updated', 'hook.changed', 'inbox.changed'];

/**
 * Follows /api/stream. Events are handed over in batches once per animation frame, so a
 * burst of a thousand captures a second costs one render per frame, not one per event. The
 * browser's EventSource reconnects by itself; `onState` tells the banner what is going on.
 */
export function followStream(onEvents: (events: StreamEvent[]) => void, onState: (state: ConnectionState) => void): () => void {
  const source = new EventSource('/api/stream');
  let pending: StreamEvent[] = [];
  let frame = 0;
  const flush = () => {
    frame = 0;
    const batch = pending;
    pending = [];
    onEvents(batch);
  };
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (message) => {
      pending.push({ type, data: JSON.parse((message as MessageEvent<string>).data) } as StreamEvent);
      frame ||= requestAnimationFrame(flush);
    });
  }
  source.onopen = () => onState('online');
  source.onerror = () => onState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
  return () => {
    cancelAnimationFrame(frame);
    source.close();
  };
}
