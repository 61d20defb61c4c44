import { useEffect } from 'react';
import type { LatencyStats } from '../../../../electron/shared/stats.js';
import { BarChart } from '../../components/charts/BarChart.js';
import { TimeChart } from '../../components/charts/TimeChart.js';
import { useStore } from '../../store/index.js';
import { ChartsState } from './ChartsState.js';
import { RangeSwitch, rangeWords } from './RangeSwitch.js';
import { outcomeLines } from './outcomes.js';

/** One hook's deliveries: outcomes over time, latency (p50, p95, p99) and attempts per delivery. Live. */
export function HookCharts({ hookId }: { hookId: string }) {
  const stats = useStore((state) => (state.statsHookId === hookId ? state.hookStats : null));
  const range = useStore((state) => state.statsRange);
  const error = useStore((state) => state.statsError);
  useEffect(() => {
    const { watchHookStats } = useStore.getState();
    watchHookStats(hookId);
    return () => watchHookStats(null);
  }, [hookId]);

  const latency = stats ? latencyBars(stats.latency) : { categories: [], values: [], marks: [] };
  return (
    <section className="charts" aria-label="Hook charts">
      <div className="row">
        <h3>Deliveries</h3>
        <RangeSwitch />
        <span className="spacer" />
        {stats && (
          <span className="muted" aria-live="polite">
            {stats.total} deliveries, {stats.latency.count} attempts
          </span>
        )}
      </div>
      <ChartsState loaded={stats !== null} error={error} empty={stats?.total === 0} what="deliveries">
        {stats && (
          <>
            <TimeChart
              title={`Deliveries ${rangeWords(range)}, by outcome`}
              from={stats.from}
              bucketMs={stats.bucketMs}
              series={outcomeLines(stats.outcomes)}
            />
            <div className="chart-pair">
              <BarChart
                title="Attempt latency"
                unit="attempts"
                categoryLabel="Took at most"
                categories={latency.categories}
                values={latency.values}
                marks={latency.marks}
                color="captures"
              />
              <BarChart
                title="Attempts per delivery"
                unit="deliveries"
                categoryLabel="Attempts"
                categories={stats.attemptsPerDelivery.map(({ attempts }) => String(attempts))}
                values={stats.attemptsPerDelivery.map(({ count }) => count)}
                color="retrying"
              />
            </div>
          </>
        )}
      </ChartsState>
    </section>
  );
}

/** The histogram from its first to its last non-empty bucket, each labelled by its upper edge, with the percentiles marked. */
function latencyBars({ histogram, p50, p95, p99 }: LatencyStats) {
  const used = histogram.flatMap((bucket, index) => (bucket.count > 0 ? [index] : []));
  const shown = used.length > 0 ? histogram.slice(used[0], used.at(-1)! + 1) : [];
  const label = (ms: number) => (ms >= 1000 ? `≤${ms / 1000} s` : `≤${ms} ms`);
  const marks = (
    [
      ['p50', p50],
      ['p95', p95],
      ['p99', p99],
    ] as const
  ).flatMap(([name, value]) => (value === null ? [] : [{ label: name, category: label(value) }]));
  return { categories: shown.map((bucket) => label(bucket.le)), values: shown.map((bucket) => bucket.count), marks };
}
