import type { ReactNode } from 'react';

/** Loading, failed, or nothing in the window yet (the charts still show, with a word on what would fill them). */
export function ChartsState({
  loaded,
  error,
  empty,
  what,
  children,
}: {
  loaded: boolean;
  error: string | null;
  empty: boolean;
  what: string;
  children: ReactNode;
}) {
  if (error && !loaded) {
    return (
      <div className="banner error" role="alert">
        {error}
      </div>
    );
  }
  if (!loaded) {
    return (
      <p className="loading" role="status">
        Counting…
      </p>
    );
  }
  return (
    <>
      {empty && <p className="muted">No {what} in this window yet; the charts fill in as they arrive.</p>}
      {children}
    </>
  );
}

/** Categories, most frequent first. */
export const byCount = (counts: Record<string, number>): [string, number][] => Object.entries(counts).sort(([, a], [, b]) => b - a);
