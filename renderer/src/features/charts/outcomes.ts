import type { OutcomeSeries } from '../../../../electron/shared/stats.js';
import type { TimeSeries } from '../../components/charts/TimeChart.js';

/** Deliveries over time as the charts draw them: one line per outcome, in the outcome's color. */
export function outcomeLines(outcomes: OutcomeSeries): TimeSeries[] {
  return [
    { label: 'Succeeded', values: outcomes.succeeded, color: 'succeeded' },
    { label: 'Failed', values: outcomes.failed, color: 'failed' },
    { label: 'Retrying', values: outcomes.retrying, color: 'retrying' },
  ];
}
