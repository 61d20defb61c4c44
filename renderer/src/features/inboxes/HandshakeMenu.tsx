import { useEffect, useState, type KeyboardEvent } from 'react';
import type { HandshakePreset } from '../../../../electron/shared/handshakes.js';
import type { Inbox } from '../../../../electron/shared/schemas.js';
import { ApiError } from '../../api/client.js';
import { useStore } from '../../store/index.js';

/**
 * One click per provider adds the rules that pass its endpoint verification (saved at once, at
 * the top of the rules). A preset with parameters (Zoom's secret token) asks for them first.
 */
export function HandshakeMenu({ inbox, onApplied }: { inbox: Inbox; onApplied(inbox: Inbox): void }) {
  const presets = useStore((state) => state.handshakePresets);
  const { loadHandshakePresets, applyHandshake } = useStore.getState();
  const [asking, setAsking] = useState<HandshakePreset | null>(null);
  const [params, setParams] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    loadHandshakePresets().catch((caught: unknown) =>
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'error', String(caught))),
    );
  }, [loadHandshakePresets]);

  const apply = async (preset: HandshakePreset) => {
    setError(null);
    setDone(null);
    try {
      const updated = await applyHandshake(inbox.id, preset.id, preset.parameters.length ? params : undefined);
      setAsking(null);
      setParams({});
      setDone(`Added the ${preset.name} rule at the top.`);
      onApplied(updated);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'error', String(caught)));
    }
  };
  // Enter in a parameter applies the preset instead of saving the whole settings form.
  const onKey = (event: KeyboardEvent, preset: HandshakePreset) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    void apply(preset);
  };

  return (
    <details className="handshake-menu">
      <summary>Handshake presets</summary>
      <p className="muted">Adds the rule that answers a provider's endpoint verification; ordinary events still get the answer above.</p>
      <ul className="handshake-list">
        {presets.map((preset) => (
          <li key={preset.id}>
            <button
              type="button"
              className="button small"
              aria-describedby={`handshake-${preset.id}-description`}
              onClick={() => (preset.parameters.length ? setAsking(preset) : void apply(preset))}
            >
              {preset.name}
            </button>{' '}
            <span id={`handshake-${preset.id}-description`} className="muted">
              {preset.description}
            </span>
          </li>
        ))}
      </ul>
      {asking && (
        <div className="handshake-params" role="group" aria-label={`${asking.name} preset`}>
          {asking.parameters.map((parameter) => {
            const invalid = error?.field === `params.${parameter.name}`;
            return (
              <div className="row" key={parameter.name}>
                <label htmlFor={`handshake-${parameter.name}`}>{parameter.label}</label>
                <input
                  id={`handshake-${parameter.name}`}
                  type={parameter.secret ? 'password' : 'text'}
                  autoComplete="off"
                  value={params[parameter.name] ?? ''}
                  aria-invalid={invalid || undefined}
                  aria-describedby={`handshake-${parameter.name}-hint`}
                  onKeyDown={(event) => onKey(event, asking)}
                  onChange={(event) => setParams({ ...params, [parameter.name]: event.target.value })}
                />
                <span id={`handshake-${parameter.name}-hint`} className="muted">
                  {parameter.description}
                </span>
              </div>
            );
          })}
          <div className="row">
            <button type="button" className="button primary small" onClick={() => void apply(asking)}>
              Add {asking.name} rule
            </button>
            <button type="button" className="button small" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
      {done && (
        <p role="status" className="muted">
          {done}
        </p>
      )}
    </details>
  );
}
