import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr together. */
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** How to run the CLI: from source (tests), or the compiled build (benchmarks measure what ships). */
const SOURCE = ['--import', 'tsx', 'electron/cli.ts'];
export const BUILT = ['dist/electron/cli.js'];

/** Runs `hookbench <args>` as its own process. */
export function runCli(args: string[], env: Record<string, string> = {}, entry = SOURCE): CliRun {
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export interface ServeRun extends CliRun {
  controlUrl: string;
  ingressUrl: string;
  token: string;
}

/** Starts `hookbench serve` on free ports and resolves once it printed its URLs. */
export async function serve(dataDir: string, extra: string[] = [], env: Record<string, string> = {}, entry = SOURCE): Promise<ServeRun> {
  const run = runCli(['serve', '--data-dir', dataDir, '--port', '0', '--ingress-port', '0', ...extra], env, entry);
  const banner = await new Promise<string>((resolve, reject) => {
    const check = () => {
      if (run.output().includes('Press Ctrl-C')) resolve(run.output());
    };
    run.child.stdout!.on('data', check);
    run.exited.then((code) => reject(new Error(`serve exited (${code}) before starting:\n${run.output()}`)));
  });
  const control = /Workbench \(open in a browser\): (http:\/\/[^/]+)\/\?token=(\S+)/.exec(banner)!;
  const ingress = /Ingress:\s+(\S+)/.exec(banner)!;
  return { ...run, controlUrl: control[1]!, token: control[2]!, ingressUrl: ingress[1]! };
}
