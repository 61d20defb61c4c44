import { useCallback, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import { ChartFigure } from './ChartFigure.js';
import { countAxis, countChartFrame, countScale } from './counts.js';
import { usePalette, type Palette } from './palette.js';
import { UPlotChart } from './UPlotChart.js';

export interface BarChartProps {
  title: string;
  /** What is counted, for the legend and the summary ("captures"). */
  unit: string;
  categories: string[];
  values: number[];
  color: keyof Palette;
  /** Vertical markers at categories (p50, p95 and p99 on a latency histogram). */
  marks?: { label: string; category: string }[];
  /** The heading of the category column in the data table. */
  categoryLabel: string;
}

const bars = uPlot.paths.bars!({ size: [0.7, 60] });

/** Counts by category (methods, statuses, attempts, latency buckets) as bars. */
export function BarChart({ title, unit, categories, values, color, marks = [], categoryLabel }: BarChartProps) {
  const palette = usePalette();
  const raw = useRef(values);
  raw.current = values;
  // Options are rebuilt when these change in value, not with every new array of them.
  const names = JSON.stringify(categories);
  const markKey = JSON.stringify(marks);

  const options = useCallback(
    (width: number): uPlot.Options => {
      const list = JSON.parse(names) as string[];
      const marked = JSON.parse(markKey) as { label: string; category: string }[];
      return {
        ...countChartFrame(width),
        scales: {
          x: { time: false, range: () => [-0.5, Math.max(list.length, 1) - 0.5] },
          y: countScale,
        },
        axes: [
          {
            stroke: palette.axis,
            grid: { show: false },
            ticks: { stroke: palette.grid },
            splits: () => list.map((_, index) => index),
            // Long names (hooks) are cut to their share of the width, so neighbours never overlap;
            // the legend, the tooltip and the table behind the chart show them whole.
            values: (_self, splits) => splits.map((index) => shortened(list[index] ?? '', labelRoom(width, list.length))),
          },
          countAxis(palette),
        ],
        series: [
          { label: categoryLabel, value: (_self, index) => (index == null ? '' : (list[index] ?? '')) },
          {
            label: unit,
            stroke: palette[color],
            fill: palette[color],
            paths: bars,
            points: { show: false },
            value: (_self, _value, _series, at) => (at === null ? '' : String(raw.current[at] ?? 0)),
          },
        ],
        plugins: marked.length > 0 ? [markers(marked, list, palette.mark)] : [],
      };
    },
    [palette, names, markKey, color, unit, categoryLabel],
  );

  // An empty category draws nothing (not even a hairline).
  const data = useMemo<uPlot.AlignedData>(() => [values.map((_, index) => index), values.map((count) => count || null)], [values]);
  const total = values.reduce((sum, count) => sum + count, 0);
  const parts = categories.flatMap((category, index) => (values[index] ? [`${category}: ${values[index]}`] : []));
  const summary = `${title}: ${total} ${unit}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}${marks.map((mark) => `; ${mark.label} ${mark.category}`).join('')}.`;
  return (
    <ChartFigure
      title={title}
      summary={summary}
      data={{ columns: [categoryLabel, unit], rows: categories.map((category, index) => [category, values[index]!]) }}
    >
      <UPlotChart options={options} data={data} />
    </ChartFigure>
  );
}

/** Characters a category label may take: its share of the plot (less the y axis), at about 7.5 px each, with a gap. */
function labelRoom(width: number, count: number): number {
  return Math.max(3, Math.floor((width - 60) / Math.max(count, 1) / 7.5) - 2);
}

function shortened(label: string, room: number): string {
  return label.length <= room ? label : `${label.slice(0, Math.max(1, room - 1))}…`;
}

/** Draws a dashed line and its label over the bar of each marked category. */
function markers(marks: { label: string; category: string }[], categories: string[], color: string): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (chart) => {
          const context = chart.ctx;
          context.save();
          context.strokeStyle = color;
          context.fillStyle = color;
          context.setLineDash([4, 3]);
          context.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
          context.textAlign = 'center';
          const top = chart.bbox.top;
          const bottom = top + chart.bbox.height;
          // Percentiles in one bucket share a line; their labels stack.
          const rows = new Map<number, number>();
          for (const { label, category } of marks) {
            const index = categories.indexOf(category);
            if (index === -1) continue;
            const x = chart.valToPos(index, 'x', true);
            const row = rows.get(index) ?? 0;
            rows.set(index, row + 1);
            context.beginPath();
            context.moveTo(x, top);
            context.lineTo(x, bottom);
            context.stroke();
            context.fillText(label, x, top + (row + 1) * 12 * devicePixelRatio);
          }
          context.restore();
        },
      ],
    },
  };
}
