import { api, query } from '../api/client.js';
import type { CaptureSummary, StreamEvent } from '../../../electron/shared/schemas.js';
import type { Delivery } from '../../../electron/shared/hooks.js';
import type { HookStats, InboxStats, OverviewStats, StatsRange } from '../../../electron/shared/stats.js';
import {
  addCaptures,
  addCapturesToOverview,
  applyToHook,
  applyToOverview,
  dropped,
  outcomeTotal,
  slideBy,
  slideHook,
  slideInbox,
  slideOverview,
  type SeenDeliveries,
} from '../features/charts/live.js';
import type { Slice } from './slice.js';

export interface StatsSlice {
  /** One range for every chart: switching it in one place switches it everywhere. */
  statsRange: StatsRange;
  /** The charted inbox and hook (at most one of each is on screen), and whether the overview is. */
  statsInboxId: string | null;
  statsHookId: string | null;
  overviewWatched: boolean;
  inboxStats: InboxStats | null;
  hookStats: HookStats | null;
  overviewStats: OverviewStats | null;
  statsError: string | null;

  setStatsRange(range: StatsRange): void;
  watchInboxStats(id: string | null): void;
  watchHookStats(id: string | null): void;
  watchOverviewStats(on: boolean): void;
  /** Reads every watched chart again (the range changed, the stream came back, a count was reset). */
  reloadStats(): Promise<void>;
  /** Live events, folded into the watched charts at most a few times a second. */
  applyStatsEvents(events: StreamEvent[]): void;
}

/** Live counts are folded in at most this often: a thousand requests a second cost four redraws. */
const COMMIT_MS = 250;
/** How often the windows are checked against the clock (they move a minute or an hour at a time). */
const TICK_MS = 5000;

type Target = 'inbox' | 'hook' | 'overview';

export const statsSlice: Slice<StatsSlice> = (set, get) => {
  const generation: Record<Target, number> = { inbox: 0, hook: 0, overview: 0 };
  const seen: Record<'hook' | 'overview', SeenDeliveries> = { hook: new Map(), overview: new Map() };
  let loading = 0;
  let captured: CaptureSummary[] = [];
  let delivered: Delivery[] = [];
  let commitTimer = 0;
  let tick = 0;

  const watching = () => get().statsInboxId !== null || get().statsHookId !== null || get().overviewWatched;

  const load = async (target: Target) => {
    const mine = ++generation[target];
    const { statsRange: range, statsInboxId, statsHookId, overviewWatched } = get();
    const path =
      target === 'inbox'
        ? statsInboxId && `/api/inboxes/${statsInboxId}/stats`
        : target === 'hook'
          ? statsHookId && `/api/hooks/${statsHookId}/stats`
          : overviewWatched && '/api/stats';
    if (!path) return;
    loading += 1;
    try {
      const stats = await api<InboxStats & HookStats & OverviewStats>('GET', `${path}${query({ range })}`);
      if (mine !== generation[target]) return;
      if (target !== 'inbox') seen[target].clear();
      set(target === 'inbox' ? { inboxStats: stats } : target === 'hook' ? { hookStats: stats } : { overviewStats: stats });
      set({ statsError: null });
    } catch (error) {
      if (mine === generation[target]) set({ statsError: (error as Error).message });
    } finally {
      loading -= 1;
      // Events that came while reading: each is counted once (the answer says what it holds).
      if (loading === 0 && (captured.length > 0 || delivered.length > 0)) commit();
    }
  };

  const commit = () => {
    commitTimer = 0;
    if (loading > 0) return;
    const captures = captured;
    const deliveries = delivered;
    captured = [];
    delivered = [];
    const { inboxStats, hookStats, overviewStats, statsInboxId, statsHookId } = get();
    set({
      inboxStats: inboxStats && statsInboxId && captures.length > 0 ? addCaptures(inboxStats, statsInboxId, captures) : inboxStats,
      hookStats: hookStats && statsHookId && deliveries.length > 0 ? applyToHook(hookStats, statsHookId, deliveries, seen.hook) : hookStats,
      overviewStats:
        overviewStats && (captures.length > 0 || deliveries.length > 0)
          ? applyToOverview(addCapturesToOverview(overviewStats, captures), deliveries, seen.overview)
          : overviewStats,
    });
  };

  /** Moves each window on when the clock has left its last bucket; one that drops counts is read again. */
  const slide = () => {
    const now = Date.now();
    const { inboxStats, hookStats, overviewStats } = get();
    const inboxBy = inboxStats ? slideBy(inboxStats, now) : 0;
    if (inboxStats && inboxBy > 0) {
      if (dropped(inboxStats.captures, inboxBy) > 0) void load('inbox');
      else set({ inboxStats: slideInbox(inboxStats, inboxBy) });
    }
    const hookBy = hookStats ? slideBy(hookStats, now) : 0;
    if (hookStats && hookBy > 0) {
      if (dropped(outcomeTotal(hookStats.outcomes), hookBy) > 0) void load('hook');
      else set({ hookStats: slideHook(hookStats, hookBy) });
    }
    // The overview holds totals by inbox and hook: those of a dropped bucket are read again too.
    const overviewBy = overviewStats ? slideBy(overviewStats, now) : 0;
    if (overviewStats && overviewBy > 0) {
      const lost = dropped(overviewStats.captures, overviewBy) + dropped(outcomeTotal(overviewStats.deliveries), overviewBy);
      if (lost > 0) void load('overview');
      else set({ overviewStats: slideOverview(overviewStats, overviewBy) });
    }
  };

  const follow = () => {
    if (watching() && !tick) tick = window.setInterval(slide, TICK_MS);
    if (!watching() && tick) {
      clearInterval(tick);
      tick = 0;
    }
  };

  return {
    statsRange: 'hour',
    statsInboxId: null,
    statsHookId: null,
    overviewWatched: false,
    inboxStats: null,
    hookStats: null,
    overviewStats: null,
    statsError: null,

    setStatsRange: (range) => {
      if (range === get().statsRange) return;
      set({ statsRange: range });
      void get().reloadStats();
    },
    watchInboxStats: (id) => {
      set({ statsInboxId: id, inboxStats: null });
      follow();
      void load('inbox');
    },
    watchHookStats: (id) => {
      set({ statsHookId: id, hookStats: null });
      follow();
      void load('hook');
    },
    watchOverviewStats: (on) => {
      set({ overviewWatched: on, overviewStats: null });
      follow();
      void load('overview');
    },
    reloadStats: async () => {
      await Promise.all([load('inbox'), load('hook'), load('overview')]);
    },
    applyStatsEvents: (events) => {
      if (!watching()) return;
      let reset = false;
      for (const event of events) {
        if (event.type === 'request.captured') captured.push(event.data);
        else if (event.type === 'delivery.updated') delivered.push(event.data);
        // A cleared inbox or a deleted hook starts from zero on the server: read again.
        else if (event.type === 'inbox.changed' && (event.data.change === 'cleared' || event.data.change === 'deleted')) reset = true;
        else if (event.type === 'hook.changed' && event.data.change === 'deleted') reset = true;
      }
      if (reset) void get().reloadStats();
      if ((captured.length > 0 || delivered.length > 0) && !commitTimer) commitTimer = window.setTimeout(commit, COMMIT_MS);
    },
  };
};
