import { api, ApiError, query } from '../api/client.js';
import type { Delivery, FireRequest, FireResult, PayloadProblems, Provider } from '../../../electron/shared/hooks.js';
import { isLaterState } from './deliveries.js';
import type { Slice } from './slice.js';

/** Who gets a fired event: the hooks subscribed to it, hooks picked by hand, or one URL. */
export type FireTarget = 'subscribed' | 'chosen' | 'url';

export type PayloadProblem = PayloadProblems['problems'][number];

export interface FireCheck {
  providerId: string;
  type: string;
  text: string;
  problems: PayloadProblem[];
}

/** The schema problems of the payload in the editor, or null while it has not been checked. */
export const currentFireProblems = (state: FireSlice): PayloadProblem[] | null => {
  const check = state.fireCheck;
  const current = check?.text === state.firePayloadText && check.type === state.fireType && check.providerId === state.fireProviderId;
  return current ? check.problems : null;
};

export interface FireSlice {
  fireProviderId: string | null;
  fireType: string | null;
  /** The editor's text, and the sample it started from (unedited samples are sent per hook). */
  firePayloadText: string;
  fireSampleText: string;
  /** The server's last schema check, of the text and event type it names; null until checked. */
  fireCheck: FireCheck | null;
  fireTarget: FireTarget;
  fireHookIds: string[];
  fireUrl: string;
  /** Sends even a payload that does not match the schema (`validate: false`). */
  fireAnyway: boolean;
  fireSending: boolean;
  fireError: ApiError | null;
  /** The last fired event and its deliveries, kept live from `delivery.updated`. */
  firedEventId: string | null;
  firedDeliveries: Delivery[];

  selectFireType(providerId: string, type: string): void;
  newFireSample(): Promise<void>;
  setFirePayloadText(text: string): void;
  checkFirePayload(text: string): Promise<void>;
  setFireTarget(target: FireTarget): void;
  toggleFireHook(id: string): void;
  setFireUrl(url: string): void;
  setFireAnyway(anyway: boolean): void;
  fire(): Promise<void>;
  applyFireDeliveries(updated: Delivery[]): void;
  /** Reads the fired event's deliveries again (after the server was away). */
  reloadFiredDeliveries(): Promise<void>;
}

const sampleText = (providers: Provider[], providerId: string, type: string): string => {
  const eventType = providers.find((provider) => provider.id === providerId)?.eventTypes.find((candidate) => candidate.type === type);
  return eventType ? JSON.stringify(eventType.sample, null, 2) : '{}';
};

export const fireSlice: Slice<FireSlice> = (set, get) => {
  /** Updates that arrive while the fire request is still answering: they may be of its deliveries. */
  let early: Delivery[] = [];

  return {
    fireProviderId: null,
    fireType: null,
    firePayloadText: '',
    fireSampleText: '',
    fireCheck: null,
    fireTarget: 'subscribed',
    fireHookIds: [],
    fireUrl: '',
    fireAnyway: false,
    fireSending: false,
    fireError: null,
    firedEventId: null,
    firedDeliveries: [],

    selectFireType: (providerId, type) => {
      const text = sampleText(get().providers, providerId, type);
      const sameProvider = providerId === get().fireProviderId;
      set({
        fireProviderId: providerId,
        fireType: type,
        firePayloadText: text,
        fireSampleText: text,
        fireError: null,
        fireAnyway: false,
        // Chosen hooks belong to one provider.
        fireHookIds: sameProvider ? get().fireHookIds : [],
      });
    },

    newFireSample: async () => {
      // Each read of the catalog carries freshly generated samples.
      await get().loadProviders();
      const { fireProviderId, fireType } = get();
      if (fireProviderId && fireType) {
        const text = sampleText(get().providers, fireProviderId, fireType);
        set({ firePayloadText: text, fireSampleText: text, fireError: null });
      }
    },

    setFirePayloadText: (firePayloadText) => set({ firePayloadText }),

    checkFirePayload: async (text) => {
      const { fireProviderId, fireType } = get();
      if (!fireProviderId || !fireType) return;
      try {
        const payload: unknown = JSON.parse(text);
        const answer = await api<PayloadProblems>(
          'POST',
          `/api/providers/${encodeURIComponent(fireProviderId)}/events/${encodeURIComponent(fireType)}/validate`,
          { payload },
        );
        // The answer is kept even when the user has moved on: it is shown only while it describes the editor.
        set({ fireCheck: { providerId: fireProviderId, type: fireType, text, problems: answer.problems } });
      } catch {
        // Syntax errors are shown by the editor; an unreachable server by the connection banner.
      }
    },

    setFireTarget: (fireTarget) => set({ fireTarget, fireError: null }),
    toggleFireHook: (id) => {
      const ids = get().fireHookIds;
      set({ fireHookIds: ids.includes(id) ? ids.filter((candidate) => candidate !== id) : [...ids, id], fireError: null });
    },
    setFireUrl: (fireUrl) => set({ fireUrl, fireError: null }),
    setFireAnyway: (fireAnyway) => set({ fireAnyway }),

    fire: async () => {
      const { fireProviderId, fireType, firePayloadText, fireSampleText, fireTarget, fireHookIds, fireUrl, fireAnyway } = get();
      if (!fireProviderId || !fireType) return;
      let payload: unknown;
      try {
        payload = JSON.parse(firePayloadText);
      } catch {
        set({ fireError: new ApiError(400, 'invalid_json', 'The payload is not valid JSON: fix the marked place first.', 'payload') });
        return;
      }
      const scoped = get().providers.find((provider) => provider.id === fireProviderId)?.scope != null;
      // An unedited sample of a scoped provider (a Kazoo account, a Khan game) is left to the
      // server, which makes one per hook with that hook's scope filled in; otherwise it would
      // carry a random scope that no hook is subscribed to.
      const perHookSamples = scoped && fireTarget !== 'url' && firePayloadText === fireSampleText;
      const request: FireRequest = {
        provider: fireProviderId,
        type: fireType,
        ...(perHookSamples ? {} : { payload }),
        ...(fireTarget === 'chosen' ? { hookIds: fireHookIds } : {}),
        ...(fireTarget === 'url' ? { url: fireUrl.trim() } : {}),
        ...(fireAnyway ? { validate: false } : {}),
      };
      early = [];
      set({ fireSending: true, fireError: null });
      try {
        const result = await api<FireResult>('POST', '/api/events', request);
        set({ fireSending: false, firedEventId: result.event.id, firedDeliveries: result.deliveries });
        // Stream updates may have come before this answer: the later state of each delivery wins.
        get().applyFireDeliveries(early);
      } catch (error) {
        set({ fireSending: false, fireError: error instanceof ApiError ? error : new ApiError(0, 'error', String(error)) });
      }
    },

    reloadFiredDeliveries: async () => {
      const eventId = get().firedEventId;
      if (!eventId) return;
      try {
        const page = await api<{ items: Delivery[] }>('GET', `/api/deliveries${query({ eventId, limit: 500 })}`);
        get().applyFireDeliveries(page.items);
      } catch {
        // The connection banner says the server is away; the list keeps what it showed.
      }
    },

    applyFireDeliveries: (updated) => {
      const { firedEventId, firedDeliveries, fireSending } = get();
      if (fireSending) early.push(...updated);
      const mine = updated.filter((delivery) => delivery.eventId === firedEventId);
      if (mine.length === 0) return;
      const byId = new Map(firedDeliveries.map((delivery) => [delivery.id, delivery]));
      for (const delivery of mine) {
        const known = byId.get(delivery.id);
        if (!known || isLaterState(delivery, known)) byId.set(delivery.id, delivery);
      }
      set({ firedDeliveries: [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) });
    },
  };
};
