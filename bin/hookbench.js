#!/usr/bin/env node
// The installed `hookbench` command runs the compiled CLI (npm run build makes it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/electron/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('hookbench: not built yet. Run "npm run build" first (or use "npm run serve --" from the source tree).');
  process.exit(1);
}
await import(cli);
