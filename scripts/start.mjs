// npm start: the desktop app when Electron's binary is installed; otherwise the same UI, served
// by `hookbench serve` for any browser (and opened in one where that is possible). Extra
// arguments go to `serve`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { openerCommand, planStart, workbenchUrl } from './start-plan.mjs';

const require = createRequire(import.meta.url);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Electron's own index.js would try to download a missing binary, so look without loading it. */
function electronBinary() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function onPath(command) {
  if (process.platform !== 'linux') return true;
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

function build(script) {
  const result = spawnSync(npm, ['run', '--silent', script], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

/**
 * The token must never be on a command line (other users can read those), so the browser is
 * given a private file that redirects to the tokenised address, deleted a minute later.
 */
function openInBrowser(url) {
  const dir = mkdtempSync(join(tmpdir(), 'hookbench-open-'));
  const file = join(dir, 'open-hookbench.html');
  const escaped = url.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  writeFileSync(file, `<!doctype html><meta http-equiv="refresh" content="0;url=${escaped}"><title>Hookbench</title>`, { mode: 0o600 });
  const { command, args } = openerCommand(process.platform);
  const opener = spawn(command, [...args, file], { stdio: 'ignore', detached: true });
  opener.on('error', () => console.log('Could not open a browser: open the workbench address above yourself.'));
  opener.unref();
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  setTimeout(cleanup, 60_000).unref();
  process.on('exit', cleanup);
}

const plan = planStart({
  electronBinary: electronBinary(),
  platform: process.platform,
  env: process.env,
  hasOpener: onPath(openerCommand(process.platform).command),
});

if (plan.kind === 'electron') {
  build('build');
  forwardSignals(spawn(plan.binary, ['.'], { stdio: 'inherit' }));
} else {
  console.log(`${plan.reason}\nSo Hookbench runs headless and serves the same UI to your browser.\n`);
  build('build:ui');
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'serve', ...process.argv.slice(2)], {
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  let output = '';
  let opened = !plan.open;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (opened) return;
    output += chunk.toString();
    const url = workbenchUrl(output);
    if (url) {
      opened = true;
      openInBrowser(url);
    }
  });
  forwardSignals(child);
}
