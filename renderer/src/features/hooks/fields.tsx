import type { ReactNode } from 'react';
import type { ApiError } from '../../api/client.js';
import type { Problems } from './draft.js';

/** The message for a field: the editor's own check first, else the server's if it blamed this field (or a part of it). */
export type ErrorOf = (field: string) => string | undefined;

export function errorsFrom(problems: Problems, serverError: ApiError | null): ErrorOf {
  return (field) => {
    if (problems[field]) return problems[field];
    const blamed = serverError?.field;
    if (blamed && (blamed === field || blamed.startsWith(`${field}.`))) return serverError.message;
    return undefined;
  };
}

/** What makes an input announce its hint and its problem: aria-invalid, aria-describedby. */
export function described(id: string, error: string | undefined, hint?: ReactNode) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
}

/** A labelled row of the editor: the label, the control, its hint and its problem right under it. */
export function Field({
  id,
  label,
  error,
  hint,
  required,
  children,
}: {
  id: string;
  label: string;
  error: string | undefined;
  hint?: ReactNode;
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <>
      <label htmlFor={id}>
        {label}
        {required && <RequiredMark />}
      </label>
      <div className="stack">
        {children}
        <FieldNotes id={id} error={error} hint={hint} />
      </div>
    </>
  );
}

export function FieldNotes({ id, error, hint }: { id: string; error: string | undefined; hint?: ReactNode }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="hint muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </>
  );
}

export function RequiredMark() {
  return (
    <span className="required" title="required">
      {' '}
      (required)
    </span>
  );
}
