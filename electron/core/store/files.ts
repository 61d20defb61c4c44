import { open, rename } from 'node:fs/promises';

/**
 * Writes a whole file so that a crash leaves either the old or the new content: temp file,
 * fsync, rename, fsync of the folder. `durable: false` skips the fsyncs (tests, benchmarks).
 */
export async function writeFileAtomic(file: string, data: string | Buffer, durable: boolean): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    if (durable) await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
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
