import type uPlot from 'uplot';
import type { Palette } from './palette.js';

const CHART_HEIGHT = 180;

/** Whole counts only on a count axis: 1, 2, 5, 10... apart. */
const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1e6];

/** What every count chart has: its size, a live legend, no drag-to-zoom. */
export function countChartFrame(width: number): Pick<uPlot.Options, 'width' | 'height' | 'legend' | 'cursor'> {
  return { width, height: CHART_HEIGHT, legend: { show: true, live: true }, cursor: { drag: { x: false, y: false } } };
}

/** A count scale: from 0, and at least to 1 so an empty chart still has an axis. */
export const countScale: uPlot.Scale = { range: (_self, _min, max) => [0, Math.max(1, max)] };

/** The y axis of counts, with whole steps. */
export function countAxis(palette: Palette): uPlot.Axis {
  return { stroke: palette.axis, grid: { stroke: palette.grid, width: 1 }, ticks: { stroke: palette.grid }, incrs: COUNT_STEPS, size: 44 };
}
