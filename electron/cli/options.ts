import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONTROL_PORT, DEFAULT_INGRESS_PORT, defaultDispatch, type CoreOptions } from '../core/index.js';
import { defaultIngressLimits } from '../core/server/ingress/limits.js';
import { SYNC_MODES, type SyncMode } from '../core/store/files.js';

export const HELP = `Usage: hookbench serve [options]

Runs Hookbench headless: the control API and web UI on 127.0.0.1, and the ingress
(capture endpoints at /in/<slug>) where webhooks are sent.

Options:
  --data-dir DIR      where Hookbench keeps its data
                      (default: ${defaultDataDir()})
  --port N            control API and web UI port, always on 127.0.0.1
                      (default ${DEFAULT_CONTROL_PORT}; 0 picks a free port)
  --ingress-port N    capture port (default ${DEFAULT_INGRESS_PORT}; 0 picks a free port)
  --host ADDR         ingress bind address (default 127.0.0.1; 0.0.0.0 exposes the
                      capture endpoints, never the control API, to your network)
  --body-limit SIZE   largest body captured, e.g. 25mb, 512kb, 1048576 (default 25mb);
                      larger requests are answered 413 and kept truncated
  --sync MODE         when stored captures and deliveries reach the disk:
                        interval  (default) acknowledged once written, which survives
                                  any crash of Hookbench; fsynced within a second, so a
                                  power cut loses at most the last second
                        always    fsynced before every acknowledgement (survives a
                                  power cut; slower)
                        never     left to the operating system
  --concurrency N     delivery attempts under way at once (default ${defaultDispatch.concurrency})
  --per-origin N      connections to any one receiving origin (default ${defaultDispatch.connectionsPerOrigin})
  -h, --help          show this help
  -v, --version       show the version

Environment:
  HOOKBENCH_TOKEN     the control API token (at least 24 characters). Without it a
                      token is generated once and kept in <data-dir>/token (mode 0600).

Stop with Ctrl-C (or SIGTERM): captures are flushed to disk before it exits.`;

export class UsageError extends Error {}

export type Command = { kind: 'help' } | { kind: 'version' } | { kind: 'serve'; options: CoreOptions };

export function parseCommand(argv: string[], env: NodeJS.ProcessEnv): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        'ingress-port': { type: 'string' },
        host: { type: 'string' },
        'body-limit': { type: 'string' },
        sync: { type: 'string' },
        concurrency: { type: 'string' },
        'per-origin': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command = 'serve', ...rest] = positionals;
  if (command !== 'serve' || rest.length > 0) throw new UsageError(`Unknown command "${positionals.join(' ')}".`);
  return {
    kind: 'serve',
    options: {
      dataDir: values['data-dir'] ?? defaultDataDir(),
      controlPort: parsePort(values.port, '--port', DEFAULT_CONTROL_PORT),
      ingressPort: parsePort(values['ingress-port'], '--ingress-port', DEFAULT_INGRESS_PORT),
      ingressHost: values.host ?? '127.0.0.1',
      sync: parseSync(values.sync),
      token: env['HOOKBENCH_TOKEN'] || undefined,
      limits: { bodyLimit: values['body-limit'] ? parseSize(values['body-limit']) : defaultIngressLimits.bodyLimit },
      dispatch: {
        concurrency: parseCount(values.concurrency, '--concurrency', defaultDispatch.concurrency),
        connectionsPerOrigin: parseCount(values['per-origin'], '--per-origin', defaultDispatch.connectionsPerOrigin),
      },
    },
  };
}

function parseWhole(value: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, not "${value}".`);
  }
  return number;
}

const parsePort = (value: string | undefined, flag: string, fallback: number) => parseWhole(value, flag, fallback, 0, 65535);
const parseCount = (value: string | undefined, flag: string, fallback: number) => parseWhole(value, flag, fallback, 1, 1024);

function parseSync(value: string | undefined): SyncMode {
  if (value === undefined) return 'interval';
  if (!(SYNC_MODES as readonly string[]).includes(value)) throw new UsageError(`--sync takes always, interval or never, not "${value}".`);
  return value as SyncMode;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

export function parseSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = UNITS[match?.[2]?.toLowerCase() ?? 'x'];
  if (!match || unit === undefined) throw new UsageError(`--body-limit takes a size like 25mb, 512kb or 1048576, not "${value}".`);
  const bytes = Math.floor(Number(match[1]) * unit);
  if (bytes < 1) throw new UsageError('--body-limit must be at least 1 byte.');
  return bytes;
}

/** The per-user app-data folder, the same one the desktop app uses (Electron's userData). */
export function defaultDataDir(): string {
  const home = homedir();
  if (process.platform === 'win32') return join(process.env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Hookbench');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Hookbench');
  return join(process.env['XDG_CONFIG_HOME'] ?? join(home, '.config'), 'Hookbench');
}
