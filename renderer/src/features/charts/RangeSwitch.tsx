import type { StatsRange } from '../../../../electron/shared/stats.js';
import { useStore } from '../../store/index.js';

const CHOICES: { range: StatsRange; label: string }[] = [
  { range: 'hour', label: 'Last hour, by minute' },
  { range: 'day', label: 'Last day, by hour' },
];

/** Which window every chart shows. */
export function RangeSwitch() {
  const range = useStore((state) => state.statsRange);
  const setRange = useStore((state) => state.setStatsRange);
  return (
    <div className="range-switch" role="radiogroup" aria-label="Chart range">
      {CHOICES.map((choice) => (
        <label key={choice.range}>
          <input type="radio" name="chart-range" checked={range === choice.range} onChange={() => setRange(choice.range)} />
          {choice.label}
        </label>
      ))}
    </div>
  );
}

export const rangeWords = (range: StatsRange) => (range === 'hour' ? 'per minute, last hour' : 'per hour, last day');
