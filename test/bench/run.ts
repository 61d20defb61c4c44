/**
 * npm run bench [-- capture|dispatch]: measures Hookbench against baselines in one run on this
 * machine and prints ratios (absolute figures swing with this shared machine's load; ratios
 * taken pair by pair much less).
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { benchCapture } from './capture.js';
import { benchDispatch } from './dispatch.js';
import { benchUi } from './ui.js';

const sections: Record<string, () => Promise<void>> = { capture: benchCapture, dispatch: benchDispatch, ui: benchUi };
const chosen = process.argv.slice(2);
for (const name of chosen) if (!sections[name]) throw new Error(`No benchmark "${name}"; choose from ${Object.keys(sections).join(', ')}.`);

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('build failed');
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}`);
for (const [name, run] of Object.entries(sections)) if (chosen.length === 0 || chosen.includes(name)) await run();
