import { api, query } from '../api/client.js';
import type { Delivery, Hook, HookCreate, HookPatch } from '../../../electron/shared/hooks.js';
import type { Slice } from './slice.js';

/** What the hook editor shows: a new hook, an existing one by id, or nothing. */
export type HookEditing = 'new' | string | null;

export interface HookSlice {
  hooks: Hook[];
  hooksLoaded: boolean;
  hooksError: string | null;
  /** Each hook's newest delivery, by hook id (kept live from `delivery.updated`). */
  lastDeliveries: Record<string, Delivery>;
  editingHook: HookEditing;

  loadHooks(): Promise<void>;
  editHook(editing: HookEditing): void;
  createHook(input: HookCreate): Promise<Hook>;
  updateHook(id: string, patch: HookPatch): Promise<Hook>;
  deleteHook(id: string): Promise<void>;
  rotateHookSecret(id: string): Promise<Hook>;
  applyHookChanged(change: 'created' | 'updated' | 'deleted', hook: Hook): void;
  applyHookDeliveries(deliveries: Delivery[]): void;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** How many "last delivery" requests run at once: enough to be quick, few enough to leave the server alone. */
const PARALLEL_READS = 6;

export const hookSlice: Slice<HookSlice> = (set, get) => {
  /** Keeps the newer of two deliveries of a hook (delivery ids sort by creation time). */
  const remember = (deliveries: Delivery[]) => {
    const last = { ...get().lastDeliveries };
    let changed = false;
    for (const delivery of deliveries) {
      if (!delivery.hookId) continue;
      const known = last[delivery.hookId];
      if (!known || known.id <= delivery.id) {
        last[delivery.hookId] = delivery;
        changed = true;
      }
    }
    if (changed) set({ lastDeliveries: last });
  };

  const loadLastDeliveries = async (hooks: Hook[]) => {
    const queue = [...hooks];
    const worker = async () => {
      for (let hook = queue.shift(); hook; hook = queue.shift()) {
        try {
          const page = await api<Page<Delivery>>('GET', `/api/deliveries${query({ hookId: hook.id, limit: 1 })}`);
          remember(page.items);
        } catch {
          // The column then says "no delivery yet" until the next live update.
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_READS }, worker));
  };

  return {
    hooks: [],
    hooksLoaded: false,
    hooksError: null,
    lastDeliveries: {},
    editingHook: null,

    loadHooks: async () => {
      try {
        const hooks: Hook[] = [];
        let cursor: string | undefined;
        do {
          const page = await api<Page<Hook>>('GET', `/api/hooks${query({ limit: 1000, cursor })}`);
          hooks.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        set({ hooks, hooksLoaded: true, hooksError: null });
        const editing = get().editingHook;
        if (editing !== null && editing !== 'new' && !hooks.some((hook) => hook.id === editing)) set({ editingHook: null });
        await loadLastDeliveries(hooks);
      } catch (error) {
        set({ hooksLoaded: true, hooksError: (error as Error).message });
      }
    },

    editHook: (editingHook) => set({ editingHook }),

    createHook: async (input) => {
      const hook = await api<Hook>('POST', '/api/hooks', input);
      set({ hooks: upsert(get().hooks, hook), editingHook: hook.id });
      return hook;
    },

    updateHook: async (id, patch) => {
      const hook = await api<Hook>('PATCH', `/api/hooks/${id}`, patch);
      set({ hooks: upsert(get().hooks, hook) });
      return hook;
    },

    deleteHook: async (id) => {
      await api('DELETE', `/api/hooks/${id}`);
      set({ hooks: get().hooks.filter((hook) => hook.id !== id), editingHook: get().editingHook === id ? null : get().editingHook });
    },

    rotateHookSecret: async (id) => {
      const hook = await api<Hook>('POST', `/api/hooks/${id}/rotate-secret`, {});
      set({ hooks: upsert(get().hooks, hook) });
      return hook;
    },

    applyHookChanged: (change, hook) => {
      if (change === 'deleted') {
        const { hooks, editingHook } = get();
        set({ hooks: hooks.filter((candidate) => candidate.id !== hook.id), editingHook: editingHook === hook.id ? null : editingHook });
        return;
      }
      set({ hooks: upsert(get().hooks, hook) });
    },

    applyHookDeliveries: remember,
  };
};

/** Newest first, as the API lists them (hook ids sort by creation time). */
function upsert(hooks: Hook[], hook: Hook): Hook[] {
  if (hooks.some((candidate) => candidate.id === hook.id)) return hooks.map((candidate) => (candidate.id === hook.id ? hook : candidate));
  return [hook, ...hooks].sort((a, b) => (a.id < b.id ? 1 : -1));
}
