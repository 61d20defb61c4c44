import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_CONTROL_PORT, DEFAULT_INGRESS_PORT, defaultDispatch, type CoreOptions } from '../core/index.js';
import { defaultIngressLimits } from '../core/server/ingress/limits.js';
import { SYNC_MODES, type SyncMode } from '../core/store/files.js';

export const HELP = `Usage: hookbench [serve] [options]
       hookbench providers [--server URL] [--json]
       hookbench fire <provider> <type> [options]
       hookbench workspace export [--secrets] [--out FILE] | import FILE [--replace]
       hookbench fixture <captureId...> [--out FILE] [--vitest FILE]  (see fixture --help)
       hookbench import-asyncapi FILE [--id ID] [--name NAME]  (see import-asyncapi --help)
       hookbench scenarios | scenario <id> [--to URL]  (see scenario --help)

serve: runs Hookbench headless: the control API and web UI on 127.0.0.1, and the
ingress (capture endpoints at /in/<slug>, emulated provider APIs at /p/<provider>).

Options (serve):
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
  --concurrency N     delivery attempts on the network at once (default ${defaultDispatch.concurrency})
  --per-origin N      attempts at once to any one receiving origin, one connection each
                      (default ${defaultDispatch.connectionsPerOrigin}); the rest wait their turn, not on its connections
  --workspace FILE    start from a workspace file (see "workspace export"): its inboxes,
                      hooks, event types and imported providers are created or updated
                      before captures are taken; nothing else is removed. A bad file
                      stops serve (exit 1).

providers: lists every provider's event types (with a running server, the user's own
generic types too; without one, the built-in catalogs).

fire: fires an event of a provider's catalog, e.g. "hookbench fire khan ClanCreated".
Against a running server, it goes to every subscribed hook (or --to URL) and is stored
like any event; with --to and no server, it is sent straight from this process.
Prints each delivery's status and time; exits 1 if any delivery failed.
  --to URL            send to this URL only (an ad-hoc delivery)
  --payload FILE      the payload as JSON, from FILE or - for stdin (default: a fresh
                      sample for every event and hook)
  --no-validate       send a payload even if it does not match the event type's schema
  --count N           how many events to fire (default 1)
  --rate R            events per second (default: one after another, as fast as they go)
  --secret SECRET     with --to and no server: sign with this secret (generic hooks)
  --standalone        with --to: never use a server, even if one is running
  --workspace FILE    with --standalone: also know FILE's own providers (imported from
                      AsyncAPI) and generic event types (see "workspace export")

workspace: saves or applies a running server's whole setup as one JSON file.
  export              writes inboxes, hooks, the user's generic event types and the
                      providers imported from AsyncAPI
    --secrets         include hook secrets, inbox secrets (the HMAC keys inbox answers
                      sign with) and emulator tokens (keep that file private)
    --out FILE        write to FILE instead of standard output
  import FILE         makes the server match FILE (inboxes by slug, hooks by key); the
                      whole file is checked first, so a bad one changes nothing
    --replace         also remove the inboxes, hooks, event types and imported
                      providers FILE does not have

Options (providers, fire, workspace):
  --server URL        the running Hookbench (default: $HOOKBENCH_URL, else
                      http://127.0.0.1:${DEFAULT_CONTROL_PORT})
  --data-dir DIR      where to read the server's token when HOOKBENCH_TOKEN is not set
  --json              machine-readable output

  -h, --help          show this help
  -v, --version       show the version

Environment:
  HOOKBENCH_TOKEN     the control API token (at least 24 characters). Without it, serve
                      generates one once and keeps it in <data-dir>/token (mode 0600),
                      where providers and fire read it.
  HOOKBENCH_URL       the control URL providers, fire and workspace talk to (the library
                      and the examples read it too; HOOKBENCH_SERVER is still read).

Stop serve with Ctrl-C (or SIGTERM): captures are flushed to disk before it exits.`;

export class UsageError extends Error {}

/** `--version` (`-v`) after any command: it answers alone, whatever else the command needs. */
export class VersionRequested extends Error {}

/** Where a client command finds the running server. */
export interface ServerTarget {
  url: string;
  /** The token, or the file it is kept in. */
  token: { value: string } | { file: string };
}

export interface FireOptions {
  provider: string;
  type: string;
  to: string | undefined;
  payloadFile: string | undefined;
  validate: boolean;
  count: number;
  rate: number | undefined;
  secret: string | undefined;
  standalone: boolean;
  /** With standalone: a workspace file whose providers and generic event types are known too. */
  workspaceFile: string | undefined;
  json: boolean;
  server: ServerTarget;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'serve'; options: CoreOptions }
  | { kind: 'providers'; server: ServerTarget; json: boolean }
  | { kind: 'fire'; options: FireOptions }
  | { kind: 'workspace'; options: WorkspaceCommand };

export type WorkspaceCommand =
  | { action: 'export'; secrets: boolean; out: string | undefined; server: ServerTarget }
  | { action: 'import'; file: string; replace: boolean; server: ServerTarget };

const serveFlags = {
  'data-dir': { type: 'string' },
  port: { type: 'string' },
  'ingress-port': { type: 'string' },
  host: { type: 'string' },
  'body-limit': { type: 'string' },
  sync: { type: 'string' },
  concurrency: { type: 'string' },
  'per-origin': { type: 'string' },
  workspace: { type: 'string' },
} as const;

const clientFlags = { server: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } } as const;

const fireFlags = {
  ...clientFlags,
  to: { type: 'string' },
  payload: { type: 'string' },
  'no-validate': { type: 'boolean' },
  count: { type: 'string' },
  rate: { type: 'string' },
  secret: { type: 'string' },
  standalone: { type: 'boolean' },
  workspace: { type: 'string' },
} as const;

const common = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } } as const;

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { ...options, ...common } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if ((parsed.values as { version?: boolean }).version) throw new VersionRequested();
  return parsed;
}

export function parseCommand(argv: string[], env: NodeJS.ProcessEnv): Command {
  const named = argv[0] !== undefined && !argv[0].startsWith('-');
  const command = named ? argv[0]! : 'serve';
  const args = named ? argv.slice(1) : argv;
  if (command === 'providers') {
    const { values, positionals } = parse(args, clientFlags);
    if (values.help) return { kind: 'help' };
    if (positionals.length > 0) throw new UsageError(`"providers" takes no arguments, not "${positionals.join(' ')}".`);
    return { kind: 'providers', server: serverTarget(values, env), json: values.json ?? false };
  }
  if (command === 'fire') {
    const { values, positionals } = parse(args, fireFlags);
    if (values.help) return { kind: 'help' };
    const [provider, type, ...extra] = positionals;
    if (!provider || !type || extra.length > 0)
      throw new UsageError('fire takes a provider and an event type, e.g. "fire khan ClanCreated".');
    if (values.standalone && !values.to)
      throw new UsageError('--standalone needs --to URL: without a server there are no hooks to send to.');
    // A running server has its own providers; reading a file there too would make two catalogs.
    if (values.workspace !== undefined && !values.standalone)
      throw new UsageError(
        '--workspace FILE is read when sending from this process: add --standalone --to URL (or import the file into the server with "hookbench workspace import FILE").',
      );
    return {
      kind: 'fire',
      options: {
        provider,
        type,
        to: values.to,
        payloadFile: values.payload,
        validate: !values['no-validate'],
        count: parseWhole(values.count, '--count', 1, 1, 1_000_000),
        rate: values.rate === undefined ? undefined : parseRate(values.rate),
        secret: values.secret,
        standalone: values.standalone ?? false,
        workspaceFile: values.workspace,
        json: values.json ?? false,
        server: serverTarget(values, env),
      },
    };
  }
  if (command === 'workspace') return parseWorkspace(args, env);
  if (command === 'help') return { kind: 'help' };
  if (command !== 'serve') {
    throw new UsageError(
      `Unknown command "${command}"; the commands are serve, providers, fire, workspace, fixture, import-asyncapi, scenarios and scenario.`,
    );
  }
  const { values, positionals } = parse(args, serveFlags);
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) throw new UsageError(`Unknown command "${positionals.join(' ')}".`);
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
      workspace: values.workspace,
    },
  };
}

const workspaceFlags = { ...clientFlags, secrets: { type: 'boolean' }, out: { type: 'string' }, replace: { type: 'boolean' } } as const;

function parseWorkspace(args: string[], env: NodeJS.ProcessEnv): Command {
  const { values, positionals } = parse(args, workspaceFlags);
  if (values.help) return { kind: 'help' };
  const [action, file, ...extra] = positionals;
  const server = serverTarget(values, env);
  if (action === 'export' && file === undefined) {
    return { kind: 'workspace', options: { action, secrets: values.secrets ?? false, out: values.out, server } };
  }
  if (action === 'import' && file !== undefined && extra.length === 0) {
    return { kind: 'workspace', options: { action, file, replace: values.replace ?? false, server } };
  }
  throw new UsageError('workspace takes "export [--secrets] [--out FILE]" or "import FILE [--replace]".');
}

export function serverTarget(
  values: { server?: string | undefined; 'data-dir'?: string | undefined },
  env: NodeJS.ProcessEnv,
): ServerTarget {
  const url = (values.server ?? env['HOOKBENCH_URL'] ?? env['HOOKBENCH_SERVER'] ?? `http://127.0.0.1:${DEFAULT_CONTROL_PORT}`).replace(
    /\/+$/,
    '',
  );
  if (!/^https?:\/\//.test(url))
    throw new UsageError(`--server takes the control URL, like http://127.0.0.1:${DEFAULT_CONTROL_PORT}, not "${url}".`);
  const token = env['HOOKBENCH_TOKEN'];
  return { url, token: token ? { value: token } : { file: join(values['data-dir'] ?? defaultDataDir(), 'token') } };
}

function parseRate(value: string): number {
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 100_000)
    throw new UsageError(`--rate takes events per second (over 0), not "${value}".`);
  return rate;
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
