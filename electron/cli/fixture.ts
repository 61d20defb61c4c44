import { writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import type { FixtureBundle } from '../core/fixtures/format.js';
import { ControlClient } from './client.js';
import { parse, serverTarget, UsageError, type ServerTarget } from './options.js';

export const FIXTURE_HELP = `Usage: hookbench fixture <captureId...> [--out FILE] [--vitest FILE] [--target URL]

Saves captured requests as a fixture file (JSON, raw bodies in base64) and, with --vitest,
a Vitest test that replays them byte-exact and checks each answer's status.
  --out FILE          write the fixture here (default: print it)
  --vitest FILE       write the replay test here; with --out it reads that file, else it
                      holds the fixture inline
  --target URL        where the test replays by default (default: the capture's inbox);
                      HOOKBENCH_TARGET_URL overrides it when the test runs
  --server URL, --data-dir DIR   the running Hookbench, as for "fire"`;

export interface FixtureCommand {
  captureIds: string[];
  out: string | undefined;
  vitest: string | undefined;
  target: string | undefined;
  server: ServerTarget;
}

const fixtureFlags = {
  server: { type: 'string' },
  'data-dir': { type: 'string' },
  out: { type: 'string' },
  vitest: { type: 'string' },
  target: { type: 'string' },
} as const;

/** `hookbench fixture ...` arguments; undefined for --help. */
export function parseFixture(args: string[], env: NodeJS.ProcessEnv): FixtureCommand | undefined {
  const { values, positionals } = parse(args, fixtureFlags);
  if (values.help) return undefined;
  if (positionals.length === 0)
    throw new UsageError('fixture takes one or more capture ids (the "id" of GET /api/inboxes/<id>/requests items, e.g. req_...).');
  return { captureIds: positionals, out: values.out, vitest: values.vitest, target: values.target, server: serverTarget(values, env) };
}

export async function runFixture(command: FixtureCommand): Promise<number> {
  const client = await ControlClient.connect(command.server);
  try {
    const fixturePath = command.out && command.vitest ? importPath(command.vitest, command.out) : undefined;
    const bundle = await client.request<FixtureBundle>('POST', '/api/fixtures', {
      captureIds: command.captureIds,
      ...(command.target ? { targetUrl: command.target } : {}),
      ...(fixturePath ? { fixturePath } : {}),
    });
    const json = `${JSON.stringify(bundle.fixture, null, 2)}\n`;
    if (command.out) await writeFile(command.out, json);
    else process.stdout.write(json);
    if (command.vitest) await writeFile(command.vitest, bundle.vitest);
    const written = [command.out, command.vitest].filter(Boolean).join(' and ');
    if (written) console.error(`Saved ${bundle.fixture.requests.length} request(s) to ${written}.`);
    return 0;
  } finally {
    await client.close();
  }
}

/** The fixture's path as the test file's `new URL(..., import.meta.url)` needs it. */
function importPath(testFile: string, fixtureFile: string): string {
  const path = relative(dirname(resolve(testFile)), resolve(fixtureFile))
    .split(sep)
    .join('/');
  return path.startsWith('.') ? path : `./${path}`;
}
