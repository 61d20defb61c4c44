import type { ReactNode } from 'react';

/** What to show where there is nothing yet: what this place is for, and the next step. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty" role="status">
      <h3>{title}</h3>
      {children}
    </div>
  );
}
