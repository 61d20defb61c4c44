import { api, query } from '../api/client.js';
import type { Capture, CaptureSummary, Inbox, InboxCreate, InboxPatch } from '../../../electron/shared/schemas.js';
import type { InboxSecretValue } from '../../../electron/shared/answers.js';
import type { Slice } from './slice.js';

/** Captures are read a page at a time as the list scrolls. */
export const CAPTURE_PAGE = 200;

export interface InboxSlice {
  inboxes: Inbox[];
  inboxesLoaded: boolean;
  inboxError: string | null;
  selectedInboxId: string | null;
  /** The selected inbox's captures, newest first: the pages read so far plus live arrivals. */
  captures: CaptureSummary[];
  capturesCursor: string | null;
  capturesLoading: boolean;
  captureFilter: string;
  /** Arrivals not shown because a filter is on. */
  hiddenArrivals: number;
  selectedCaptureId: string | null;
  captureDetail: Capture | null;
  captureError: string | null;

  loadInboxes(): Promise<void>;
  /** Reads the selected inbox's first page again: captures that arrived while the stream was down. */
  reloadCaptures(): Promise<void>;
  selectInbox(id: string | null): Promise<void>;
  createInbox(input: InboxCreate): Promise<Inbox>;
  updateInbox(id: string, patch: InboxPatch): Promise<Inbox>;
  /** Rewinds a scripted inbox to step 1. */
  resetInboxScript(id: string): Promise<Inbox>;
  /** One secret's value (null while it has none): inboxes show only whether each is set. */
  revealInboxSecret(id: string, name: string): Promise<string | null>;
  deleteInbox(id: string): Promise<void>;
  clearInbox(id: string): Promise<void>;
  setCaptureFilter(q: string): Promise<void>;
  loadMoreCaptures(): Promise<void>;
  selectCapture(id: string | null): Promise<void>;
  applyCaptured(captures: CaptureSummary[]): void;
  applyInboxChanged(change: string, inbox: Inbox): void;
}

interface Captures {
  items: CaptureSummary[];
  nextCursor: string | null;
}

export const inboxSlice: Slice<InboxSlice> = (set, get) => {
  /** Reads the first page again; answers that arrive after a newer request are dropped. */
  let generation = 0;
  /** The first page being read; a newer one aborts it, and the server stops searching. */
  let reading: AbortController | null = null;
  const reloadCaptures = async () => {
    const inboxId = get().selectedInboxId;
    const mine = ++generation;
    reading?.abort();
    const controller = (reading = new AbortController());
    set({ captures: [], capturesCursor: null, capturesLoading: inboxId !== null, hiddenArrivals: 0, captureError: null });
    if (!inboxId) return;
    try {
      const path = `/api/inboxes/${inboxId}/requests${query({ limit: CAPTURE_PAGE, q: get().captureFilter })}`;
      const page = await api<Captures>('GET', path, undefined, controller.signal);
      if (mine === generation) set({ captures: page.items, capturesCursor: page.nextCursor, capturesLoading: false });
    } catch (error) {
      if (mine === generation && !controller.signal.aborted) set({ capturesLoading: false, captureError: (error as Error).message });
    }
  };

  return {
    inboxes: [],
    inboxesLoaded: false,
    inboxError: null,
    selectedInboxId: null,
    captures: [],
    capturesCursor: null,
    capturesLoading: false,
    captureFilter: '',
    hiddenArrivals: 0,
    selectedCaptureId: null,
    captureDetail: null,
    captureError: null,

    reloadCaptures,

    loadInboxes: async () => {
      try {
        const { items } = await api<{ items: Inbox[] }>('GET', '/api/inboxes');
        set({ inboxes: items, inboxesLoaded: true, inboxError: null });
        const selected = get().selectedInboxId;
        if (selected === null || !items.some((inbox) => inbox.id === selected)) {
          await get().selectInbox(items.find((inbox) => inbox.slug === 'default')?.id ?? items[0]?.id ?? null);
        }
      } catch (error) {
        set({ inboxesLoaded: true, inboxError: (error as Error).message });
      }
    },

    selectInbox: async (id) => {
      if (id === get().selectedInboxId && get().captures.length > 0) return;
      set({ selectedInboxId: id, selectedCaptureId: null, captureDetail: null, captureFilter: '' });
      await reloadCaptures();
    },

    createInbox: async (input) => {
      const inbox = await api<Inbox>('POST', '/api/inboxes', input);
      set({ inboxes: upsert(get().inboxes, inbox) });
      await get().selectInbox(inbox.id);
      return inbox;
    },

    updateInbox: async (id, patch) => {
      const inbox = await api<Inbox>('PATCH', `/api/inboxes/${id}`, patch);
      set({ inboxes: upsert(get().inboxes, inbox) });
      return inbox;
    },

    resetInboxScript: async (id) => {
      const inbox = await api<Inbox>('POST', `/api/inboxes/${id}/script/reset`);
      set({ inboxes: upsert(get().inboxes, inbox) });
      return inbox;
    },

    revealInboxSecret: async (id, name) =>
      (await api<InboxSecretValue>('GET', `/api/inboxes/${id}/secrets/${encodeURIComponent(name)}`)).value,

    deleteInbox: async (id) => {
      await api('DELETE', `/api/inboxes/${id}`);
      const inboxes = get().inboxes.filter((inbox) => inbox.id !== id);
      set({ inboxes });
      if (get().selectedInboxId === id) await get().selectInbox(inboxes[0]?.id ?? null);
    },

    clearInbox: async (id) => {
      await api('DELETE', `/api/inboxes/${id}/requests`);
      if (get().selectedInboxId === id) {
        set({ selectedCaptureId: null, captureDetail: null });
        await reloadCaptures();
      }
    },

    setCaptureFilter: async (q) => {
      set({ captureFilter: q });
      await reloadCaptures();
    },

    loadMoreCaptures: async () => {
      const { selectedInboxId, capturesCursor, capturesLoading, captureFilter } = get();
      if (!selectedInboxId || !capturesCursor || capturesLoading) return;
      const mine = generation;
      set({ capturesLoading: true });
      try {
        const page = await api<Captures>(
          'GET',
          `/api/inboxes/${selectedInboxId}/requests${query({ limit: CAPTURE_PAGE, cursor: capturesCursor, q: captureFilter })}`,
        );
        if (mine === generation)
          set({ captures: [...get().captures, ...page.items], capturesCursor: page.nextCursor, capturesLoading: false });
      } catch (error) {
        if (mine === generation) set({ capturesLoading: false, captureError: (error as Error).message });
      }
    },

    selectCapture: async (id) => {
      set({ selectedCaptureId: id, captureDetail: null, captureError: null });
      if (!id) return;
      try {
        const detail = await api<Capture>('GET', `/api/requests/${id}`);
        if (get().selectedCaptureId === id) set({ captureDetail: detail });
      } catch (error) {
        if (get().selectedCaptureId === id) set({ captureError: (error as Error).message });
      }
    },

    applyCaptured: (arrived) => {
      const { selectedInboxId, captureFilter, captures, inboxes } = get();
      const counts = new Map<string, number>();
      for (const capture of arrived) counts.set(capture.inboxId, (counts.get(capture.inboxId) ?? 0) + 1);
      const changes: Partial<InboxSlice> = {
        inboxes: inboxes.map((inbox) =>
          counts.has(inbox.id) ? { ...inbox, requestCount: inbox.requestCount + counts.get(inbox.id)! } : inbox,
        ),
      };
      const mine = arrived.filter((capture) => capture.inboxId === selectedInboxId);
      if (mine.length > 0 && captureFilter) changes.hiddenArrivals = get().hiddenArrivals + mine.length;
      else if (mine.length > 0) changes.captures = [...mine.reverse(), ...captures];
      set(changes);
    },

    applyInboxChanged: (change, inbox) => {
      if (change === 'deleted') {
        set({ inboxes: get().inboxes.filter((candidate) => candidate.id !== inbox.id) });
        if (get().selectedInboxId === inbox.id) void get().selectInbox(get().inboxes[0]?.id ?? null);
        return;
      }
      set({ inboxes: upsert(get().inboxes, inbox) });
      if (change === 'cleared' && get().selectedInboxId === inbox.id) void reloadCaptures();
    },
  };
};

/** Newest first, as the API lists them, so a new inbox sits where it will be after a reload. */
function upsert(inboxes: Inbox[], inbox: Inbox): Inbox[] {
  return inboxes.some((candidate) => candidate.id === inbox.id)
    ? inboxes.map((candidate) => (candidate.id === inbox.id ? inbox : candidate))
    : [inbox, ...inboxes].sort((a, b) => (a.id < b.id ? 1 : -1));
}
