import { open, rename, unlink } from 'node:fs/promises';

/**
 * When appended records reach the disk. `always`: fsync before acknowledging (survives a power
 * cut). `interval` (default): acknowledge once the write reached the operating system, which
 * survives any crash of Hookbench, and fsync within SYNC_INTERVAL_MS (a power cut loses at most
 * that much). `never`: leave it to the operating system.
 */
export type SyncMode = 'always' | 'interval' | 'never';
export const SYNC_MODES: readonly SyncMode[] = ['always', 'interval', 'never'];
export const SYNC_INTERVAL_MS = 1000;

/**
 * Writes a whole file so that a crash leaves either the old or the new content: temp file,
 * fsync, rename, fsync of the folder. `durable: false` (sync mode `never`) skips the fsyncs.
 */
export async function writeFileAtomic(file: string, data: string | Buffer, durable: boolean): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  const handle = await open(temp, 'w', 0o600);
  try {
    try {
      await handle.writeFile(data);
      if (durable) await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    // A half-written temp file would keep holding the space a full disk needs back.
    await unlink(temp).catch(() => {});
    throw error;
  }
  if (durable) await syncFolder(file);
}

export async function syncFolder(file: string): Promise<void> {
  const folder = file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'))) || '.';
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Folders cannot be opened for fsync on every platform (Windows); the rename still stands.
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}
