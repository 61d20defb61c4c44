import { expect, test } from 'vitest';
import { formatSample, runSoak, SAMPLE_HEADER } from './soak-run.js';

// The soak of `npm run soak`, shortened: the same load and checks over ~20 s, loose bounds.
// It asserts flatness and the drain, never speed (the event-loop delay is reported, not judged).
test('under steady load and a flapping target, memory, fds and listeners stay flat and the retry queue drains', async () => {
  const report = await runSoak({
    flapMs: 18_000,
    warmupMs: 4_000,
    sampleMs: 1_000,
    captureRate: 100,
    eventRate: 4,
    hooks: 3,
    phaseMs: 2_000,
    drainLimitMs: 45_000,
    bounds: { rssGrowth: 0.5, fdGrowth: 0.5, fdSlack: 20 },
  });
  const table = [
    SAMPLE_HEADER,
    ...report.samples.map(formatSample),
    ...report.checks.map((c) => `${c.pass ? 'pass' : 'FAIL'} ${c.name}: ${c.detail}`),
  ];
  expect(
    report.checks.filter((check) => !check.pass),
    table.join('\n'),
  ).toEqual([]);
}, 90_000);
