// npm run scan:electron: Electronegativity's static security scan of electron/, offline. Fails on
// any finding that is not annotated in the code (`/* eng-disable CHECK_ID */` on the line, with
// a comment saying why it is safe) and on any file it could not parse (an unscanned file).
import { cpSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** Checks a source scan cannot decide or that only inform, each reviewed by hand (by construct name, as the API wants). */
const REVIEWED_CHECKS = {
  // CSP_GLOBAL_CHECK. The CSP is an HTTP response header of the control listener (electron/core/server/control/ui.ts,
  // csp()), which no source scan sees; the window loads only that origin (electron/main/guards.ts).
  CSPGlobalCheck: 'CSP sent as a response header by the core',
  // AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK. Needs GitHub's release list (network). Electron is pinned to the newest release of a
  // supported major in package.json; bump it with the rest of the dependencies.
  AvailableSecurityFixesGlobalCheck: 'needs the network; Electron pinned by hand',
  // ELECTRON_VERSION_JSON_CHECK only reports which Electron package.json names (informational).
  ElectronVersionJSONCheck: 'informational: the Electron version',
};

/**
 * Electronegativity fetches translations at start (and releases for the check above) with `got`.
 * Offline, those look-ups answer "not found" at once instead of trying the network.
 */
function keepOffline(electronegativityMain) {
  const gotPath = createRequire(electronegativityMain).resolve('got');
  const offline = () => Promise.resolve({ statusCode: 404, body: '' });
  offline.default = offline;
  const stub = new Module(gotPath);
  stub.filename = gotPath;
  stub.loaded = true;
  stub.exports = Object.assign(offline, { __esModule: true });
  require.cache[gotPath] = stub;
}

/** It reads .ts but not .cts/.mts, so it scans a copy where those are .ts, and reports original names. */
function stage(source) {
  const dir = mkdtempSync(join(tmpdir(), 'hookbench-scan-'));
  cpSync(source, join(dir, 'electron'), { recursive: true });
  const renamed = new Map();
  const walk = (folder) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.[cm]ts$/.test(name)) {
        const staged = path.replace(/\.[cm]ts$/, '.ts');
        renameSync(path, staged);
        renamed.set(relative(dir, staged), relative(dir, path));
      }
    }
  };
  walk(join(dir, 'electron'));
  // The Electron version decides which defaults are safe; it comes from our package.json.
  const { devDependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'hookbench-scan', devDependencies: { electron: devDependencies.electron } }),
  );
  return { dir, original: (file) => renamed.get(file) ?? file };
}

const main = require.resolve('@doyensec/electronegativity');
keepOffline(main);
const run = require(main);
// Another folder can be given to try the scan itself: node scripts/scan-electron.mjs some/dir
const { dir, original } = stage(process.argv[2] ?? join(root, 'electron'));
try {
  const result = await run({
    input: dir,
    isRelative: true,
    excludeFromScan: Object.keys(REVIEWED_CHECKS),
  });
  const unparsed = result.errors.filter((error) => !error.tolerable);
  for (const error of unparsed) console.error(`scan:electron: could not parse ${original(relative(dir, error.file))}: ${error.message}`);
  for (const issue of result.issues) {
    const file = issue.file === 'N/A' ? 'global' : original(relative(dir, join(dir, issue.file)));
    console.error(`scan:electron: ${issue.id} at ${file}:${issue.location.line}:${issue.location.column} — ${issue.description}`);
    if (issue.sample) console.error(`    ${String(issue.sample).split('\n')[0]}`);
  }
  const checks = result.globalChecks + result.atomicChecks;
  if (result.issues.length > 0 || unparsed.length > 0) {
    console.error(
      `scan:electron: ${result.issues.length} finding(s), ${unparsed.length} unparsed file(s). Fix each, or review it and annotate the line with /* eng-disable CHECK_ID */ and a comment saying why it is safe.`,
    );
    process.exitCode = 1;
  } else {
    console.log(`scan:electron: ${checks} Electronegativity checks, no unreviewed findings.`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
