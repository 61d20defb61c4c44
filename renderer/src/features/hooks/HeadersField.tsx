import type { HeaderRow } from './draft.js';
import { FieldNotes } from './fields.js';

/** Extra headers sent with every delivery, as name/value rows. */
export function HeadersField({
  rows,
  error,
  onChange,
}: {
  rows: HeaderRow[];
  error: string | undefined;
  onChange(rows: HeaderRow[]): void;
}) {
  const change = (index: number, row: Partial<HeaderRow>) =>
    onChange(rows.map((current, at) => (at === index ? { ...current, ...row } : current)));
  return (
    <>
      <span className="label" id="hook-headers-label">
        Headers
      </span>
      <div className="stack" role="group" aria-labelledby="hook-headers-label">
        {rows.map((row, index) => (
          <div className="row header-row" key={index}>
            <input
              aria-label={`Header ${index + 1} name`}
              placeholder="X-Team"
              value={row.name}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'hook-headers-error' : undefined}
              onChange={(event) => change(index, { name: event.target.value })}
            />
            <input
              aria-label={`Header ${index + 1} value`}
              placeholder="value"
              value={row.value}
              onChange={(event) => change(index, { value: event.target.value })}
            />
            <button
              type="button"
              className="button small"
              aria-label={`Remove header ${row.name || index + 1}`}
              onClick={() => onChange(rows.filter((_, at) => at !== index))}
            >
              Remove
            </button>
          </div>
        ))}
        <div className="row">
          <button type="button" className="button small" onClick={() => onChange([...rows, { name: '', value: '' }])}>
            Add header
          </button>
          {rows.length === 0 && <span className="muted">None: only the provider’s own headers are sent.</span>}
        </div>
        <FieldNotes id="hook-headers" error={error} />
      </div>
    </>
  );
}
