/**
 * npm run crash [-- --rounds N --seed S]: the long crash suite. SIGKILLs `hookbench serve` at
 * seeded random moments under mixed capture and dispatch load, restarts it on the same data
 * folder each time, and prints a pass/fail summary with figures. Exit code 1 on any failure.
 */
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { tempDir } from '../helpers/core.js';
import { runCrashRounds } from './crash-harness.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '20' }, seed: { type: 'string' }, keep: { type: 'boolean', default: false } },
});
const rounds = Number(values.rounds);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(seed)) throw new Error('--rounds and --seed take whole numbers');

const dataDir = await tempDir();
console.log(`crash suite: ${rounds} rounds, seed ${seed} (replay with --seed ${seed}), data folder ${dataDir}`);
const started = Date.now();
const report = await runCrashRounds({ dataDir, rounds, seed, log: (line) => console.log(line) });
const restarts = report.rounds.map((round) => round.restartMs).sort((a, b) => a - b);
const settles = report.rounds.map((round) => round.settleMs).sort((a, b) => a - b);
const median = (values: number[]) => values[Math.floor(values.length / 2)] ?? 0;

console.log('');
console.log(
  `rounds:                 ${report.rounds.length} SIGKILLs, kill moments ${report.rounds.map((round) => round.killAfterMs).join(', ')} ms`,
);
console.log(
  `captures acknowledged:  ${report.capturesAcknowledged} (refused ${report.rounds.reduce((sum, round) => sum + round.capturesRefused, 0)})`,
);
console.log(
  `deliveries acknowledged: ${report.deliveriesAcknowledged}: ${report.deliveriesSucceeded} succeeded, ${report.deliveriesFailed} failed after their attempts`,
);
console.log(`torn-tail repairs:      ${report.tornTailRepairs}`);
console.log(`interrupted bodies:     ${report.unfinishedBodies} (large bodies cut by a kill, removed at the restart)`);
console.log(`restart:                median ${median(restarts)} ms, max ${restarts.at(-1) ?? 0} ms`);
console.log(`deliveries settled:     median ${median(settles)} ms after restart, max ${settles.at(-1) ?? 0} ms`);
console.log(`total time:             ${Math.round((Date.now() - started) / 1000)} s`);
if (report.failures.length === 0) {
  console.log('RESULT: PASS (zero acknowledged captures lost, zero deliveries lost or stuck, every store opened)');
  if (!values.keep) await rm(dataDir, { recursive: true, force: true });
} else {
  console.log(`RESULT: FAIL (${report.failures.length} problems; data folder kept at ${dataDir})`);
  for (const failure of report.failures.slice(0, 50)) console.log(`  ${failure}`);
  process.exitCode = 1;
}
