import { useEffect } from 'react';
import { useStore } from '../../store/index.js';
import { EventPicker } from './EventPicker.js';
import { FiredDeliveries } from './FiredDeliveries.js';
import { FireTargets } from './FireTargets.js';
import { PayloadEditor } from './PayloadEditor.js';
import { ScenarioPanel } from './ScenarioPanel.js';

/** Fire: pick a provider's event, shape its payload, choose who gets it, and watch it arrive. */
export function FireView() {
  const providersLoaded = useStore((state) => state.providersLoaded);
  const providersError = useStore((state) => state.providersError);
  const eventType = useStore((state) =>
    state.providers.find((provider) => provider.id === state.fireProviderId)?.eventTypes.find((type) => type.type === state.fireType),
  );
  const providerName = useStore((state) => state.providers.find((provider) => provider.id === state.fireProviderId)?.name);

  useEffect(() => {
    const state = useStore.getState();
    if (!state.providersLoaded) void state.loadProviders();
    if (!state.hooksLoaded) void state.loadHooks();
  }, []);

  // The first visit starts on the first event type of the catalog.
  useEffect(() => {
    const { providers, fireType, selectFireType } = useStore.getState();
    const first = providers[0];
    if (providersLoaded && fireType === null && first?.eventTypes[0]) selectFireType(first.id, first.eventTypes[0].type);
  }, [providersLoaded]);

  return (
    <div className="fire">
      <EventPicker />
      <section className="view fire-main" aria-label="Event to fire">
        {providersError && (
          <div className="banner error" role="alert">
            {providersError}
          </div>
        )}
        {!providersLoaded ? (
          <p className="loading" role="status">
            Loading the event catalog…
          </p>
        ) : eventType ? (
          <>
            <header className="stack">
              <h2>
                {providerName} · {eventType.name} <code>{eventType.type}</code>
              </h2>
              {eventType.description && <p className="muted fire-description">{eventType.description}</p>}
            </header>
            <PayloadEditor />
            <FireTargets />
            <FiredDeliveries />
            <ScenarioPanel />
          </>
        ) : (
          <p className="muted">Pick an event on the left.</p>
        )}
      </section>
    </div>
  );
}
