import { api, ApiError, query } from '../api/client.js';
import type { ReplayResult, Snippets } from '../../../electron/shared/snippets.js';
import type { Slice } from './slice.js';

export interface ReplayProblem {
  message: string;
  /** The request field the server blamed (`url`), for an inline message. */
  field?: string | undefined;
}

export interface ReplaySlice {
  /** "Copy as" commands for the capture named by `snippetsCaptureId`. */
  captureSnippets: Snippets | null;
  snippetsCaptureId: string | null;
  snippetsError: string | null;
  /** The last replay of the capture named by `replayCaptureId`. */
  replayResult: ReplayResult | null;
  replayCaptureId: string | null;
  replaying: boolean;
  replayProblem: ReplayProblem | null;
  /** cURL commands of delivery attempts, by `<deliveryId>/<n>`. */
  attemptCurl: Record<string, string>;

  /** `target` replaces the inbox URL the commands send to (the capture's sub-path and query follow it). */
  loadCaptureSnippets(captureId: string, target?: string): Promise<void>;
  replayCapture(captureId: string, url: string): Promise<void>;
  loadAttemptCurl(deliveryId: string, n: number): Promise<void>;
}

export const attemptKey = (deliveryId: string, n: number) => `${deliveryId}/${n}`;

export const replaySlice: Slice<ReplaySlice> = (set, get) => ({
  captureSnippets: null,
  snippetsCaptureId: null,
  snippetsError: null,
  replayResult: null,
  replayCaptureId: null,
  replaying: false,
  replayProblem: null,
  attemptCurl: {},

  async loadCaptureSnippets(captureId, target) {
    set({ snippetsCaptureId: captureId, captureSnippets: null, snippetsError: null });
    try {
      const snippets = await api<Snippets>('GET', `/api/requests/${captureId}/snippets${query({ target })}`);
      // The user may have picked another capture meanwhile.
      if (get().snippetsCaptureId === captureId) set({ captureSnippets: snippets });
    } catch (error) {
      if (get().snippetsCaptureId === captureId) set({ snippetsError: (error as Error).message });
    }
  },

  async replayCapture(captureId, url) {
    set({ replayCaptureId: captureId, replaying: true, replayResult: null, replayProblem: null });
    try {
      const result = await api<ReplayResult>('POST', `/api/requests/${captureId}/replay`, { url });
      if (get().replayCaptureId === captureId) set({ replayResult: result, replaying: false });
    } catch (error) {
      const field = error instanceof ApiError ? error.field : undefined;
      if (get().replayCaptureId === captureId) set({ replaying: false, replayProblem: { message: (error as Error).message, field } });
    }
  },

  async loadAttemptCurl(deliveryId, n) {
    const key = attemptKey(deliveryId, n);
    if (get().attemptCurl[key] !== undefined) return;
    try {
      const snippets = await api<Snippets>('GET', `/api/deliveries/${deliveryId}/attempts/${n}/snippets`);
      set({ attemptCurl: { ...get().attemptCurl, [key]: snippets.curl } });
    } catch (error) {
      set({ attemptCurl: { ...get().attemptCurl, [key]: `# Could not make the command: ${(error as Error).message}` } });
    }
  },
});
