/**
 * npm run soak: SOAK_MINUTES (default 10) of steady captures and dispatch to a flapping
 * target against `hookbench serve`, then recovery. Prints a sample table and a PASS/FAIL
 * verdict; exits 1 on FAIL.
 */
import { cpus, totalmem } from 'node:os';
import { runSoak, SAMPLE_HEADER } from './soak-run.js';

const minutes = Number(process.env['SOAK_MINUTES'] ?? 10);
if (!(minutes > 0 && minutes <= 24 * 60)) throw new Error(`SOAK_MINUTES must be between 0 and 1440, not "${process.env['SOAK_MINUTES']}".`);

console.log(
  `soak: ${minutes} min on ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}`,
);
console.log('200 captures/s, 5 events/s to 4 hooks; the target cycles 500s / hangs past the 1 s hook timeout / 200s, 5 s each\n');
console.log(SAMPLE_HEADER);
const report = await runSoak({
  flapMs: minutes * 60_000,
  warmupMs: 30_000,
  sampleMs: 5_000,
  captureRate: 200,
  eventRate: 5,
  hooks: 4,
  phaseMs: 5_000,
  drainLimitMs: 60_000,
  bounds: { rssGrowth: 0.2, fdGrowth: 0.2, fdSlack: 10, eventLoopP99Ms: 200 },
  log: (line) => console.log(line),
});

const { totals } = report;
console.log(`\ncaptures ${totals.captures} (${totals.captureFailures} failed), events ${totals.events} (${totals.eventFailures} failed)`);
console.log(`target answered: ${totals.sink.error} x 500, ${totals.sink.hang} hung, ${totals.sink.ok} x 200\n`);
for (const check of report.checks) console.log(`${check.pass ? 'pass' : 'FAIL'}  ${check.name}: ${check.detail}`);
console.log(`\n${report.pass ? 'PASS' : 'FAIL'}`);
process.exitCode = report.pass ? 0 : 1;
