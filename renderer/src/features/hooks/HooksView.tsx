import { useEffect } from 'react';
import { EmptyState } from '../../components/EmptyState.js';
import { useStore } from '../../store/index.js';
import { HookEditor } from './HookEditor.js';
import { HookTable } from './HookTable.js';
import { HookCharts } from '../charts/HookCharts.js';

/** Hooks: where events are delivered, whether each hook works, and every setting of one. */
export function HooksView() {
  const loaded = useStore((state) => state.hooksLoaded && state.providersLoaded);
  const count = useStore((state) => state.hooks.length);
  const error = useStore((state) => state.hooksError ?? state.providersError);
  const editing = useStore((state) => state.editingHook);
  // An id the list does not hold (yet, or any more) opens nothing.
  const editable = useStore((state) => state.editingHook === 'new' || state.hooks.some((hook) => hook.id === state.editingHook));
  const editHook = useStore((state) => state.editHook);

  useEffect(() => {
    const { loadHooks, loadProviders, providersLoaded } = useStore.getState();
    void loadHooks();
    if (!providersLoaded) void loadProviders();
  }, []);

  return (
    <div className="view hooks">
      <div className="row">
        <h2>Hooks</h2>
        <span className="muted">{count > 0 ? `${count} hook${count === 1 ? '' : 's'}` : ''}</span>
        <span className="spacer" />
        <button type="button" className="button primary" onClick={() => editHook('new')} aria-expanded={editing === 'new'}>
          New hook
        </button>
      </div>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {!loaded ? (
        <p className="loading" role="status">
          Loading hooks…
        </p>
      ) : (
        <>
          {count > 0 ? (
            <HookTable />
          ) : (
            editing === null && (
              <EmptyState title="No hook yet">
                <p>
                  A hook sends a provider’s events to a URL. Create one with <strong>New hook</strong>; point it at an inbox’s URL to see
                  exactly what the provider would send.
                </p>
              </EmptyState>
            )
          )}
          {editing !== null && editable && <HookEditor key={editing} editing={editing} />}
          {editing !== null && editing !== 'new' && editable && <HookCharts hookId={editing} />}
        </>
      )}
    </div>
  );
}
