import { useEffect } from 'react';
import { BarChart } from '../../components/charts/BarChart.js';
import { TimeChart } from '../../components/charts/TimeChart.js';
import { useStore } from '../../store/index.js';
import { ChartsState } from './ChartsState.js';
import { RangeSwitch, rangeWords } from './RangeSwitch.js';
import { outcomeLines } from './outcomes.js';

/** All traffic at a glance: captures of every inbox and deliveries of every hook. Live. */
export function OverviewView() {
  const stats = useStore((state) => state.overviewStats);
  const range = useStore((state) => state.statsRange);
  const error = useStore((state) => state.statsError);
  useEffect(() => {
    const { watchOverviewStats } = useStore.getState();
    watchOverviewStats(true);
    return () => watchOverviewStats(false);
  }, []);

  const captured = stats?.inboxes.reduce((sum, inbox) => sum + inbox.total, 0) ?? 0;
  const delivered = stats?.hooks.reduce((sum, hook) => sum + hook.total, 0) ?? 0;
  return (
    <div className="view overview">
      <div className="row">
        <h2>Overview</h2>
        <RangeSwitch />
        <span className="spacer" />
        {stats && (
          <span className="muted" aria-live="polite">
            {captured} captured, {delivered} deliveries
          </span>
        )}
      </div>
      <ChartsState loaded={stats !== null} error={error} empty={captured + delivered === 0} what="requests or deliveries">
        {stats && (
          <div className="chart-grid">
            <TimeChart
              title={`Captures ${rangeWords(range)}, all inboxes`}
              from={stats.from}
              bucketMs={stats.bucketMs}
              series={[{ label: 'Captures', values: stats.captures, color: 'captures' }]}
            />
            <TimeChart
              title={`Deliveries ${rangeWords(range)}, all hooks`}
              from={stats.from}
              bucketMs={stats.bucketMs}
              series={outcomeLines(stats.deliveries)}
            />
            <BarChart
              title="Captures per inbox"
              unit="captures"
              categoryLabel="Inbox"
              categories={stats.inboxes.map((inbox) => inbox.name)}
              values={stats.inboxes.map((inbox) => inbox.total)}
              color="captures"
            />
            <BarChart
              title="Failed deliveries per hook"
              unit="failed"
              categoryLabel="Hook"
              categories={stats.hooks.map((hook) => hook.name)}
              values={stats.hooks.map((hook) => hook.failed)}
              color="failed"
            />
            <BarChart
              title="Succeeded deliveries per hook"
              unit="succeeded"
              categoryLabel="Hook"
              categories={stats.hooks.map((hook) => hook.name)}
              values={stats.hooks.map((hook) => hook.succeeded)}
              color="succeeded"
            />
          </div>
        )}
      </ChartsState>
    </div>
  );
}
