import { ftruncateSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Low } from 'lowdb';
import { openDocument } from './json-document.js';
import { syncFolder, isNotFound, SYNC_INTERVAL_MS, type SyncMode } from './files.js';
import type { StorageNotices } from './notices.js';
import type { ByteSearch } from './search.js';
import { searchSegments } from './segment-search.js';
import { GramIndex } from './gram-index.js';
import { findEntry, lowerBound, readSegment, type Entry, type RecordCodec, type StoredRecord } from './segment-file.js';

const SegmentMeta = Type.Object({
  name: Type.String(),
  firstId: Type.String(),
  lastId: Type.String(),
  count: Type.Integer(),
  bytes: Type.Integer(),
});
type SegmentMeta = Static<typeof SegmentMeta>;
const Manifest = Type.Object({ version: Type.Literal(1), segments: Type.Array(SegmentMeta) });
type Manifest = Static<typeof Manifest>;

export interface SegmentLogOptions<T extends StoredRecord, S> {
  dir: string;
  codec: RecordCodec<T, S>;
  notices: StorageNotices;
  sync: SyncMode;
  /** A segment is full at this many records (default 1,000)... */
  maxRecords?: number;
  /** ...or this many bytes (default 16 MiB). */
  maxBytes?: number;
  /** Keep a trigram filter of each full segment, so a search skips those that cannot match. */
  gramIndex?: boolean;
}

const DEFAULT_SEGMENT_RECORDS = 1000;
const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024;

export interface PageRequest {
  before?: string | undefined;
  limit: number;
  /** Keeps only records whose stored line holds this text: one scan of each whole segment file. */
  search?: ByteSearch | undefined;
  /** A search stops early once its asker has gone away (a superseded filter). */
  signal?: AbortSignal | undefined;
}

export interface PageResult<S> {
  items: S[];
  nextCursor: string | null;
}

interface OpenSegment<S> {
  name: string;
  handle: FileHandle | null;
  entries: Entry<S>[];
  /** Bytes in the file. */
  size: number;
  /** Bytes the entries cost, files beside them included. */
  weight: number;
}

interface Pending<T, S> {
  record: T;
  /** Serialized when appended, so later changes to the object cannot leak into the log. */
  line: string;
  /** The line's length in UTF-8, its newline included. */
  length: number;
  summary: S;
  resolve: (summary: S) => void;
  reject: (error: unknown) => void;
}

const CACHED_SEGMENTS = 16;
const MANIFEST_FILE = 'segments.json';

/**
 * An append-only log of records in bounded JSONL segment files. Appends are group-committed:
 * everything that arrives while a write is under way goes into the next write, and each
 * append resolves only once its bytes are written (and fsynced, in `always` mode). Full segments
 * are never rewritten; an index of them is a small lowdb document; retention drops whole
 * segments, oldest first.
 */
export class SegmentLog<T extends StoredRecord, S extends StoredRecord> {
  private sealed: SegmentMeta[] = [];
  private current: OpenSegment<S> | null = null;
  private pending: Pending<T, S>[] = [];
  private flushing: Promise<void> | null = null;
  private syncTimer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> = Promise.resolve();
  private readonly cache = new Map<string, Entry<S>[]>();
  private grams: GramIndex | null = null;

  private readonly options: Required<SegmentLogOptions<T, S>>;

  private constructor(
    options: SegmentLogOptions<T, S>,
    private readonly manifest: Low<Manifest>,
  ) {
    this.options = { maxRecords: DEFAULT_SEGMENT_RECORDS, maxBytes: DEFAULT_SEGMENT_BYTES, gramIndex: false, ...options };
  }

  static async open<T extends StoredRecord, S extends StoredRecord>(options: SegmentLogOptions<T, S>): Promise<SegmentLog<T, S>> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 }).catch(async (error: unknown) => {
      // Node's recursive mkdir reports ENOENT for a folder it could not create on a read-only
      // file system; the plain call (the parent exists) reports the real cause, EROFS.
      if (isNotFound(error)) await mkdir(options.dir, { mode: 0o700 });
      else throw error;
    });
    const manifest = await openDocument<Manifest>({
      file: join(options.dir, MANIFEST_FILE),
      defaults: () => ({ version: 1, segments: [] }),
      accept: (value) => (Value.Check(Manifest, value) ? value : undefined),
      notices: options.notices,
      durable: options.sync !== 'never',
    });
    const log = new SegmentLog(options, manifest);
    await log.recover();
    if (options.gramIndex) {
      log.grams = new GramIndex(options.dir);
      log.grams.start(log.sealed.map((meta) => meta.name));
    }
    return log;
  }

  private sealedCount = 0;
  private sealedBytes = 0;

  get count(): number {
    return this.sealedCount + (this.current?.entries.length ?? 0);
  }

  get bytes(): number {
    return this.sealedBytes + (this.current?.weight ?? 0);
  }

  get newestId(): string | undefined {
    return this.current?.entries.at(-1)?.id ?? this.sealed.at(-1)?.lastId;
  }

  get sealedSegments(): number {
    return this.sealed.length;
  }

  /** The segment files, newest first (the open one included), for one-off scans that read the records themselves. */
  get files(): string[] {
    const names = this.sealed.map((meta) => meta.name).reverse();
    if (this.current && this.current.entries.length > 0) names.unshift(this.current.name);
    return names.map((name) => join(this.options.dir, name));
  }

  /** The oldest full segment, the one retention would drop next. */
  get oldestSealed(): Readonly<SegmentMeta> | undefined {
    return this.sealed[0];
  }

  /** Resolves with the record's summary once it is on disk. Records must come in ascending id order. */
  append(record: T): Promise<S> {
    return new Promise((resolve, reject) => {
      // Kept as a string: a batch is encoded into one buffer when it is written.
      const line = JSON.stringify(record);
      const length = Buffer.byteLength(line) + 1;
      this.grams?.appended();
      this.pending.push({ record, line, length, summary: this.options.codec.summarize(record), resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  async page(request: PageRequest): Promise<PageResult<S>> {
    if (request.search) return this.searchPage(request, request.search);
    const items: S[] = [];
    let more = false;
    for await (const { entries } of this.segmentsNewestFirst(request.before)) {
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const entry = entries[index]!;
        if (request.before !== undefined && entry.id >= request.before) continue;
        if (items.length === request.limit) {
          more = true;
          break;
        }
        items.push(entry.summary);
      }
      if (more) break;
    }
    const last = items.at(-1);
    return { items, nextCursor: more && last ? last.id : null };
  }

  /** A search reads the segment files newest first and parses only the lines that match. */
  private searchPage(request: PageRequest, search: ByteSearch): Promise<PageResult<S>> {
    const { before } = request;
    const names = [
      ...(this.current && this.current.entries.length > 0 ? [this.current.name] : []),
      ...this.sealed
        .filter(
          (meta) =>
            (before === undefined || meta.firstId < before) && search.grams.some((grams) => this.grams?.mayHold(meta.name, grams) ?? true),
        )
        .map((meta) => meta.name)
        .reverse(),
    ];
    return searchSegments(
      names.map((name) => join(this.options.dir, name)),
      this.options.codec,
      { ...request, search },
    );
  }

  /** Summaries with ids greater than `after`, oldest first, at most `limit`. */
  async after(after: string, limit: number): Promise<S[]> {
    const newer: S[] = [];
    for await (const { entries } of this.segmentsNewestFirst()) {
      const start = lowerBound(entries, after);
      const from = entries[start]?.id === after ? start + 1 : start;
      newer.unshift(...entries.slice(from).map((entry) => entry.summary));
      if (from > 0) break;
    }
    return newer.slice(0, limit);
  }

  /** Every summary, oldest first (for logs whose index is rebuilt at start). */
  async *summaries(): AsyncGenerator<S> {
    for (const meta of this.sealed.slice()) {
      for (const entry of await this.loadSealed(meta)) yield entry.summary;
    }
    for (const entry of this.current?.entries.slice() ?? []) yield entry.summary;
  }

  async get(id: string): Promise<T | undefined> {
    const located = await this.locate(id);
    if (!located) return undefined;
    const handle = await open(join(this.options.dir, located.name), 'r');
    try {
      const buffer = Buffer.alloc(located.entry.length);
      await handle.read(buffer, 0, buffer.length, located.entry.offset);
      const value: unknown = JSON.parse(buffer.toString('utf8'));
      return this.options.codec.accept(value) ? value : undefined;
    } finally {
      await handle.close();
    }
  }

  /** Drops the oldest full segment (only if it is still `expected`); returns what it held. */
  async dropOldest(expected?: string): Promise<SegmentMeta | undefined> {
    if (expected !== undefined && this.sealed[0]?.name !== expected) return undefined;
    const oldest = this.sealed.shift();
    if (!oldest) return undefined;
    this.cache.delete(oldest.name);
    await this.saveManifest();
    await this.grams?.dropped(oldest.name);
    await unlink(join(this.options.dir, oldest.name)).catch(ignoreMissing);
    return oldest;
  }

  /** Waits for every append made so far to be written. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.grams?.close();
    await this.closeWrites();
  }

  /** Removes every record; the log stays open for new ones. */
  async clear(): Promise<void> {
    await this.closeWrites();
    const names = [...this.sealed.map((meta) => meta.name), ...(this.current ? [this.current.name] : [])];
    this.sealed = [];
    this.current = null;
    this.cache.clear();
    await Promise.all(names.map((name) => this.grams?.dropped(name)));
    // A filter being built for one of them must not be written back after the clear.
    await this.grams?.settled();
    await this.saveManifest();
    await Promise.all(names.map((name) => unlink(join(this.options.dir, name)).catch(ignoreMissing)));
  }

  /** Waits for the writes under way and closes the open segment's file. */
  private async closeWrites(): Promise<void> {
    await this.idle();
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    if (this.current) await this.closeFile(this.current);
  }

  private async flushLoop(): Promise<void> {
    // Let everything that arrived in this turn of the event loop join the first write.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      await this.write(batch);
    }
    this.flushing = null;
  }

  /**
   * Appends the batch, a segment's worth at a time. Each record resolves once its chunk is on
   * disk; a failure rejects only the records not stored yet, never one that was.
   */
  private async write(batch: Pending<T, S>[]): Promise<void> {
    let index = 0;
    try {
      while (index < batch.length) index += await this.writeChunk(batch.slice(index));
    } catch (error) {
      for (const item of batch.slice(index)) item.reject(error);
    }
  }

  /** Writes as many of `items` as the open segment takes; resolves them and answers how many. */
  private async writeChunk(items: Pending<T, S>[]): Promise<number> {
    const { codec, sync, maxRecords, maxBytes } = this.options;
    const segment = await this.openSegment(items[0]!.record.id);
    const chunk = items.slice(0, maxRecords - segment.entries.length);
    try {
      // A synchronous append only copies into the page cache (tens of microseconds); it
      // saves a thread-pool round trip per group commit. The fsync runs off the event loop.
      writeAll(segment.handle.fd, encodeLines(chunk));
      if (sync === 'always') await segment.handle.datasync();
      else if (sync === 'interval') this.syncSoon();
    } catch (error) {
      await this.undoPartialWrite(segment);
      throw error;
    }
    let offset = segment.size;
    for (const { record, length, summary } of chunk) {
      const entry: Entry<S> = {
        id: record.id,
        offset,
        length,
        weight: length + (codec.extraBytes?.(record) ?? 0),
        summary,
      };
      segment.entries.push(entry);
      segment.weight += entry.weight;
      offset += entry.length;
    }
    segment.size = offset;
    for (const item of chunk) item.resolve(item.summary);
    // The index of full segments is rebuilt from the files if saving it fails.
    if (segment.entries.length >= maxRecords || segment.size >= maxBytes) await this.seal().catch(() => {});
    return chunk.length;
  }

  /** A failed append must not leave half a line for the next record to be glued onto. */
  private async undoPartialWrite(segment: OpenSegment<S>): Promise<void> {
    try {
      ftruncateSync(segment.handle!.fd, segment.size);
    } catch {
      // The file cannot be trimmed: close it as it is (reading it later drops the damaged
      // tail) and start a new segment for the next records.
      if (segment.entries.length > 0) {
        await this.seal().catch(() => {});
      } else {
        await this.closeFile(segment);
        this.current = null;
      }
    }
  }

  private async openSegment(firstId: string): Promise<OpenSegment<S> & { handle: FileHandle }> {
    this.current ??= { name: `${firstId}.jsonl`, handle: null, entries: [], size: 0, weight: 0 };
    const segment = this.current;
    if (!segment.handle) {
      const file = join(this.options.dir, segment.name);
      segment.handle = await open(file, 'a', 0o600);
      if (this.options.sync !== 'never') await syncFolder(file);
    }
    return segment as OpenSegment<S> & { handle: FileHandle };
  }

  private async seal(): Promise<void> {
    const segment = this.current;
    if (!segment) return;
    await this.closeFile(segment);
    this.current = null;
    this.sealed.push(metaOf(segment.name, segment.entries));
    this.remember(segment.name, segment.entries);
    this.grams?.sealed(segment.name);
    await this.saveManifest();
  }

  /** With `interval`, the open segment is fsynced in the background within a second of a write. */
  private syncSoon(): void {
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      const handle = this.current?.handle;
      if (handle) this.syncing = handle.datasync().catch(() => {});
    }, SYNC_INTERVAL_MS);
    this.syncTimer.unref();
  }

  /** Closes a segment's file, fsynced first unless the mode is `never`. */
  private async closeFile(segment: OpenSegment<S>): Promise<void> {
    await this.syncing;
    if (segment.handle && this.options.sync !== 'never') await segment.handle.datasync().catch(() => {});
    await segment.handle?.close().catch(() => {});
    segment.handle = null;
  }

  private recount(): void {
    this.sealedCount = this.sealed.reduce((sum, meta) => sum + meta.count, 0);
    this.sealedBytes = this.sealed.reduce((sum, meta) => sum + meta.bytes, 0);
  }

  private async saveManifest(): Promise<void> {
    this.recount();
    this.manifest.data = { version: 1, segments: this.sealed.slice() };
    await this.manifest.write();
  }

  private async *segmentsNewestFirst(before?: string): AsyncGenerator<{ name: string; entries: Entry<S>[] }> {
    const current = this.current;
    const sealed = this.sealed.slice();
    if (current && current.entries.length > 0) yield { name: current.name, entries: current.entries.slice() };
    for (let index = sealed.length - 1; index >= 0; index -= 1) {
      const meta = sealed[index]!;
      if (before !== undefined && meta.firstId >= before) continue;
      const entries = await this.loadSealed(meta);
      if (entries.length > 0) yield { name: meta.name, entries };
    }
  }

  private async locate(id: string): Promise<{ name: string; entry: Entry<S> } | undefined> {
    const current = this.current;
    if (current && current.entries.length > 0 && id >= current.entries[0]!.id) {
      const index = findEntry(current.entries, id);
      return index === -1 ? undefined : { name: current.name, entry: current.entries[index]! };
    }
    const meta = this.sealed.find((candidate) => candidate.firstId <= id && id <= candidate.lastId);
    if (!meta) return undefined;
    const entries = await this.loadSealed(meta);
    const index = findEntry(entries, id);
    return index === -1 ? undefined : { name: meta.name, entry: entries[index]! };
  }

  private async loadSealed(meta: SegmentMeta): Promise<Entry<S>[]> {
    const cached = this.cache.get(meta.name);
    if (cached) {
      this.remember(meta.name, cached);
      return cached;
    }
    let entries: Entry<S>[];
    try {
      entries = await readSegment(join(this.options.dir, meta.name), this.options.codec, this.options.notices);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      entries = [];
    }
    if (entries.length !== meta.count) await this.reindex(meta, entries);
    this.remember(meta.name, entries);
    return entries;
  }

  /** A full segment turned out damaged or missing: make the index match what survived. */
  private async reindex(meta: SegmentMeta, entries: Entry<S>[]): Promise<void> {
    const position = this.sealed.findIndex((candidate) => candidate.name === meta.name);
    if (position === -1) return;
    if (entries.length === 0) {
      this.sealed.splice(position, 1);
      await this.grams?.dropped(meta.name);
    } else {
      this.sealed[position] = metaOf(meta.name, entries);
    }
    await this.saveManifest();
  }

  private remember(name: string, entries: Entry<S>[]): void {
    this.cache.delete(name);
    this.cache.set(name, entries);
    if (this.cache.size > CACHED_SEGMENTS) this.cache.delete(this.cache.keys().next().value!);
  }

  /** Rebuilds the in-memory view from the folder: trusted index first, then unindexed files. */
  private async recover(): Promise<void> {
    const { dir, codec, notices, maxRecords } = this.options;
    const files = (await readdir(dir)).filter((name) => name.endsWith('.jsonl')).sort();
    const present = new Set(files);
    const indexed = new Set<string>();
    let changed = false;
    for (const meta of this.manifest.data.segments) {
      if (present.has(meta.name)) {
        this.sealed.push(meta);
        indexed.add(meta.name);
      } else {
        notices.add(meta.name, 'segment file missing', 'dropped it from the index');
        changed = true;
      }
    }
    const unindexed = files.filter((name) => !indexed.has(name));
    const newestSealed = this.sealed.reduce((newest, meta) => (meta.name > newest ? meta.name : newest), '');
    for (const [position, name] of unindexed.entries()) {
      const entries = await readSegment(join(dir, name), codec, notices);
      const isNewest = position === unindexed.length - 1 && name > newestSealed;
      if (isNewest && entries.length < maxRecords) {
        const size = entries.reduce((sum, entry) => sum + entry.length, 0);
        const weight = entries.reduce((sum, entry) => sum + entry.weight, 0);
        this.current = { name, handle: null, entries, size, weight };
      } else if (entries.length > 0) {
        this.sealed.push(metaOf(name, entries));
        changed = true;
      } else {
        await unlink(join(dir, name));
      }
    }
    this.sealed.sort((a, b) => (a.name < b.name ? -1 : 1));
    if (changed) await this.saveManifest();
    else this.recount();
  }
}

function metaOf<S>(name: string, entries: Entry<S>[]): SegmentMeta {
  return {
    name,
    firstId: entries[0]!.id,
    lastId: entries.at(-1)!.id,
    count: entries.length,
    bytes: entries.reduce((sum, entry) => sum + entry.weight, 0),
  };
}

/** The lines of a batch, newline-terminated, in one buffer: one copy of each string, one write. */
function encodeLines(items: { line: string; length: number }[]): Buffer {
  const buffer = Buffer.allocUnsafe(items.reduce((sum, item) => sum + item.length, 0));
  let offset = 0;
  for (const { line, length } of items) {
    buffer.write(line, offset);
    buffer[offset + length - 1] = NEWLINE;
    offset += length;
  }
  return buffer;
}

const NEWLINE = 0x0a;

/** Writes the whole buffer; a short write (rare) goes on from where it stopped. */
function writeAll(fd: number, buffer: Buffer): void {
  let written = 0;
  while (written < buffer.length) written += writeSync(fd, buffer, written, buffer.length - written);
}

function ignoreMissing(error: unknown): void {
  if (!isNotFound(error)) throw error;
}
