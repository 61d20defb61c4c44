import { api } from '../api/client.js';
import type { Delivery } from '../../../electron/shared/hooks.js';
import type { CaptureCheck, CaptureDelivery, CaptureDiff, CaptureLinks } from '../../../electron/shared/inspect.js';
import type { Capture } from '../../../electron/shared/schemas.js';
import type { Slice } from './slice.js';

/** What the inspector knows about the selected capture: the delivery that made it, and what it looks like. */
export interface CaptureInsight {
  captureId: string;
  /** null: no known delivery made it (the API said 404). */
  delivery: CaptureDelivery | null;
  check: CaptureCheck | null;
  error: string | null;
}

export interface CaptureComparison {
  a: string;
  b: string;
  diff: CaptureDiff | null;
  error: string | null;
}

/** A delivery's story in time: when its event was fired, and when each attempt's capture was received. */
export interface DeliveryStory {
  deliveryId: string;
  firedAt: string | null;
  /** receivedAt by capture id, for attempts that reached one of Hookbench's inboxes. */
  received: Record<string, string>;
}

export interface InspectSlice {
  captureInsight: CaptureInsight | null;
  captureComparison: CaptureComparison | null;
  deliveryStory: DeliveryStory | null;
  loadCaptureInsight(captureId: string): Promise<void>;
  compareCaptures(a: string, b: string | null): Promise<void>;
  loadDeliveryStory(delivery: Delivery): Promise<void>;
  /** Shows one capture in the Inboxes view, selecting its inbox first (links from deliveries). */
  openCapture(captureId: string): Promise<void>;
}

const path = (id: string) => `/api/requests/${encodeURIComponent(id)}`;

export const inspectSlice: Slice<InspectSlice> = (set, get) => ({
  captureInsight: null,
  captureComparison: null,
  deliveryStory: null,

  async loadCaptureInsight(captureId) {
    set({ captureInsight: null });
    // Links, not /delivery: a capture no delivery made is an answer there, not a 404 in the console.
    const delivery = api<CaptureLinks>('GET', `${path(captureId)}/links`).then(
      (links) => links.delivery,
      () => null,
    );
    try {
      const [check, found] = await Promise.all([api<CaptureCheck>('GET', `${path(captureId)}/check`), delivery]);
      if (get().selectedCaptureId === captureId) set({ captureInsight: { captureId, delivery: found, check, error: null } });
    } catch (caught) {
      if (get().selectedCaptureId === captureId) {
        set({ captureInsight: { captureId, delivery: await delivery, check: null, error: (caught as Error).message } });
      }
    }
  },

  async compareCaptures(a, b) {
    if (!b) {
      set({ captureComparison: null });
      return;
    }
    set({ captureComparison: { a, b, diff: null, error: null } });
    const current = () => get().captureComparison?.a === a && get().captureComparison?.b === b;
    try {
      const diff = await api<CaptureDiff>('GET', `${path(a)}/diff/${encodeURIComponent(b)}`);
      if (current()) set({ captureComparison: { a, b, diff, error: null } });
    } catch (caught) {
      if (current()) set({ captureComparison: { a, b, diff: null, error: (caught as Error).message } });
    }
  },

  async loadDeliveryStory(delivery) {
    const captureIds = delivery.attempts.flatMap((attempt) => (attempt.captureId ? [attempt.captureId] : []));
    const known = get().deliveryStory;
    const received = known?.deliveryId === delivery.id ? { ...known.received } : {};
    const firedAt = known?.deliveryId === delivery.id ? known.firedAt : null;
    const missing = captureIds.filter((id) => !(id in received));
    const [event, ...captures] = await Promise.all([
      firedAt ? null : api<{ createdAt: string }>('GET', `/api/events/${encodeURIComponent(delivery.eventId)}`).catch(() => null),
      // A capture may be gone (inbox cleared): the timeline just leaves out its arrival.
      ...missing.map((id) => api<Capture>('GET', path(id)).catch(() => null)),
    ]);
    for (const capture of captures) if (capture) received[capture.id] = capture.receivedAt;
    if (get().selectedDeliveryId !== delivery.id) return;
    set({ deliveryStory: { deliveryId: delivery.id, firedAt: firedAt ?? event?.createdAt ?? null, received } });
  },

  async openCapture(captureId) {
    try {
      const capture = await api<Capture>('GET', path(captureId));
      if (!get().inboxesLoaded) await get().loadInboxes();
      await get().selectInbox(capture.inboxId);
      await get().selectCapture(captureId);
    } catch (caught) {
      // Shown by the Inboxes view's banner: the capture may have been cleared since the link was made.
      set({ inboxError: `Could not open capture ${captureId}: ${(caught as Error).message}` });
    }
  },
});
