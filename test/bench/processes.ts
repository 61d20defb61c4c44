import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BUILT, serve, type ServeRun } from '../helpers/cli.js';

/** The bare Fastify baseline in its own process, so it gets a core of its own. */
export async function bareServer(): Promise<{ url: string; pid: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/bare-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => resolve(/listening (\d+)/.exec(chunk.toString())![1]!)),
  );
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

/** With BENCH_PROFILE=<dir>, each Hookbench process writes a CPU profile there when it exits. */
const profile = process.env['BENCH_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROFILE']}`] : [];

/** The compiled `hookbench serve`, as it ships. */
export function hookbench(dataDir: string, flags: string[] = []): Promise<ServeRun> {
  return serve(dataDir, flags, {}, [...profile, ...BUILT]);
}

export async function stop(server: ServeRun): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** CPU time (user + system, ms) a process has used so far; Linux only. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
