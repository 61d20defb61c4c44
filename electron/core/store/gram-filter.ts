/**
 * A skip index for substring search, in the manner of ClickHouse's `ngrambf_v1`: a Bloom filter
 * of every three-byte sequence (trigram) in a segment file, ASCII letters folded to lower case
 * as the search folds them. A segment whose filter lacks any trigram of the needle cannot hold
 * it and is not read. A filter only ever answers "no" or "maybe", so a search that uses it finds
 * exactly what a full scan finds.
 */
import { crc32 } from 'node:zlib';

const MAGIC = 0x48424732; // "HBG2"
/** Magic, bits (log2), the size of the segment it was built from, and a CRC-32 of the bits. */
const HEADER_BYTES = 20;
const MIN_LOG2_BITS = 12;
const MAX_LOG2_BITS = 21;
/** One bit per eight bytes of segment: a filter a sixty-fourth of its segment's size. */
const BYTES_PER_BIT = 8;

export class GramFilter {
  private constructor(
    private readonly words: Uint32Array,
    private readonly shift: number,
    /** The size of the segment file it was built from: a filter of another version of it is stale. */
    readonly segmentBytes: number,
  ) {}

  /** The filter of a segment file's bytes. */
  static of(bytes: Uint8Array): GramFilter {
    let log2 = MIN_LOG2_BITS;
    while (log2 < MAX_LOG2_BITS && 2 ** log2 * BYTES_PER_BIT < bytes.length) log2 += 1;
    const words = new Uint32Array(2 ** (log2 - 5));
    const shift = 32 - log2;
    let gram = 0;
    for (let index = 0; index < bytes.length; index += 1) {
      gram = ((gram << 8) | fold(bytes[index]!)) & 0xffffff;
      if (index < 2) continue;
      const bit = Math.imul(gram, 0x9e3779b1) >>> shift;
      words[bit >>> 5]! |= 1 << (bit & 31);
    }
    return new GramFilter(words, shift, bytes.length);
  }

  /** A filter as `toBuffer` wrote it; undefined for anything else (a damaged file is rebuilt). */
  static fromBuffer(buffer: Buffer): GramFilter | undefined {
    if (buffer.length < HEADER_BYTES || buffer.readUInt32LE(0) !== MAGIC) return undefined;
    const log2 = buffer.readUInt32LE(4);
    if (log2 < MIN_LOG2_BITS || log2 > MAX_LOG2_BITS || buffer.length !== HEADER_BYTES + 2 ** (log2 - 3)) return undefined;
    const bits = buffer.subarray(HEADER_BYTES);
    if (crc32(bits) !== buffer.readUInt32LE(16)) return undefined;
    const words = new Uint32Array(2 ** (log2 - 5));
    Buffer.from(words.buffer).set(bits);
    return new GramFilter(words, 32 - log2, buffer.readUIntLE(8, 6));
  }

  toBuffer(): Buffer {
    const buffer = Buffer.alloc(HEADER_BYTES + this.words.byteLength);
    const bits = Buffer.from(this.words.buffer, this.words.byteOffset, this.words.byteLength);
    buffer.writeUInt32LE(MAGIC, 0);
    buffer.writeUInt32LE(32 - this.shift, 4);
    buffer.writeUIntLE(this.segmentBytes, 8, 6);
    buffer.writeUInt32LE(crc32(bits), 16);
    bits.copy(buffer, HEADER_BYTES);
    return buffer;
  }

  /** False only if the segment cannot hold the needle whose trigrams these are. */
  mayContain(grams: readonly number[]): boolean {
    for (const gram of grams) {
      const bit = Math.imul(gram, 0x9e3779b1) >>> this.shift;
      if ((this.words[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  get bytes(): number {
    return this.words.byteLength;
  }
}

/** The needle's distinct trigrams, folded as the filter folds; none for a needle under three bytes. */
export function gramsOf(needle: Uint8Array): number[] {
  const grams = new Set<number>();
  for (let index = 2; index < needle.length; index += 1) {
    grams.add((fold(needle[index - 2]!) << 16) | (fold(needle[index - 1]!) << 8) | fold(needle[index]!));
  }
  return [...grams];
}

/** ASCII A-Z to lower case, every other byte as it is: how both the search and its filters compare. */
export function fold(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte;
}
