import { join } from 'node:path';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { HookEvent } from '../../shared/hooks.js';
import type { SyncMode } from './files.js';
import type { StorageNotices } from './notices.js';
import { SegmentLog, type PageResult } from './segment-log.js';

const checkEvent = TypeCompiler.Compile(HookEvent);

export type EventSummary = Omit<HookEvent, 'payload'>;

/** Fired events: immutable, newest first, oldest segments dropped past the cap. */
export class EventStore {
  private constructor(
    private readonly log: SegmentLog<HookEvent, EventSummary>,
    private readonly maxEvents: number,
  ) {}

  static async open(
    dataDir: string,
    notices: StorageNotices,
    sync: SyncMode,
    maxEvents: number,
    segmentRecords: number,
  ): Promise<EventStore> {
    const log = await SegmentLog.open<HookEvent, EventSummary>({
      dir: join(dataDir, 'events'),
      codec: {
        accept: (value): value is HookEvent => checkEvent.Check(value),
        summarize: ({ id, provider, type, createdAt }) => ({ id, provider, type, createdAt }),
      },
      notices,
      sync,
      maxRecords: segmentRecords,
    });
    return new EventStore(log, maxEvents);
  }

  get newestId(): string | undefined {
    return this.log.newestId;
  }

  async append(event: HookEvent): Promise<void> {
    await this.log.append(event);
    while (this.log.count > this.maxEvents && this.log.oldestSealed) await this.log.dropOldest();
  }

  page(limit: number, cursor?: string): Promise<PageResult<EventSummary>> {
    return this.log.page({ limit, before: cursor });
  }

  get(id: string): Promise<HookEvent | undefined> {
    return this.log.get(id);
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
