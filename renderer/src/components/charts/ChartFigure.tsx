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

/** Whole counts only on a count axis: 1, 2, 5, 10... apart. */
export const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1e6];
