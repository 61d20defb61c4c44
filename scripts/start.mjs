// npm start: the desktop app when Electron's binary is installed; otherwise the same UI,
// served by `hookbench serve` for any browser. Extra arguments go to `serve`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

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

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const binary = electronBinary();
if (binary) {
  const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  run(binary, ['.']);
} else {
  console.log("Electron's binary is not installed here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?),");
  console.log('so Hookbench runs headless: open the workbench address below in your browser.\n');
  run(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'serve', ...process.argv.slice(2)]);
}
