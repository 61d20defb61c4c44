import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Attempt, Delivery, type DeliveryStatus } from '../../shared/hooks.js';
import { HeaderPairs } from '../../shared/schemas.js';
import { newId } from '../ids.js';
import type { SyncMode } from './files.js';
import type { StorageNotices } from './notices.js';
import { SegmentLog } from './segment-log.js';

/** A delivery as stored: the request body once, attempts without their (identical) copy of it. */
const StoredAttempt = Type.Composite([
  Type.Omit(Attempt, ['request']),
  Type.Object({ request: Type.Object({ method: Type.String(), url: Type.String(), headers: HeaderPairs }) }),
]);
export type StoredAttempt = Static<typeof StoredAttempt>;

const StoredDelivery = Type.Composite([
  Type.Omit(Delivery, ['attempts']),
  Type.Object({
    /** Whose conventions sign each attempt. */
    provider: Type.String(),
    request: Type.Object({ method: Type.String(), url: Type.String(), headers: HeaderPairs, body: Type.String() }),
    attempts: Type.Array(StoredAttempt),
  }),
]);
export type StoredDelivery = Static<typeof StoredDelivery>;

/** Each change of a delivery appends its whole state under a fresh, ascending snapshot id. */
const Snapshot = Type.Object({ id: Type.String(), delivery: StoredDelivery });
type Snapshot = Static<typeof Snapshot>;
const checkSnapshot = TypeCompiler.Compile(Snapshot);

export interface DeliverySummary {
  /** The snapshot's id. */
  id: string;
  deliveryId: string;
  eventId: string;
  hookId: string | null;
  status: DeliveryStatus;
}

export interface DeliveryFilter {
  hookId?: string | undefined;
  eventId?: string | undefined;
  status?: DeliveryStatus | undefined;
}

export function toDelivery(stored: StoredDelivery): Delivery {
  const { request, attempts, provider: _provider, ...fields } = stored;
  return { ...fields, attempts: attempts.map((attempt) => ({ ...attempt, request: { ...attempt.request, body: request.body } })) };
}

/**
 * Deliveries with every attempt. An index of each delivery's latest snapshot is rebuilt from
 * the log at start; retention drops the oldest segment once there are more than
 * `maxDeliveries`, first copying forward any delivery in it that is still pending.
 */
export class DeliveryStore {
  private readonly latest = new Map<string, DeliverySummary>();
  /** Delivery ids in creation order. */
  private order: string[] = [];
  /** Ids of deliveries with attempts still to make: few, and asked for often. */
  private readonly pending = new Set<string>();
  /** Counts save() calls per delivery, so retention never writes back an older copy. */
  private readonly versions = new Map<string, number>();
  private retention: Promise<void> = Promise.resolve();

  private constructor(
    private readonly log: SegmentLog<Snapshot, DeliverySummary>,
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
    const log = await SegmentLog.open<Snapshot, DeliverySummary>({
      dir: join(dataDir, 'deliveries'),
      codec: {
        accept: (value): value is Snapshot => checkSnapshot.Check(value),
        summarize: ({ id, delivery }) => ({
          id,
          deliveryId: delivery.id,
          eventId: delivery.eventId,
          hookId: delivery.hookId,
          status: delivery.status,
        }),
      },
      notices,
      sync,
      maxRecords: segmentRecords,
    });
    const store = new DeliveryStore(log, maxDeliveries, notices);
    for await (const summary of log.summaries()) store.index(summary);
    store.order.sort();
    return store;
  }

  get newestId(): string | undefined {
    return this.log.newestId;
  }

  /** Stores each delivery's current state; resolves once all of it is on disk. */
  async save(deliveries: StoredDelivery[]): Promise<void> {
    for (const delivery of deliveries) this.versions.set(delivery.id, (this.versions.get(delivery.id) ?? 0) + 1);
    const summaries = await Promise.all(deliveries.map((delivery) => this.log.append({ id: newId('dsn'), delivery })));
    for (const summary of summaries) this.index(summary);
    if (this.latest.size > this.maxDeliveries) await this.enforceRetention();
  }

  async get(deliveryId: string): Promise<StoredDelivery | undefined> {
    const summary = this.latest.get(deliveryId);
    return summary ? (await this.log.get(summary.id))?.delivery : undefined;
  }

  /** Ids of deliveries that still have attempts to make, oldest first. */
  pendingIds(): string[] {
    return [...this.pending].sort();
  }

  async list(filter: DeliveryFilter, limit: number, cursor?: string): Promise<{ items: StoredDelivery[]; nextCursor: string | null }> {
    const ids: string[] = [];
    let more = false;
    const candidates = filter.status === 'pending' ? this.pendingIds() : this.order;
    for (let index = candidates.length - 1; index >= 0; index -= 1) {
      const summary = this.latest.get(candidates[index]!)!;
      if (cursor !== undefined && summary.deliveryId >= cursor) continue;
      if (filter.hookId !== undefined && summary.hookId !== filter.hookId) continue;
      if (filter.eventId !== undefined && summary.eventId !== filter.eventId) continue;
      if (filter.status !== undefined && summary.status !== filter.status) continue;
      if (ids.length === limit) {
        more = true;
        break;
      }
      ids.push(summary.deliveryId);
    }
    const items = (await Promise.all(ids.map((id) => this.get(id)))).filter((item): item is StoredDelivery => item !== undefined);
    return { items, nextCursor: more ? ids.at(-1)! : null };
  }

  close(): Promise<void> {
    return this.retention.then(() => this.log.close());
  }

  private index(summary: DeliverySummary): void {
    if (!this.latest.has(summary.deliveryId)) this.order.push(summary.deliveryId);
    this.latest.set(summary.deliveryId, summary);
    if (summary.status === 'pending') this.pending.add(summary.deliveryId);
    else this.pending.delete(summary.deliveryId);
  }

  /**
   * Drops the oldest segments while there are more deliveries than the cap. Only segments
   * that were full when the pass began are looked at, so copies made here cannot keep it going.
   */
  private enforceRetention(): Promise<void> {
    const run = this.retention.then(async () => {
      for (let passes = this.log.sealedSegments; passes > 0 && this.latest.size > this.maxDeliveries; passes -= 1) {
        const oldest = await this.log.oldestSealedSummaries();
        if (!oldest) return;
        const isLatest = (summary: DeliverySummary) => this.latest.get(summary.deliveryId)?.id === summary.id;
        // Pending deliveries are copied forward before their segment goes, so a crash in
        // between loses nothing. A copy is made only if no save of that delivery was asked for
        // since it was read: log order then keeps the newest state last.
        const pending = oldest.summaries.filter((summary) => isLatest(summary) && summary.status === 'pending');
        const reads = await Promise.all(
          pending.map(async (summary) => ({
            summary,
            version: this.versions.get(summary.deliveryId),
            delivery: await this.get(summary.deliveryId),
          })),
        );
        const fresh = reads.filter(
          ({ summary, version, delivery }) => delivery && isLatest(summary) && this.versions.get(summary.deliveryId) === version,
        );
        const copied = await Promise.all(fresh.map(({ delivery }) => this.log.append({ id: newId('dsn'), delivery: delivery! })));
        copied.forEach((summary, position) => {
          if (this.versions.get(summary.deliveryId) === fresh[position]!.version) this.index(summary);
        });
        if (!(await this.log.dropOldest(oldest.name))) continue;
        for (const summary of oldest.summaries) {
          if (!isLatest(summary)) continue;
          this.latest.delete(summary.deliveryId);
          this.pending.delete(summary.deliveryId);
          this.versions.delete(summary.deliveryId);
        }
        this.order = this.order.filter((id) => this.latest.has(id));
      }
    });
    this.retention = run.catch((error: unknown) =>
      this.notices.add('deliveries', `dropping old deliveries failed (${(error as Error).message})`, 'will try again with the next save'),
    );
    return this.retention;
  }
}
