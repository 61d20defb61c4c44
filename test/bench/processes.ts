import { spawn } from 'node:child_process';
import { BUILT, serve, type ServeRun } from '../helpers/cli.js';

/** The bare Fastify baseline in its own process, so it gets a core of its own. */
export async function bareServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/bare-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => resolve(/listening (\d+)/.exec(chunk.toString())![1]!)),
  );
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** The compiled `hookbench serve`, as it ships. */
export function hookbench(dataDir: string, flags: string[] = []): Promise<ServeRun> {
  return serve(dataDir, flags, {}, BUILT);
}

export async function stop(server: ServeRun): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
