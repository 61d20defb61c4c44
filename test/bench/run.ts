/**
 * npm run bench [-- capture|dispatch]: measures Hookbench against baselines in one run on this
 * machine and prints ratios (absolute figures swing with this shared machine's load; ratios
 * taken pair by pair much less).
 */
import { spawnSync } from 'node:child_process';
import { benchCapture } from './capture.js';
import { benchDispatch } from './dispatch.js';
import { machine, summaryTable, type Figure } from './summary.js';
import { benchUi } from './ui.js';

const sections: Record<string, () => Promise<Figure[]>> = { capture: benchCapture, dispatch: benchDispatch, ui: benchUi };
const chosen = process.argv.slice(2);
for (const name of chosen) if (!sections[name]) throw new Error(`No benchmark "${name}"; choose from ${Object.keys(sections).join(', ')}.`);

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('build failed');
console.log(`machine: ${machine()}`);
const figures: Figure[] = [];
for (const [name, run] of Object.entries(sections)) if (chosen.length === 0 || chosen.includes(name)) figures.push(...(await run()));
// Every figure once more, in one table (Markdown, for the README's Performance section).
console.log(`\n${summaryTable(figures)}`);
const missed = figures.filter((figure) => figure.met === false).length;
console.log(`\n${figures.length} figures, ${missed === 0 ? 'every target met' : `${missed} target(s) not met`}.`);
