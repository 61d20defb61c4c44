import type { RetryPolicy } from '../../../../electron/shared/hooks.js';
import { described, FieldNotes } from './fields.js';

const PRESETS: { id: RetryPolicy['preset']; label: string }[] = [
  { id: 'exponential', label: 'Exponential backoff' },
  { id: 'standard-webhooks', label: 'Standard Webhooks schedule' },
  { id: 'none', label: 'No retries' },
  { id: 'custom', label: 'Custom schedule' },
];

/** When failed deliveries are tried again: a named preset, or the user's own delays. */
export function RetryField({
  preset,
  schedule,
  error,
  onChange,
}: {
  preset: RetryPolicy['preset'];
  schedule: string;
  error: string | undefined;
  onChange(preset: RetryPolicy['preset'], schedule: string): void;
}) {
  return (
    <>
      <label htmlFor="hook-retry">Retries</label>
      <div className="stack">
        <div className="row">
          <select
            value={preset}
            onChange={(event) => onChange(event.target.value as RetryPolicy['preset'], schedule)}
            {...described('hook-retry', error)}
          >
            {PRESETS.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
          {preset === 'custom' && (
            <input
              className="grow mono"
              aria-label="Retry delays (ms)"
              placeholder="5000, 60000, 300000"
              value={schedule}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'hook-retry-error' : 'hook-retry-hint'}
              onChange={(event) => onChange(preset, event.target.value)}
            />
          )}
        </div>
        <FieldNotes
          id="hook-retry"
          error={error}
          hint={preset === 'custom' ? 'Milliseconds to wait after each failed attempt, comma separated; one retry per delay.' : undefined}
        />
      </div>
    </>
  );
}
