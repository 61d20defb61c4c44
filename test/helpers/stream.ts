import { request } from 'undici';
import { SseReader } from '../../electron/shared/sse.js';
import type { TestCore } from './core.js';

export interface StreamEvent {
  type: string;
  data: any;
}

export interface EventStream {
  /** Resolves with the first event (seen since the stream opened) that matches. */
  next(match: (event: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  close(): void;
}

/** Listens to /api/stream, the same feed the UI uses. */
export async function openStream(core: TestCore): Promise<EventStream> {
  const response = await request(`${core.controlUrl}/api/stream`, { headers: { authorization: `Bearer ${core.token}` } });
  const seen: StreamEvent[] = [];
  const waiters = new Set<{ match: (event: StreamEvent) => boolean; resolve: (event: StreamEvent) => void }>();
  const reader = new SseReader();
  (async () => {
    for await (const chunk of response.body) {
      for (const event of reader.push(chunk.toString()) as StreamEvent[]) {
        seen.push(event);
        for (const waiter of waiters) {
          if (waiter.match(event)) {
            waiters.delete(waiter);
            waiter.resolve(event);
          }
        }
      }
    }
  })().catch(() => {});
  return {
    next: (match, timeoutMs = 20_000) => {
      const already = seen.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`no matching event within ${timeoutMs} ms`));
        }, timeoutMs);
      });
    },
    close: () => response.body.destroy(),
  };
}

/** Resolves with the delivery once it reaches a final status. */
export function settled(stream: EventStream, deliveryId: string): Promise<any> {
  return stream
    .next(
      (event) =>
        event.type === 'delivery.updated' &&
        event.data.id === deliveryId &&
        ['succeeded', 'failed', 'cancelled'].includes(event.data.status),
    )
    .then((event) => event.data);
}
