import { useCallback, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import { ChartFigure } from './ChartFigure.js';
import { countAxis, countChartFrame, countScale } from './counts.js';
import { usePalette, type Palette } from './palette.js';
import { UPlotChart } from './UPlotChart.js';

export interface TimeSeries {
  label: string;
  values: number[];
  color: keyof Palette;
}

export interface TimeChartProps {
  title: string;
  /** Start of the first bucket (ISO) and the width of each. */
  from: string;
  bucketMs: number;
  series: TimeSeries[];
}

const bars = uPlot.paths.bars!({ size: [0.85, 40], align: 1 });

/**
 * Counts over time, one bucket per minute or hour, as bars; several series are stacked (each
 * drawn as the running total up to it, tallest first, so the ones below paint over it).
 */
export function TimeChart({ title, from, bucketMs, series }: TimeChartProps) {
  const palette = usePalette();
  const start = Date.parse(from);
  const byHour = bucketMs >= 3_600_000;
  // The legend shows each series' own count, not the stacked total it is drawn as.
  const raw = useRef(series);
  raw.current = series;
  // Options are rebuilt when the series' names or colours change, not with every new count.
  const look = JSON.stringify(series.map(({ label, color }) => ({ label, color })));

  const options = useCallback(
    (width: number): uPlot.Options => {
      const shown = (JSON.parse(look) as { label: string; color: keyof Palette }[]).map((one, index) => ({ ...one, index })).reverse();
      return {
        ...countChartFrame(width),
        scales: {
          x: { time: true, range: (self) => [self.data[0][0] ?? 0, (self.data[0].at(-1) ?? 0) + bucketMs / 1000] },
          y: countScale,
        },
        axes: [{ stroke: palette.axis, grid: { stroke: palette.grid, width: 1 }, ticks: { stroke: palette.grid } }, countAxis(palette)],
        series: [
          { label: byHour ? 'Hour' : 'Minute', value: (_self, seconds) => (seconds == null ? '' : clock(seconds * 1000)) },
          ...shown.map(({ label, color, index }) => ({
            label,
            stroke: palette[color],
            fill: palette[color],
            paths: bars,
            points: { show: false },
            value: (_self: uPlot, _value: number | null, _series: number, at: number | null) =>
              at === null ? '' : String(raw.current[index]?.values[at] ?? 0),
          })),
        ],
      };
    },
    [palette, look, byHour, bucketMs],
  );

  const data = useMemo<uPlot.AlignedData>(() => {
    const running = series[0]!.values.map(() => 0);
    const stacked = series.map((one) =>
      one.values.map((count, index) => {
        running[index]! += count;
        // An empty bucket draws nothing (not even a hairline).
        return running[index] || null;
      }),
    );
    return [series[0]!.values.map((_, index) => (start + index * bucketMs) / 1000), ...stacked.reverse()];
  }, [series, start, bucketMs]);

  const totals = series.map((one) => `${one.values.reduce((sum, count) => sum + count, 0)} ${one.label.toLowerCase()}`);
  const busiest = series[0]!.values.reduce((best, count, index, all) => (count > all[best]! ? index : best), 0);
  const peak = series[0]!.values[busiest] ?? 0;
  const summary = `${title}: ${totals.join(', ')}${peak > 0 ? `; most ${series[0]!.label.toLowerCase()} at ${clock(start + busiest * bucketMs)} (${peak})` : ''}.`;
  const table = {
    columns: [byHour ? 'Hour' : 'Minute', ...series.map((one) => one.label)],
    rows: series[0]!.values.map((_, index) => [clock(start + index * bucketMs), ...series.map((one) => one.values[index]!)]),
  };
  return (
    <ChartFigure title={title} summary={summary} data={table}>
      <UPlotChart options={options} data={data} />
    </ChartFigure>
  );
}

/** A bucket's start as hours and minutes (a day of hourly buckets never repeats one). */
function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
}
