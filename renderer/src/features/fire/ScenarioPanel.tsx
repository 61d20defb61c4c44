import { useEffect } from 'react';
import { useStore } from '../../store/index.js';
import { DeliveryRows } from './DeliveryRows.js';

/**
 * Scenarios of the chosen provider: related events that share ids (a clan's lifecycle, one
 * call from ring to hang-up), fired in order with one click to the targets chosen above.
 */
export function ScenarioPanel() {
  const providerId = useStore((state) => state.fireProviderId);
  const scenarios = useStore((state) => state.scenarios);
  const loaded = useStore((state) => state.scenariosLoaded);
  const error = useStore((state) => state.scenariosError);
  const running = useStore((state) => state.scenarioRunning);
  const run = useStore((state) => state.scenarioRun);
  const { loadScenarios, runScenario } = useStore.getState();
  useEffect(() => {
    if (!useStore.getState().scenariosLoaded) void loadScenarios();
  }, [loadScenarios]);

  const mine = scenarios.filter((scenario) => scenario.provider === providerId);
  if (!loaded || (mine.length === 0 && !error)) return null;
  return (
    <section className="stack panel" aria-labelledby="scenarios-title">
      <h3 id="scenarios-title">Scenarios</h3>
      <p className="muted">Related events that share ids, fired in order to the targets above.</p>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      <ul className="scenario-list">
        {mine.map((scenario) => (
          <li key={scenario.id} className="row">
            <div className="stack spacer">
              <strong>{scenario.name}</strong>
              <span className="muted">{scenario.description}</span>
              <span className="muted mono">{scenario.steps.map((step) => step.type).join(' → ')}</span>
            </div>
            <button
              type="button"
              className="button"
              disabled={running !== null}
              onClick={() => void runScenario(scenario.id)}
              aria-label={`Run ${scenario.name}`}
            >
              {running === scenario.id ? 'Running…' : 'Run'}
            </button>
          </li>
        ))}
      </ul>
      {run && mine.some((scenario) => scenario.id === run.scenarioId) && (
        <div className="stack" aria-label="Deliveries of the scenario run">
          <p className="muted">
            {run.eventIds.length} events fired, {run.deliveries.length} deliveries
          </p>
          <DeliveryRows deliveries={run.deliveries} />
        </div>
      )}
    </section>
  );
}
