import { cpus, totalmem } from 'node:os';

/** One figure of the benchmark report: what Hookbench did, against its same-run baseline or its target. */
export interface Figure {
  measure: string;
  /** Hookbench's figure, as printed. */
  value: string;
  /** The baseline measured in the same run, when the measure has one. */
  baseline?: string;
  /** Hookbench over the baseline, or for a budget (lower is better) the figure over the budget. */
  ratio?: number;
  ratioOf?: 'baseline' | 'budget';
  target: string;
  /** Undefined when the figure is reported, not judged. */
  met?: boolean;
}

/** A figure judged against a budget with no baseline (e.g. "< 1000 ms"). */
export function budget(measure: string, value: number, unit: string, limit: number, detail = ''): Figure {
  return {
    measure,
    value: `${value.toFixed(value < 100 ? 1 : 0)} ${unit}${detail ? ` (${detail})` : ''}`,
    ratio: value / limit,
    ratioOf: 'budget',
    target: `< ${limit} ${unit}`,
    met: value < limit,
  };
}

export function machine(): string {
  return `${cpus().length} x ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}, ${process.platform}`;
}

/** The closing table of `npm run bench`, in Markdown so it goes into the README as printed. */
export function summaryTable(figures: Figure[], date = new Date()): string {
  const lines = [
    `Benchmark summary, ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine()}`,
    '',
    '| measure | Hookbench | baseline (same run) | ratio | target | met |',
    '|---|---|---|---|---|---|',
  ];
  for (const figure of figures) {
    const ratio = figure.ratio === undefined ? '' : `${figure.ratio.toFixed(2)}${figure.ratioOf === 'budget' ? ' of budget' : ''}`;
    const met = figure.met === undefined ? '' : figure.met ? 'yes' : '**no**';
    lines.push(`| ${figure.measure} | ${figure.value} | ${figure.baseline ?? ''} | ${ratio} | ${figure.target} | ${met} |`);
  }
  return lines.join('\n');
}
