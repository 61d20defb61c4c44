import { readFile, rename } from 'node:fs/promises';
import { basename } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { writeFileAtomic, isNotFound } from './files.js';
import { corruptName, type StorageNotices } from './notices.js';

export interface DocumentOptions<T> {
  file: string;
  defaults: () => T;
  /** Returns the document (migrated to the current version) or undefined when the shape is wrong. */
  accept: (value: unknown) => T | undefined;
  notices: StorageNotices;
  durable: boolean;
}

/**
 * A lowdb adapter that never lets a damaged file stop the app: a file that does not parse or
 * has the wrong shape is renamed aside, and the backup copy (written beside every save) or the
 * defaults are loaded instead. Writes are atomic and serialized.
 */
class RecoveringJsonFile<T> implements Adapter<T> {
  private queue: Promise<void> = Promise.resolve();
  private readonly backup: string;

  constructor(private readonly options: DocumentOptions<T>) {
    this.backup = `${options.file}.bak`;
  }

  async read(): Promise<T | null> {
    const main = await this.load(this.options.file);
    if (main !== undefined) return main;
    const backup = await this.load(this.backup);
    if (backup !== undefined) {
      if (this.damaged) this.options.notices.add(basename(this.options.file), 'restored', 'loaded the backup copy');
      return backup;
    }
    return null;
  }

  write(data: T): Promise<void> {
    const text = JSON.stringify(data);
    const { file, durable } = this.options;
    const next = this.queue.then(async () => {
      await writeFileAtomic(file, text, durable);
      await writeFileAtomic(this.backup, text, durable);
    });
    this.queue = next.catch(() => {});
    return next;
  }

  private damaged = false;

  private async load(file: string): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    let value: T | undefined;
    let problem = 'wrong shape';
    try {
      value = this.options.accept(JSON.parse(text));
    } catch {
      problem = text.length === 0 ? 'empty file' : 'not valid JSON';
    }
    if (value !== undefined) return value;
    const aside = corruptName(file);
    await rename(file, aside);
    this.damaged = true;
    this.options.notices.add(basename(file), problem, `moved aside to ${basename(aside)}`);
    return undefined;
  }
}

export async function openDocument<T>(options: DocumentOptions<T>): Promise<Low<T>> {
  const db = new Low<T>(new RecoveringJsonFile(options), options.defaults());
  await db.read();
  return db;
}
