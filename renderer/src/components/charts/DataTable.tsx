import { useId, useState } from 'react';

export interface ChartData {
  columns: string[];
  rows: (string | number)[][];
}

/** The numbers behind a chart, as a table a screen reader (or anyone) can read; shown on demand. */
export function DataTable({ caption, data }: { caption: string; data: ChartData }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="chart-data">
      <button type="button" className="button small" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {open ? 'Hide data' : 'Show data'}
      </button>
      <table id={id} className={open ? 'pairs' : 'pairs visually-hidden'} aria-label={caption}>
        <thead>
          <tr>
            {data.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) =>
                column === 0 ? (
                  <th key={column} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={column}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
