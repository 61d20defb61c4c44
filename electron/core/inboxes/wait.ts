import type { Capture, CaptureSummary, WaitResult } from '../../shared/schemas.js';
import { HttpError } from '../errors.js';
import type { EventBus } from '../events.js';
import type { CaptureStore } from '../store/captures.js';

export interface WaitRequest {
  count: number;
  timeoutMs: number;
  after?: string | undefined;
}

export interface WaitSources {
  bus: EventBus;
  captures: CaptureStore;
  /** A capture in full, as the API shows it. */
  read(captureId: string): Promise<Capture>;
}

/**
 * Answers as soon as `count` captures of the inbox newer than `after` exist (oldest first), or at
 * the timeout (or when the asker leaves) with what there is. Subscribes before looking at the
 * store, so none slips between.
 */
export function waitForCaptures(
  { bus, captures, read }: WaitSources,
  inboxId: string,
  request: WaitRequest,
  signal: AbortSignal,
): Promise<WaitResult> {
  const after = request.after ?? captures.newestId(inboxId) ?? '';
  const found = new Map<string, CaptureSummary>();
  /** What the store read before a clear is gone by the time it answers. */
  let cleared = false;
  return new Promise((resolve, reject) => {
    let settled = false;
    /** Stops listening; false if the wait had ended already. */
    const end = () => {
      if (settled) return false;
      settled = true;
      unsubscribe();
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      return true;
    };
    const finish = (timedOut: boolean) => {
      if (!end()) return;
      const items = [...found.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, request.count);
      Promise.all(items.map((item) => read(item.id)))
        .then((items) => resolve({ items, timedOut }))
        .catch(reject);
    };
    const add = (summary: CaptureSummary) => {
      if (summary.inboxId !== inboxId || summary.id <= after) return;
      found.set(summary.id, summary);
      if (found.size >= request.count) finish(false);
    };
    const unsubscribe = bus.subscribe(
      (event) => {
        if (event.type === 'request.captured') add(event.data);
        else if (event.type === 'inbox.changed' && event.data.inbox.id === inboxId) changed(event.data.change);
      },
      ['request.captured', 'inbox.changed'],
    );
    // Deleted while waiting: nothing more can arrive, so the asker is told at once. Cleared: what was found is gone.
    const changed = (change: string) => {
      if (change === 'cleared') {
        found.clear();
        cleared = true;
      }
      if (change === 'deleted' && end())
        reject(new HttpError(404, 'inbox_not_found', 'The inbox was deleted while waiting for its captures.'));
    };
    const timer = setTimeout(() => finish(true), request.timeoutMs);
    const onAbort = () => finish(true);
    signal.addEventListener('abort', onAbort);
    captures
      .after(inboxId, after, request.count)
      .then((existing) => {
        if (!cleared) existing.forEach(add);
      })
      .catch(reject);
  });
}
