import type { ReactNode } from 'react';
import { DataTable, type ChartData } from './DataTable.js';

/** A chart with its title, a one-sentence summary for screen readers (role img), and its numbers as a table. */
export function ChartFigure({ title, summary, data, children }: { title: string; summary: string; data: ChartData; children: ReactNode }) {
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div role="img" aria-label={summary}>
        {children}
      </div>
      <DataTable caption={`${title}: data`} data={data} />
    </figure>
  );
}
