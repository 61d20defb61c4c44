import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONTROL_PORT, DEFAULT_INGRESS_PORT, defaultDispatch, type CoreOptions } from '../core/index.js';
import { defaultIngressLimits } from '../core/server/ingress/limits.js';

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
  --no-fsync          acknowledge captures once written, without waiting for fsync
                      (faster; survives a crash of Hookbench but not a power cut)
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
        'no-fsync': { type: 'boolean' },
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
      durable: !values['no-fsync'],
      token: env['HOOKBENCH_TOKEN'] || undefined,
      limits: { bodyLimit: values['body-limit'] ? parseSize(values['body-limit']) : defaultIngressLimits.bodyLimit },
      dispatch: {
        concurrency: parseCount(values.concurrency, '--concurrency', defaultDispatch.concurrency),
        connectionsPerOrigin: parseCount(values['per-origin'], '--per-origin', defaultDispatch.connectionsPerOrigin),
      },
    },
  };
}

function parseCount(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 1024)
    throw new UsageError(`${flag} takes a whole number from 1 to 1024, not "${value}".`);
  return count;
}

function parsePort(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`${flag} takes a port number from 0 to 65535, not "${value}".`);
  return port;
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
