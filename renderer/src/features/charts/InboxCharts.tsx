import { useEffect } from 'react';
import { BarChart } from '../../components/charts/BarChart.js';
import { TimeChart } from '../../components/charts/TimeChart.js';
import { useStore } from '../../store/index.js';
import { RangeSwitch, rangeWords } from './RangeSwitch.js';
import { byCount, ChartsState } from './ChartsState.js';

/** One inbox's traffic: captures over time, by method and by the status answered. Live. */
export function InboxCharts({ inboxId }: { inboxId: string }) {
  const stats = useStore((state) => (state.statsInboxId === inboxId ? state.inboxStats : null));
  const range = useStore((state) => state.statsRange);
  const error = useStore((state) => state.statsError);
  useEffect(() => {
    const { watchInboxStats } = useStore.getState();
    watchInboxStats(inboxId);
    return () => watchInboxStats(null);
  }, [inboxId]);

  const methods = byCount(stats?.methods ?? {});
  const statuses = Object.entries(stats?.statuses ?? {}).sort(([a], [b]) => Number(a) - Number(b));
  return (
    <section className="charts" aria-label="Inbox charts">
      <div className="row">
        <RangeSwitch />
        <span className="spacer" />
        {stats && (
          <span className="muted" aria-live="polite">
            {stats.total} captured
          </span>
        )}
      </div>
      <ChartsState loaded={stats !== null} error={error} empty={stats?.total === 0} what="requests">
        {stats && (
          <>
            <TimeChart
              title={`Captures ${rangeWords(range)}`}
              from={stats.from}
              bucketMs={stats.bucketMs}
              series={[{ label: 'Captures', values: stats.captures, color: 'captures' }]}
            />
            <div className="chart-pair">
              <BarChart
                title="By method"
                unit="captures"
                categoryLabel="Method"
                categories={methods.map(([method]) => method)}
                values={methods.map(([, count]) => count)}
                color="captures"
              />
              <BarChart
                title="By status answered"
                unit="captures"
                categoryLabel="Status"
                categories={statuses.map(([status]) => status)}
                values={statuses.map(([, count]) => count)}
                color="retrying"
              />
            </div>
          </>
        )}
      </ChartsState>
    </section>
  );
}
