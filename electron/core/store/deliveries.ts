import { join } from 'node:path';
import type { Delivery, DeliveryStatus } from '../../shared/hooks.js';
import { Fifo } from '../fifo.js';
import { newId } from '../ids.js';
import {
  createdRecord,
  isDeliveryRecord,
  originOf,
  summarize,
  updatedRecord,
  withState,
  type DeliveryMention,
  type DeliveryRecord,
  type RecordSummary,
  type StoredDelivery,
} from './delivery-records.js';
import type { SyncMode } from './files.js';
import type { StorageNotices } from './notices.js';
import { SegmentLog } from './segment-log.js';
import { captureIdOf } from '../inspect/links.js';

export type { StoredDelivery } from './delivery-records.js';

export interface DeliveryFilter {
  hookId?: string | undefined;
  eventId?: string | undefined;
  status?: DeliveryStatus | undefined;
}

export function toDelivery(stored: StoredDelivery): Delivery {
  const { request, attempts, provider: _provider, ...fields } = stored;
  return {
    ...fields,
    attempts: attempts.map((attempt) => {
      // Derived, not stored: an inbox's answer names the capture it made (see inspect/links.ts).
      const captureId = captureIdOf(attempt.response?.headers);
      return { ...attempt, request: { ...attempt.request, body: request.body }, ...(captureId ? { captureId } : {}) };
    }),
  };
}

/** Created records are immutable and read once per delivery listed: the newest few stay parsed. */
const CACHED_ORIGINS = 16;

/**
 * Deliveries with every attempt (the record format is in delivery-records.ts). An index of
 * each delivery's latest state is rebuilt from the log at start; retention drops the oldest
 * segment once there are more than `maxDeliveries`, and with it every delivery whose request
 * it holds (created there), first copying forward whole any that is still pending.
 */
export class DeliveryStore {
  private readonly latest = new Map<string, DeliveryMention>();
  /** Delivery ids in creation order (retention's leftovers are dropped in bulk, see dropOrder). */
  private order: string[] = [];
  /**
   * Where each delivery's request was written, in the order of the records: retention takes
   * the deliveries of the oldest segment from the front without reading the segment back.
   * An entry is stale once its delivery was copied forward or forgotten.
   */
  private readonly creations = new Fifo<{ createdIn: string; deliveryId: string }>();
  /** Ids of deliveries with attempts still to make (resumed at start). */
  private readonly pending = new Set<string>();
  private readonly origins = new Map<string, Promise<DeliveryRecord | undefined>>();
  /** Writes run side by side; retention runs alone, so no write refers to a record it drops. */
  private writing = 0;
  private writesDone: (() => void) | null = null;
  private retention: Promise<void> | null = null;
  /** Told of each delivery retention lets go of, with its hook: it cannot change any more. */
  onForgotten?: (deliveryId: string, hookId: string) => void;

  private constructor(
    private readonly log: SegmentLog<DeliveryRecord, RecordSummary>,
    private readonly maxDeliveries: number,
    private readonly notices: StorageNotices,
  ) {}

  static async open(
    dataDir: string,
    notices: StorageNotices,
    sync: SyncMode,
    maxDeliveries: number,
    segmentRecords: number,
  ): Promise<DeliveryStore> {
    const log = await SegmentLog.open<DeliveryRecord, RecordSummary>({
      dir: join(dataDir, 'deliveries'),
      codec: { accept: isDeliveryRecord, summarize },
      notices,
      sync,
      maxRecords: segmentRecords,
    });
    const store = new DeliveryStore(log, maxDeliveries, notices);
    for await (const summary of log.summaries()) store.index(summary);
    // A delivery copied forward by retention is first met where its copy is.
    store.order.sort();
    return store;
  }

  get newestId(): string | undefined {
    return this.log.newestId;
  }

  /** The log's segment files, newest first (see store/traffic-scan.ts). */
  get segmentFiles(): string[] {
    return this.log.files;
  }

  /** The hook a delivery goes to, from the index (update records do not repeat it). */
  hookOf(deliveryId: string): string | null | undefined {
    return this.latest.get(deliveryId)?.hookId;
  }

  /** Stores newly fired deliveries in one record; resolves once it is on disk. */
  create(deliveries: StoredDelivery[]): Promise<void> {
    return this.write(() => [createdRecord(newId('dsn'), deliveries)]);
  }

  /** Stores each delivery's current state; resolves once all of it is on disk. */
  save(deliveries: StoredDelivery[]): Promise<void> {
    return this.write(() =>
      deliveries.map((delivery) => {
        const located = this.latest.get(delivery.id);
        if (located) return updatedRecord(newId('dsn'), located.createdIn, delivery);
        // One retention has let go of (or never stored) is written whole, and listed once (rare: a full pass over the ids).
        this.order = this.order.filter((id) => id !== delivery.id);
        return createdRecord(newId('dsn'), [delivery]);
      }),
    );
  }

  async get(deliveryId: string): Promise<StoredDelivery | undefined> {
    const located = this.latest.get(deliveryId);
    if (!located) return undefined;
    const [created, current] = await Promise.all([
      this.origin(located.createdIn),
      located.recordId === located.createdIn ? undefined : this.log.get(located.recordId),
    ]);
    const origin = created && originOf(created, deliveryId);
    if (!origin) return undefined;
    return current ? withState(origin, current) : origin;
  }

  /** Ids of deliveries that still have attempts to make, oldest first. */
  pendingIds(): string[] {
    return [...this.pending].sort();
  }

  async list(filter: DeliveryFilter, limit: number, cursor?: string): Promise<{ items: StoredDelivery[]; nextCursor: string | null }> {
    const ids: string[] = [];
    let more = false;
    // Pending deliveries are few beside all that are kept: a status filter on them skips the rest.
    const candidates = filter.status === 'pending' ? [...this.pending].sort() : this.order;
    for (let index = candidates.length - 1; index >= 0; index -= 1) {
      const located = this.latest.get(candidates[index]!);
      if (!located) continue;
      if (cursor !== undefined && located.deliveryId >= cursor) continue;
      if (filter.hookId !== undefined && located.hookId !== filter.hookId) continue;
      if (filter.eventId !== undefined && located.eventId !== filter.eventId) continue;
      if (filter.status !== undefined && located.status !== filter.status) continue;
      if (ids.length === limit) {
        more = true;
        break;
      }
      ids.push(located.deliveryId);
    }
    const items = (await Promise.all(ids.map((id) => this.get(id)))).filter((item): item is StoredDelivery => item !== undefined);
    return { items, nextCursor: more ? ids.at(-1)! : null };
  }

  async close(): Promise<void> {
    await this.retention;
    await this.log.close();
  }

  private async write(build: () => DeliveryRecord[]): Promise<void> {
    while (this.retention) await this.retention;
    this.writing += 1;
    try {
      const records = build();
      const summaries = await Promise.all(records.map((record) => this.log.append(record)));
      for (const summary of summaries) this.index(summary);
    } finally {
      this.writing -= 1;
      if (this.writing === 0) this.writesDone?.();
    }
    if (this.latest.size > this.maxDeliveries) await this.enforceRetention();
  }

  private index({ mentions }: RecordSummary): void {
    for (const mention of mentions) {
      const created = mention.createdIn === mention.recordId;
      // An update whose delivery was dropped by retention has nothing left to update.
      if (!created && this.latest.get(mention.deliveryId)?.createdIn !== mention.createdIn) continue;
      const known = this.latest.get(mention.deliveryId);
      if (created && !known) this.order.push(mention.deliveryId);
      if (created) this.creations.push({ createdIn: mention.createdIn, deliveryId: mention.deliveryId });
      // An update names neither event nor hook (they never change): the created record did.
      this.latest.set(mention.deliveryId, created ? mention : { ...mention, eventId: known!.eventId, hookId: known!.hookId });
      if (mention.status === 'pending') this.pending.add(mention.deliveryId);
      else this.pending.delete(mention.deliveryId);
    }
  }

  private origin(recordId: string): Promise<DeliveryRecord | undefined> {
    let cached = this.origins.get(recordId);
    if (!cached) {
      cached = this.log.get(recordId);
      if (this.origins.size >= CACHED_ORIGINS) this.origins.delete(this.origins.keys().next().value!);
      this.origins.set(recordId, cached);
      cached.catch(() => this.origins.delete(recordId));
    }
    return cached;
  }

  private forget(deliveryId: string): void {
    const hookId = this.latest.get(deliveryId)?.hookId;
    this.latest.delete(deliveryId);
    this.pending.delete(deliveryId);
    if (hookId) this.onForgotten?.(deliveryId, hookId);
  }

  /** Drops the oldest segments while there are more deliveries than the cap, with no write under way. */
  private enforceRetention(): Promise<void> {
    this.retention ??= this.dropOldSegments()
      .catch((error: unknown) =>
        this.notices.add('deliveries', `dropping old deliveries failed (${(error as Error).message})`, 'will try again with the next save'),
      )
      .finally(() => (this.retention = null));
    return this.retention;
  }

  /**
   * Only segments that were full when the pass began are looked at, so copies made here
   * cannot keep it going. A segment takes with it every delivery whose request it holds (its
   * updates are newer, in that segment or later ones); a pending one is copied forward whole
   * before its segment goes, so a crash in between loses nothing. Which deliveries leave comes
   * from the index: the segment is not read back.
   */
  private async dropOldSegments(): Promise<void> {
    if (this.writing > 0) await new Promise<void>((resolve) => (this.writesDone = resolve));
    this.writesDone = null;
    for (let passes = this.log.sealedSegments; passes > 0 && this.latest.size > this.maxDeliveries; passes -= 1) {
      const oldest = this.log.oldestSealed;
      if (!oldest) return;
      const { name, lastId } = oldest;
      const leaving: string[] = [];
      let taken = 0;
      for (let entry = this.creations.at(0); entry && entry.createdIn <= lastId; entry = this.creations.at(taken)) {
        taken += 1;
        if (this.latest.get(entry.deliveryId)?.createdIn === entry.createdIn) leaving.push(entry.deliveryId);
      }
      const pending = leaving.filter((id) => this.pending.has(id));
      const copies = (await Promise.all(pending.map((id) => this.get(id)))).filter((copy): copy is StoredDelivery => copy !== undefined);
      if (copies.length > 0) this.index(await this.log.append(createdRecord(newId('dsn'), copies)));
      if (!(await this.log.dropOldest(name))) continue;
      for (let count = 0; count < taken; count += 1) this.creations.take();
      // A pending delivery copied forward has its request in the copy now; one that could not be read is let go.
      for (const id of leaving) if (this.latest.get(id)!.createdIn <= lastId) this.forget(id);
      this.dropOrder();
    }
  }

  /**
   * Drops forgotten ids from `order`: those in front at once (retention lets the oldest go);
   * those behind a live one (a pending delivery copied forward), once they outnumber the live ones.
   */
  private dropOrder(): void {
    let front = 0;
    while (front < this.order.length && !this.latest.has(this.order[front]!)) front += 1;
    if (front > 0) this.order = this.order.slice(front);
    if (this.order.length > 2 * this.latest.size) this.order = this.order.filter((id) => this.latest.has(id));
  }
}
