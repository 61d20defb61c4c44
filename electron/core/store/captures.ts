import { mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { CaptureSummary } from '../../shared/schemas.js';
import { decodeBody, encodeBody } from '../capture/body.js';
import { advanceIdClock, newId, randomToken } from '../ids.js';
import { isNotFound, syncFolder, type SyncMode } from './files.js';
import type { StorageNotices } from './notices.js';
import { ByteSearch } from './search.js';
import { scanWorkers } from './search-lanes.js';
import { SegmentLog, type PageResult } from './segment-log.js';
import type { RecordCodec } from './segment-file.js';

/** One capture as it is stored: one JSON line. Bodies over INLINE_BODY_LIMIT live in their own file. */
const StoredCapture = Type.Object({
  id: Type.String(),
  inboxId: Type.String(),
  receivedAt: Type.String(),
  method: Type.String(),
  path: Type.String(),
  search: Type.String(),
  headers: Type.Array(Type.Tuple([Type.String(), Type.String()])),
  remoteAddress: Type.String(),
  size: Type.Integer(),
  contentType: Type.Union([Type.String(), Type.Null()]),
  truncated: Type.Boolean(),
  responseStatus: Type.Integer(),
  scriptStep: Type.Optional(Type.Integer()),
  rule: Type.Optional(Type.String()),
  answerError: Type.Optional(Type.String()),
  body: Type.Optional(Type.String()),
  bodyEncoding: Type.Optional(Type.Union([Type.Literal('utf8'), Type.Literal('base64')])),
  blob: Type.Optional(Type.Boolean()),
});
export type StoredCapture = Static<typeof StoredCapture>;
export type NewCapture = Omit<StoredCapture, 'id' | 'body' | 'bodyEncoding' | 'blob'>;

const checkStoredCapture = TypeCompiler.Compile(StoredCapture);
const INLINE_BODY_LIMIT = 64 * 1024;

const codec: RecordCodec<StoredCapture, CaptureSummary> = {
  accept: (value): value is StoredCapture => checkStoredCapture.Check(value),
  summarize: (record) => ({
    id: record.id,
    inboxId: record.inboxId,
    receivedAt: record.receivedAt,
    method: record.method,
    path: record.path,
    contentType: record.contentType,
    remoteAddress: record.remoteAddress,
    size: record.size,
    truncated: record.truncated,
    responseStatus: record.responseStatus,
    scriptStep: record.scriptStep,
    rule: record.rule,
    answerError: record.answerError,
  }),
  extraBytes: (record) => (record.blob ? record.size : 0),
};

export interface RetentionPolicy {
  maxCapturesPerInbox: number;
  maxBytesPerInbox: number;
  maxTotalBytes: number;
  /** Captures per segment file, the unit retention drops. */
  segmentCaptures: number;
}

export const defaultRetention: RetentionPolicy = {
  maxCapturesPerInbox: 100_000,
  maxBytesPerInbox: 1024 ** 3,
  maxTotalBytes: 4 * 1024 ** 3,
  segmentCaptures: 1000,
};

export interface CaptureStoreOptions {
  dir: string;
  notices: StorageNotices;
  sync: SyncMode;
  retention: RetentionPolicy;
}

/** Every inbox's captures: one segment log per inbox, plus large bodies beside it. */
/** The name prefix of a large body still being written. */
const INCOMING = 'incoming-';

export class CaptureStore {
  private readonly logs = new Map<string, SegmentLog<StoredCapture, CaptureSummary>>();
  private retentionRun: Promise<void> = Promise.resolve();

  constructor(private readonly options: CaptureStoreOptions) {}

  async openInbox(inboxId: string): Promise<void> {
    if (this.logs.has(inboxId)) return;
    const { notices, sync, retention } = this.options;
    const log = await SegmentLog.open({
      dir: this.inboxDir(inboxId),
      codec,
      notices,
      sync,
      maxRecords: retention.segmentCaptures,
      gramIndex: true,
    });
    const newest = log.newestId;
    if (newest) advanceIdClock(newest);
    this.logs.set(inboxId, log);
    await this.removeUnfinishedBlobs(inboxId);
  }

  /** Bodies a crash interrupted before they got their capture's name belong to no capture: nothing else would ever delete them. */
  private async removeUnfinishedBlobs(inboxId: string): Promise<void> {
    const dir = this.blobDir(inboxId);
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(names.filter((name) => name.startsWith(INCOMING)).map((name) => unlink(join(dir, name)).catch(() => {})));
  }

  /** Resolves when the capture is stored: the caller may acknowledge it then, not before. */
  async append(capture: NewCapture, body: Buffer): Promise<CaptureSummary> {
    const log = this.log(capture.inboxId);
    const large = body.length > INLINE_BODY_LIMIT;
    const blob = large ? await this.writeBlob(capture.inboxId, body) : undefined;
    // The id is taken right as the record joins the log, so the log stays in id order.
    const id = newId('req');
    const encoded = large ? undefined : encodeBody(body);
    // One literal shape for every record: V8 serializes same-shaped objects much faster,
    // and this line runs once per capture.
    const record: StoredCapture = {
      id,
      inboxId: capture.inboxId,
      receivedAt: capture.receivedAt,
      method: capture.method,
      path: capture.path,
      search: capture.search,
      headers: capture.headers,
      remoteAddress: capture.remoteAddress,
      size: capture.size,
      contentType: capture.contentType,
      truncated: capture.truncated,
      responseStatus: capture.responseStatus,
      scriptStep: capture.scriptStep,
      rule: capture.rule,
      answerError: capture.answerError,
      body: encoded?.body,
      bodyEncoding: encoded?.bodyEncoding,
      blob: large || undefined,
    };
    const summary = blob ? (await Promise.all([log.append(record), blob.keepAs(id)]))[0] : await log.append(record);
    const retention = this.enforceRetention(capture.inboxId);
    if (retention) await retention;
    return summary;
  }

  count(inboxId: string): number {
    return this.logs.get(inboxId)?.count ?? 0;
  }

  newestId(inboxId: string): string | undefined {
    return this.logs.get(inboxId)?.newestId;
  }

  /** The inbox's segment files, newest first (see store/traffic-scan.ts). */
  segmentFiles(inboxId: string): string[] {
    return this.logs.get(inboxId)?.files ?? [];
  }

  list(
    inboxId: string,
    request: { limit: number; cursor?: string | undefined; q?: string | undefined; signal?: AbortSignal | undefined },
  ): Promise<PageResult<CaptureSummary>> {
    const { cursor, limit, q, signal } = request;
    // Someone is looking at a list and may filter it next: the search threads start now, not then.
    if (!q) setImmediate(scanWorkers);
    return this.log(inboxId).page({ before: cursor, limit, search: searchFor(q), signal });
  }

  after(inboxId: string, afterId: string, limit: number): Promise<CaptureSummary[]> {
    return this.log(inboxId).after(afterId, limit);
  }

  async get(id: string): Promise<{ record: StoredCapture; body: Buffer } | undefined> {
    for (const [inboxId, log] of this.logs) {
      const record = await log.get(id);
      if (record) return { record, body: await this.bodyOf(inboxId, record) };
    }
    return undefined;
  }

  async clear(inboxId: string): Promise<void> {
    await this.log(inboxId).clear();
    await rm(this.blobDir(inboxId), { recursive: true, force: true });
  }

  async remove(inboxId: string): Promise<void> {
    const log = this.logs.get(inboxId);
    this.logs.delete(inboxId);
    await log?.close();
    await rm(this.inboxDir(inboxId), { recursive: true, force: true });
  }

  async close(): Promise<void> {
    await this.retentionRun;
    await Promise.all([...this.logs.values()].map((log) => log.close()));
  }

  private log(inboxId: string): SegmentLog<StoredCapture, CaptureSummary> {
    const log = this.logs.get(inboxId);
    if (!log) throw new Error(`no capture log open for inbox ${inboxId}`);
    return log;
  }

  private inboxDir(inboxId: string): string {
    return join(this.options.dir, inboxId);
  }

  private blobDir(inboxId: string): string {
    return join(this.inboxDir(inboxId), 'blobs');
  }

  /** Writes a large body under a temporary name; `keepAs` gives it its capture's id. */
  private async writeBlob(inboxId: string, body: Buffer): Promise<{ keepAs(id: string): Promise<void> }> {
    const dir = this.blobDir(inboxId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = join(dir, `${INCOMING}${randomToken(9)}`);
    const handle = await open(temp, 'w', 0o600);
    try {
      try {
        await handle.writeFile(body);
        if (this.options.sync === 'always') await handle.datasync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      // A half-written body on a full disk would hold the space it needs back, and belongs to no capture.
      await unlink(temp).catch(() => {});
      throw error;
    }
    return {
      keepAs: async (id) => {
        const file = join(dir, id);
        await rename(temp, file);
        if (this.options.sync === 'always') await syncFolder(file);
      },
    };
  }

  private async bodyOf(inboxId: string, record: StoredCapture): Promise<Buffer> {
    if (!record.blob) return decodeBody(record.body ?? '', record.bodyEncoding ?? 'utf8');
    try {
      return await readFile(join(this.blobDir(inboxId), record.id));
    } catch (error) {
      if (isNotFound(error)) return Buffer.alloc(0);
      throw error;
    }
  }

  /**
   * Runs after the capture that crossed a cap was stored, one pass at a time; it drops whole
   * segments, so it runs once per segment's worth of captures, not per capture.
   */
  private enforceRetention(inboxId: string): Promise<void> | undefined {
    const { maxCapturesPerInbox, maxBytesPerInbox, maxTotalBytes } = this.options.retention;
    const log = this.logs.get(inboxId);
    if (!log?.oldestSealed) return undefined;
    const overInbox = log.count > maxCapturesPerInbox || log.bytes > maxBytesPerInbox;
    if (!overInbox && this.totalBytes() <= maxTotalBytes) return undefined;
    this.retentionRun = this.retentionRun.then(async () => {
      while (log.oldestSealed && (log.count > maxCapturesPerInbox || log.bytes > maxBytesPerInbox)) {
        await this.dropOldest(inboxId);
      }
      while (this.totalBytes() > maxTotalBytes) {
        const oldest = this.inboxWithOldestSegment();
        if (!oldest) break;
        await this.dropOldest(oldest);
      }
    });
    return this.retentionRun;
  }

  private async dropOldest(inboxId: string): Promise<void> {
    const dropped = await this.logs.get(inboxId)?.dropOldest();
    if (!dropped) return;
    const blobs = await readdir(this.blobDir(inboxId)).catch(() => [] as string[]);
    const inRange = blobs.filter((name) => name >= dropped.firstId && name <= dropped.lastId);
    await Promise.all(inRange.map((name) => unlink(join(this.blobDir(inboxId), name)).catch(() => {})));
  }

  private totalBytes(): number {
    let total = 0;
    for (const log of this.logs.values()) total += log.bytes;
    return total;
  }

  private inboxWithOldestSegment(): string | undefined {
    let found: { inboxId: string; lastId: string } | undefined;
    for (const [inboxId, log] of this.logs) {
      const oldest = log.oldestSealed;
      if (oldest && (!found || oldest.lastId < found.lastId)) found = { inboxId, lastId: oldest.lastId };
    }
    return found?.inboxId;
  }
}

/**
 * What `q` finds in a stored line (method, path, headers, body text): the needle as it appears
 * inside a JSON string, ASCII letters in any case. Header values are stored as they arrived, one
 * character per byte, so text beyond ASCII is looked for in that form too ("café" sent as UTF-8
 * is stored as "cafÃ©").
 */
export function searchFor(q: string | undefined): ByteSearch | undefined {
  const needle = q?.trim();
  if (!needle) return undefined;
  const asHeaderBytes = Buffer.from(needle, 'utf8').toString('latin1');
  const forms = asHeaderBytes === needle ? [needle] : [needle, asHeaderBytes];
  return new ByteSearch(forms.map((form) => JSON.stringify(form).slice(1, -1)));
}
