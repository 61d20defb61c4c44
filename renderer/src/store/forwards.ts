import { api } from '../api/client.js';
import type { CaptureForwarded, ForwardResult } from '../../../electron/shared/forwarding.js';
import type { Slice } from './slice.js';

export interface ForwardSlice {
  /** What became of relaying the capture named by `forwardsCaptureId` to its inbox's rules. */
  forwards: ForwardResult[] | null;
  forwardsCaptureId: string | null;
  forwardsError: string | null;

  loadForwards(captureId: string): Promise<void>;
  /** Live `capture.forwarded` events: the shown capture's list is read again. */
  applyForwarded(events: CaptureForwarded[]): void;
}

export const forwardSlice: Slice<ForwardSlice> = (set, get) => ({
  forwards: null,
  forwardsCaptureId: null,
  forwardsError: null,

  async loadForwards(captureId) {
    // Reading again for the same capture keeps what is shown until the answer comes.
    if (get().forwardsCaptureId !== captureId) set({ forwardsCaptureId: captureId, forwards: null, forwardsError: null });
    try {
      const forwards = await api<ForwardResult[]>('GET', `/api/requests/${captureId}/forwards`);
      if (get().forwardsCaptureId === captureId) set({ forwards, forwardsError: null });
    } catch (error) {
      if (get().forwardsCaptureId === captureId) set({ forwardsError: (error as Error).message });
    }
  },

  applyForwarded(events) {
    // Read rather than appended: an event can overtake the first read, and would then be lost.
    const shown = get().forwardsCaptureId;
    if (shown && events.some((event) => event.captureId === shown)) void get().loadForwards(shown);
  },
});
