import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { storageFault } from '../errors.js';

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`The data folder ${dataDir} is in use by another Hookbench (process ${pid}). Stop it, or use another folder with --data-dir.`);
    this.name = 'DataDirInUseError';
  }
}

/**
 * One process owns a data folder at a time. A lock left by a process that was killed never
 * blocks the next start: its owner's pid is checked for life.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = join(dataDir, 'hookbench.lock');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      await handle.close();
      return () => unlink(file).catch(() => {});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw notWritable(dataDir, error);
    }
    const owner = await lockOwner(file);
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) throw new DataDirInUseError(dataDir, owner);
    // A stale lock that cannot be removed (a read-only folder) is no reason to blame another process.
    await unlink(file).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw notWritable(dataDir, error);
    });
  }
  throw new Error(`Could not lock the data folder ${dataDir}; remove ${file} if no Hookbench is running.`);
}

/** The folder cannot be written: say why (a read-only or full disk) instead of a bare errno. */
function notWritable(dataDir: string, error: unknown): Error {
  const reason = storageFault(error) ?? (error as Error).message;
  return new Error(
    `Hookbench cannot write to its data folder ${dataDir}: ${reason}. Fix the folder (or use another with --data-dir) and start again.`,
    {
      cause: error,
    },
  );
}

async function lockOwner(file: string): Promise<number | undefined> {
  try {
    const { pid } = JSON.parse(await readFile(file, 'utf8')) as { pid?: unknown };
    return typeof pid === 'number' ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
