// Listpack: a sequence of strings and integers packed into one Buffer, byte-compatible with Redis's
// listpack (the layout RDB and DUMP carry), so small hashes, sets, zsets and lists cost one
// allocation instead of one JS object per element.
//
// Layout (all little endian):
//   [total-bytes u32][num-elements u16][entry]...[0xFF]
// num-elements is 65535 when the count does not fit ("unknown"); we also keep the exact count in a
// field so length() never walks. Each entry is [encoding+data][back-length]; back-length stores the
// size of encoding+data in 1..5 bytes, written so it can be read from its last byte backwards (7
// bits per byte, high bit set on every byte but the first), which is what makes prev() O(1).
//
// Encodings (first byte):
//   0xxxxxxx            7-bit unsigned int 0..127            (1 byte)
//   10llllll            string, length < 64                  (1 + len)
//   110vvvvv v8         13-bit signed int                    (2 bytes)
//   1110llll l8         string, length < 4096                (2 + len)
//   0xF0 len32          string, 32-bit length                (5 + len)
//   0xF1/F2/F3/F4       16/24/32/64-bit signed int           (3/4/5/9 bytes)
//   0xFF                end of listpack
// A string that is the canonical form of an int64 (Redis's string2ll rules) is stored as an
// integer, exactly as Redis does; get() gives back the same canonical string.
//
// Invariants: #used bytes of #buf hold a valid listpack (header total-bytes == #used, last byte
// 0xFF); bytes beyond #used are spare capacity. Positions are byte offsets into the listpack and
// are invalidated by any write except where a method documents the offset it returns; -1 = none.

import {
  LP_EOF, LP_HDR_NUMELE_UNKNOWN, LP_HDR_SIZE, backlenSize, classify, countValid, encodedSize, readBacklen,
  writeEntry,
} from './listpack-codec.ts';
import type { LpValue } from './listpack-codec.ts';

export {
  LP_EOF, LP_HDR_NUMELE_UNKNOWN, LP_HDR_SIZE, backlenSize, countValid, validateIntegrity,
} from './listpack-codec.ts';
export type { LpValue } from './listpack-codec.ts';

export const LP_BEFORE = 0;
export const LP_AFTER = 1;
export const LP_REPLACE = 2;

export class Listpack {
  #buf: Buffer;
  #used: number;
  #count: number;

  constructor(capacity = 32) {
    // Pooled allocation: small listpacks are slices of Node's shared 8 KB slabs. A private
    // ArrayBuffer each (allocUnsafeSlow) measured ~2x the memory and ~5x the time per small value.
    this.#buf = Buffer.allocUnsafe(Math.max(capacity, LP_HDR_SIZE + 1));
    this.#used = LP_HDR_SIZE + 1;
    this.#count = 0;
    this.#buf[LP_HDR_SIZE] = LP_EOF;
    this.#syncHeader();
  }

  /** A listpack over a copy of serialized bytes (RDB, DUMP), or null when they are not valid. */
  static fromBytes(bytes: Uint8Array): Listpack | null {
    const buf = Buffer.from(bytes);
    const count = countValid(buf, buf.length);
    if (count < 0) return null;
    const lp = new Listpack(0);
    lp.#buf = buf;
    lp.#used = buf.length;
    lp.#count = count;
    return lp;
  }

  /**
   * Adopts bytes known to be a valid listpack (our own output, e.g. a decompressed quicklist node)
   * without copying or validating them.
   */
  static fromTrusted(buf: Buffer, count: number): Listpack {
    const lp = new Listpack(0);
    lp.#buf = buf;
    lp.#used = buf.readUInt32LE(0);
    lp.#count = count;
    return lp;
  }

  /** Number of elements. */
  get length(): number { return this.#count; }
  /** Serialized size in bytes (what Redis's lpBytes reports). */
  get bytes(): number { return this.#used; }
  /** The serialized bytes as a view (valid until the next write). */
  view(): Buffer { return this.#buf.subarray(0, this.#used); }
  clone(): Listpack {
    const lp = new Listpack(0);
    lp.#buf = Buffer.from(this.view());
    lp.#used = this.#used;
    lp.#count = this.#count;
    return lp;
  }
  /** Drops spare capacity (for long-lived, rarely written values). */
  shrinkToFit(): void {
    if (this.#buf.length !== this.#used) this.#buf = Buffer.from(this.view());
  }

  first(): number { return this.#used > LP_HDR_SIZE + 1 ? LP_HDR_SIZE : -1; }
  last(): number { return this.#used > LP_HDR_SIZE + 1 ? this.prev(this.#used - 1) : -1; }
  /** Offset of the element after p, or -1 at the end. */
  next(p: number): number {
    const l = encodedSize(this.#buf, p, this.#used);
    const q = p + l + backlenSize(l);
    return q >= this.#used - 1 ? -1 : q;
  }
  /** Offset of the element before p (p may be the EOF offset), or -1 at the start. */
  prev(p: number): number {
    if (p <= LP_HDR_SIZE) return -1;
    const l = readBacklen(this.#buf, p - 1, LP_HDR_SIZE);
    return p - 1 - (backlenSize(l) - 1) - l;
  }
  /** Offset of element `index` (negative counts from the tail), or -1 when out of range. */
  seek(index: number): number {
    const n = this.#count;
    if (index < 0) index += n;
    if (index < 0 || index >= n) return -1;
    if (index <= n >> 1) {
      let p = LP_HDR_SIZE;
      for (let i = 0; i < index; i++) p = this.next(p);
      return p;
    }
    let p = this.last();
    for (let i = n - 1; i > index; i--) p = this.prev(p);
    return p;
  }

  /** True when the entry at p is integer-encoded. */
  isInt(p: number): boolean {
    const b = this.#buf[p]!;
    return b < 0x80 || (b >= 0xc0 && b < 0xe0) || (b >= 0xf1 && b <= 0xf4);
  }
  /** Integer value of an integer entry (int64 beyond 2^53 rounds to the nearest double). */
  getInt(p: number): number {
    const buf = this.#buf;
    const b = buf[p]!;
    if (b < 0x80) return b;
    if (b < 0xe0) {
      const u = ((b & 0x1f) << 8) | buf[p + 1]!;
      return u >= 4096 ? u - 8192 : u;
    }
    switch (b) {
      case 0xf1: return buf.readInt16LE(p + 1);
      case 0xf2: return buf.readIntLE(p + 1, 3);
      case 0xf3: return buf.readInt32LE(p + 1);
      default: return Number(buf.readBigInt64LE(p + 1));
    }
  }
  /** The element at p as a latin1 string (integers in canonical decimal form). */
  get(p: number): string {
    const buf = this.#buf;
    const b = buf[p]!;
    if (b >= 0x80 && b < 0xc0) return buf.latin1Slice(p + 1, p + 1 + (b & 0x3f));
    if (b >= 0xe0 && b < 0xf0) {
      const n = ((b & 0x0f) << 8) | buf[p + 1]!;
      return buf.latin1Slice(p + 2, p + 2 + n);
    }
    if (b === 0xf0) return buf.latin1Slice(p + 5, p + 5 + buf.readUInt32LE(p + 1));
    if (b === 0xf4) return buf.readBigInt64LE(p + 1).toString();
    return String(this.getInt(p));
  }
  /** Element at index (negative from the tail), or null. */
  at(index: number): string | null {
    const p = this.seek(index);
    return p < 0 ? null : this.get(p);
  }
  toArray(): string[] {
    const out: string[] = [];
    for (let p = this.first(); p >= 0; p = this.next(p)) out.push(this.get(p));
    return out;
  }

  /** True when the entry at p equals s (as bytes; integer entries compare by canonical form). */
  equals(p: number, s: string): boolean {
    const buf = this.#buf;
    const b = buf[p]!;
    let start: number;
    let n: number;
    if (b >= 0x80 && b < 0xc0) { start = p + 1; n = b & 0x3f; }
    else if (b >= 0xe0 && b < 0xf0) { start = p + 2; n = ((b & 0x0f) << 8) | buf[p + 1]!; }
    else if (b === 0xf0) { start = p + 5; n = buf.readUInt32LE(p + 1); }
    else return s.length <= 20 && this.get(p) === s;
    if (n !== s.length) return false;
    for (let i = 0; i < n; i++) if (buf[start + i] !== s.charCodeAt(i)) return false;
    return true;
  }
  /**
   * From p, the first element equal to s, comparing one element and then skipping `skip` (Redis's
   * lpFind: skip 1 walks only the fields of a field/value listpack). -1 when not found.
   */
  find(p: number, s: string, skip = 0): number {
    let skipped = 0;
    while (p >= 0) {
      if (skipped === 0) {
        if (this.equals(p, s)) return p;
        skipped = skip;
      } else {
        skipped--;
      }
      p = this.next(p);
    }
    return -1;
  }

  append(v: LpValue): number { return this.insert(this.#used - 1, v, LP_BEFORE); }
  prepend(v: LpValue): number { return this.insert(LP_HDR_SIZE, v, LP_BEFORE); }
  /** Inserts at element index 0..length (length appends); returns the new element's offset. */
  insertAt(index: number, v: LpValue): number {
    const p = index >= this.#count ? this.#used - 1 : this.seek(index);
    return this.insert(p, v, LP_BEFORE);
  }
  /** Replaces the element at p; returns its offset (unchanged). */
  replace(p: number, v: LpValue): number { return this.insert(p, v, LP_REPLACE); }

  /**
   * Inserts v before/after the element at p, or replaces it (LP_BEFORE on the EOF offset appends).
   * Returns the offset of the written element.
   */
  insert(p: number, v: LpValue, where: number): number {
    const encLen = classify(v);
    const entryLen = encLen + backlenSize(encLen);
    let oldLen = 0;
    if (where === LP_AFTER) {
      const l = encodedSize(this.#buf, p, this.#used);
      p += l + backlenSize(l);
    } else if (where === LP_REPLACE) {
      const l = encodedSize(this.#buf, p, this.#used);
      oldLen = l + backlenSize(l);
    }
    const delta = entryLen - oldLen;
    const newUsed = this.#used + delta;
    if (newUsed > 0xffffffff) throw new RangeError('listpack would exceed 4 GB');
    this.#reserve(newUsed);
    const buf = this.#buf;
    if (delta !== 0) buf.copyWithin(p + entryLen, p + oldLen, this.#used);
    writeEntry(buf, p);
    this.#used = newUsed;
    if (where !== LP_REPLACE) this.#count++;
    this.#syncHeader();
    return p;
  }

  /** Deletes the element at p; returns the offset of the element that followed it, or -1. */
  delete(p: number): number {
    const l = encodedSize(this.#buf, p, this.#used);
    this.#deleteBytes(p, p + l + backlenSize(l), 1);
    return p >= this.#used - 1 ? -1 : p;
  }
  /** Deletes `count` elements starting at p (fewer if the list ends first); returns deleted. */
  deleteRangeAt(p: number, count: number): number {
    let q = p;
    let n = 0;
    while (n < count && q < this.#used - 1) {
      const l = encodedSize(this.#buf, q, this.#used);
      q += l + backlenSize(l);
      n++;
    }
    this.#deleteBytes(p, q, n);
    return n;
  }
  /** Deletes `count` elements from index (negative from the tail); returns how many went. */
  deleteRange(index: number, count: number): number {
    if (count <= 0) return 0;
    const p = this.seek(index);
    return p < 0 ? 0 : this.deleteRangeAt(p, count);
  }
  /** Appends every element of other (entries are self-contained, so this is a byte copy). */
  appendAll(other: Listpack): void {
    const n = other.#used - LP_HDR_SIZE - 1;
    this.#reserve(this.#used + n);
    other.#buf.copy(this.#buf, this.#used - 1, LP_HDR_SIZE, other.#used - 1);
    this.#used += n;
    this.#buf[this.#used - 1] = LP_EOF;
    this.#count += other.#count;
    this.#syncHeader();
  }

  #deleteBytes(from: number, to: number, n: number): void {
    if (n === 0) return;
    this.#buf.copyWithin(from, to, this.#used);
    this.#used -= to - from;
    this.#count -= n;
    this.#syncHeader();
  }
  #reserve(need: number): void {
    if (need <= this.#buf.length) return;
    // Grow by half again so runs of appends are amortized O(1); Redis reallocs exactly, which
    // its allocator's size classes make cheap and ours would not.
    const cap = Math.max(need, Math.min(this.#buf.length + (this.#buf.length >> 1), need + 65536));
    const nb = Buffer.allocUnsafe(cap);
    this.#buf.copy(nb, 0, 0, this.#used);
    this.#buf = nb;
  }
  #syncHeader(): void {
    this.#buf.writeUInt32LE(this.#used, 0);
    this.#buf.writeUInt16LE(this.#count < LP_HDR_NUMELE_UNKNOWN ? this.#count : LP_HDR_NUMELE_UNKNOWN, 4);
  }
}
