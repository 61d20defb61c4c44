import { api } from '../api/client.js';
import type { Delivery } from '../../../electron/shared/hooks.js';
import type { Scenario, ScenarioRunRequest, ScenarioRunResult } from '../../../electron/shared/scenarios.js';
import { isLaterState } from './deliveries.js';
import type { Slice } from './slice.js';

export interface ScenarioRun {
  scenarioId: string;
  eventIds: string[];
  deliveries: Delivery[];
}

export interface ScenarioSlice {
  scenarios: Scenario[];
  scenariosLoaded: boolean;
  scenariosError: string | null;
  /** The scenario being run (its id), while its steps fire. */
  scenarioRunning: string | null;
  scenarioRun: ScenarioRun | null;
  loadScenarios(): Promise<void>;
  /** Runs a scenario to the Fire view's current targets (subscribed hooks, chosen hooks or one URL). */
  runScenario(id: string): Promise<void>;
  applyScenarioDeliveries(updated: Delivery[]): void;
}

export const scenarioSlice: Slice<ScenarioSlice> = (set, get) => ({
  scenarios: [],
  scenariosLoaded: false,
  scenariosError: null,
  scenarioRunning: null,
  scenarioRun: null,

  loadScenarios: async () => {
    try {
      const { items } = await api<{ items: Scenario[] }>('GET', '/api/scenarios');
      set({ scenarios: items, scenariosLoaded: true, scenariosError: null });
    } catch (error) {
      set({ scenariosLoaded: true, scenariosError: (error as Error).message });
    }
  },

  runScenario: async (id) => {
    const { fireTarget, fireHookIds, fireUrl } = get();
    const request: ScenarioRunRequest = {
      ...(fireTarget === 'chosen' ? { hookIds: fireHookIds } : {}),
      ...(fireTarget === 'url' ? { url: fireUrl.trim() } : {}),
    };
    set({ scenarioRunning: id, scenariosError: null, scenarioRun: { scenarioId: id, eventIds: [], deliveries: [] } });
    try {
      const result = await api<ScenarioRunResult>('POST', `/api/scenarios/${encodeURIComponent(id)}/run`, request);
      const seen = get().scenarioRun?.deliveries ?? [];
      set({ scenarioRun: { scenarioId: id, eventIds: result.events.map((event) => event.id), deliveries: result.deliveries } });
      // Outcomes that streamed in while the steps were firing: the later state of each wins.
      get().applyScenarioDeliveries(seen);
    } catch (error) {
      set({ scenariosError: (error as Error).message });
    } finally {
      set({ scenarioRunning: null });
    }
  },

  applyScenarioDeliveries: (updated) => {
    const run = get().scenarioRun;
    if (!run) return;
    const byId = new Map(run.deliveries.map((delivery) => [delivery.id, delivery]));
    let changed = false;
    for (const delivery of updated) {
      const current = byId.get(delivery.id);
      // While the run is firing its events are not known yet: keep every update, sort them out after.
      if (!current && run.eventIds.length > 0 && !run.eventIds.includes(delivery.eventId)) continue;
      if (current && !isLaterState(delivery, current)) continue;
      byId.set(delivery.id, delivery);
      changed = true;
    }
    if (!changed) return;
    const deliveries = [...byId.values()]
      .filter((delivery) => run.eventIds.length === 0 || run.eventIds.includes(delivery.eventId))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    set({ scenarioRun: { ...run, deliveries } });
  },
});
