import type { StorageNotice } from '../../shared/schemas.js';
import type { Logger } from '../log.js';

/** What storage recovery did, kept for /api/health so the user learns of it. */
export class StorageNotices {
  readonly items: StorageNotice[] = [];

  constructor(private readonly log: Logger) {}

  add(file: string, problem: string, action: string): void {
    this.items.push({ at: new Date().toISOString(), file, problem, action });
    this.log.warn(`${file}: ${problem}; ${action}`);
  }
}

export function corruptName(file: string): string {
  return `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
}
