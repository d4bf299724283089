// Listpack: a sequence of strings and integers packed into one latin1 JS string (one char per
// byte), byte-compatible with Redis's listpack (the layout RDB and DUMP carry), so small hashes,
// sets, zsets and lists cost one heap string instead of one JS object per element. A string, not a
// Buffer: a Buffer costs ~104 B of object plus a slice of Node's shared 8 KB pool (which pins the
// slab), and growth left dead slices behind; a one-byte string is 16 B + its bytes and V8 compacts
// it with the rest of the heap.
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
// Invariants: #s is a valid listpack (header total-bytes == #s.length, last char 0xFF) and always
// a flat string: writes copy it into a module scratch Buffer, edit the bytes there and take one
// latin1Slice back. Concatenation (header + slices + entry) measured about as fast for small
// listpacks but left ConsString cells and the previous string alive until the next read: ~60% more
// heap for a hash built field by field. So there is no spare capacity and no cons cell; the price
// is a full copy per write, which is why multi-element writes (insertMany, appendMany, prependMany,
// rebuild) build the string once, and why quicklist end nodes defer single pushes and pops
// (QNode.pushDeferred) instead of copying a whole node per RPUSH or LPOP. Positions are byte offsets into the listpack
// and are invalidated by any write except where a method documents the offset it returns; -1 = none.

import {
  LP_HDR_SIZE, backlenSize, bytesToLatin1, classify, copyIn, countValidString, encodedSize,
  entrySize, finish, int64String, readBacklen, scratchBuffer, u32At, writeEntry,
} from './listpack-codec.ts';
import type { LpValue } from './listpack-codec.ts';

export {
  LP_EOF, LP_HDR_NUMELE_UNKNOWN, LP_HDR_SIZE, backlenSize, countValid, entrySize, validateIntegrity,
} from './listpack-codec.ts';
export type { LpValue } from './listpack-codec.ts';

export const LP_BEFORE = 0;
export const LP_AFTER = 1;
export const LP_REPLACE = 2;

/** Below twice this many bytes, #open copies a listpack's two parts in JS (see copyIn). */
const JS_COPY_HINT = 32;

/** An empty listpack: header (7 bytes, 0 elements) and terminator. */
const EMPTY = '\x07\x00\x00\x00\x00\x00\xff';
export class Listpack {
  #s: string;
  #count: number;

  /** An empty listpack (there is never spare room to reserve). */
  constructor() {
    this.#s = EMPTY;
    this.#count = 0;
  }

  /** A listpack over a copy of serialized bytes (RDB, DUMP), or null when they are not valid. */
  static fromBytes(bytes: Uint8Array): Listpack | null {
    return Listpack.fromString(bytesToLatin1(bytes));
  }

  /** A listpack over a serialized listpack held in a latin1 string, or null when not valid. */
  static fromString(s: string): Listpack | null {
    const count = countValidString(s);
    if (count < 0) return null;
    const lp = new Listpack();
    lp.#s = s;
    lp.#count = count;
    return lp;
  }

  /**
   * Adopts bytes known to be a valid listpack (our own output, e.g. a decompressed quicklist node)
   * without validating them; the first total-bytes bytes are copied into a string.
   */
  static fromTrusted(buf: Buffer, count: number): Listpack {
    const lp = new Listpack();
    lp.#s = buf.latin1Slice(0, buf.readUInt32LE(0));
    lp.#count = count;
    return lp;
  }

  /** Number of elements. */
  get length(): number { return this.#count; }
  /** Serialized size in bytes (what Redis's lpBytes reports). */
  get bytes(): number { return this.#s.length; }
  /** The serialized bytes as a latin1 string (immutable: safe to keep). */
  get raw(): string { return this.#s; }
  /** A copy of the serialized bytes. */
  view(): Buffer { return Buffer.from(this.#s, 'latin1'); }
  /**
   * The serialized bytes in the shared scratch buffer, valid only until the next listpack write
   * anywhere: for a reader that is done with them at once (LZF compression), saving a copy.
   */
  scratchView(): Buffer {
    const n = this.#s.length;
    const buf = scratchBuffer(n);
    buf.latin1Write(this.#s, 0, n);
    return buf.subarray(0, n);
  }
  clone(): Listpack {
    // Strings are immutable, so the copy shares them until one side writes.
    const lp = new Listpack();
    lp.#s = this.#s;
    lp.#count = this.#count;
    return lp;
  }

  first(): number { return this.#s.length > LP_HDR_SIZE + 1 ? LP_HDR_SIZE : -1; }
  last(): number { return this.#s.length > LP_HDR_SIZE + 1 ? this.prev(this.#s.length - 1) : -1; }
  /** Offset of the element after p, or -1 at the end. */
  next(p: number): number {
    const s = this.#s;
    const l = encodedSize(s, p, s.length);
    const q = p + l + (l <= 127 ? 1 : backlenSize(l));
    return q >= s.length - 1 ? -1 : q;
  }
  /** Offset of the element before p (p may be the EOF offset), or -1 at the start. */
  prev(p: number): number {
    if (p <= LP_HDR_SIZE) return -1;
    const l = readBacklen(this.#s, p - 1, LP_HDR_SIZE);
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
    const b = this.#s.charCodeAt(p);
    return b < 0x80 || (b >= 0xc0 && b < 0xe0) || (b >= 0xf1 && b <= 0xf4);
  }
  /** Integer value of an integer entry (int64 beyond 2^53 rounds to the nearest double). */
  getInt(p: number): number {
    const s = this.#s;
    const b = s.charCodeAt(p);
    if (b < 0x80) return b;
    if (b < 0xe0) {
      const u = ((b & 0x1f) << 8) | s.charCodeAt(p + 1);
      return u >= 4096 ? u - 8192 : u;
    }
    const v16 = s.charCodeAt(p + 1) | (s.charCodeAt(p + 2) << 8);
    switch (b) {
      case 0xf1: return (v16 << 16) >> 16;
      case 0xf2: return ((v16 | (s.charCodeAt(p + 3) << 16)) << 8) >> 8;
      case 0xf3: return v16 | (s.charCodeAt(p + 3) << 16) | (s.charCodeAt(p + 4) << 24);
      default: return (u32At(s, p + 5) | 0) * 4294967296 + u32At(s, p + 1);
    }
  }
  /** The element at p as a latin1 string (integers in canonical decimal form). */
  get(p: number): string {
    const s = this.#s;
    const b = s.charCodeAt(p);
    if (b >= 0x80 && b < 0xc0) return s.slice(p + 1, p + 1 + (b & 0x3f));
    if (b >= 0xe0 && b < 0xf0) return s.slice(p + 2, p + 2 + (((b & 0x0f) << 8) | s.charCodeAt(p + 1)));
    if (b === 0xf0) return s.slice(p + 5, p + 5 + u32At(s, p + 1));
    if (b === 0xf4) return int64String(s, p + 1);
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

  /** True when the entry at p equals v (as bytes; integer entries compare by canonical form). */
  equals(p: number, v: string): boolean {
    const s = this.#s;
    const b = s.charCodeAt(p);
    let start: number;
    let n: number;
    if (b >= 0x80 && b < 0xc0) { start = p + 1; n = b & 0x3f; }
    else if (b >= 0xe0 && b < 0xf0) { start = p + 2; n = ((b & 0x0f) << 8) | s.charCodeAt(p + 1); }
    else if (b === 0xf0) { start = p + 5; n = u32At(s, p + 1); }
    else return v.length <= 20 && this.get(p) === v;
    if (n !== v.length) return false;
    for (let i = 0; i < n; i++) if (s.charCodeAt(start + i) !== v.charCodeAt(i)) return false;
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

  append(v: LpValue): number { return this.insert(this.#s.length - 1, v, LP_BEFORE); }
  prepend(v: LpValue): number { return this.insert(LP_HDR_SIZE, v, LP_BEFORE); }
  /** Inserts at element index 0..length (length appends); returns the new element's offset. */
  insertAt(index: number, v: LpValue): number {
    const p = index >= this.#count ? this.#s.length - 1 : this.seek(index);
    return this.insert(p, v, LP_BEFORE);
  }
  /** Replaces the element at p; returns its offset (unchanged). */
  replace(p: number, v: LpValue): number { return this.insert(p, v, LP_REPLACE); }

  /**
   * Inserts v before/after the element at p, or replaces it (LP_BEFORE on the EOF offset appends).
   * Returns the offset of the written element.
   */
  insert(p: number, v: LpValue, where: number): number {
    const s = this.#s;
    // Replacing an element by the bytes it already has (an idempotent HSET, LSET...) changes nothing.
    if (where === LP_REPLACE && typeof v === 'string' && this.equals(p, v)) return p;
    if (where === LP_AFTER) {
      const l = encodedSize(s, p, s.length);
      p += l + backlenSize(l);
    }
    let oldLen = 0;
    if (where === LP_REPLACE) {
      const l = encodedSize(s, p, s.length);
      oldLen = l + backlenSize(l);
    }
    const encLen = classify(v); // after the reads above: classify's state is module-wide
    const entryLen = encLen + backlenSize(encLen);
    const buf = this.#open(p, p + oldLen, entryLen);
    writeEntry(buf, p);
    if (where !== LP_REPLACE) this.#count++;
    this.#s = finish(buf, s.length - oldLen + entryLen, this.#count);
    return p;
  }

  /** Appends values[from..to) in order, building the new string once. */
  appendMany(values: readonly LpValue[], from = 0, to = values.length): void {
    this.insertMany(this.#s.length - 1, values, from, to, false);
  }

  /**
   * Pushes values[from..to) at the head one after the other (so values[to - 1] ends up first, as
   * LPUSH a b c gives c b a), building the new string once.
   */
  prependMany(values: readonly LpValue[], from = 0, to = values.length): void {
    this.insertMany(LP_HDR_SIZE, values, from, to, true);
  }

  /**
   * Inserts values[from..to) before the element at p (the EOF offset appends), in order or
   * reversed, building the new string once. Returns p (the first inserted element's offset).
   */
  insertMany(p: number, values: readonly LpValue[], from: number, to: number, reversed: boolean): number {
    if (from >= to) return p;
    let add = 0;
    for (let i = from; i < to; i++) add += entrySize(values[i]!);
    const size = this.#s.length + add;
    const buf = this.#open(p, p, add);
    let q = p;
    if (reversed) {
      for (let i = to - 1; i >= from; i--) {
        classify(values[i]!);
        q += writeEntry(buf, q);
      }
    } else {
      for (let i = from; i < to; i++) {
        classify(values[i]!);
        q += writeEntry(buf, q);
      }
    }
    this.#count += to - from;
    this.#s = finish(buf, size, this.#count);
    return p;
  }

  /**
   * Rebuilds the listpack as: headValues pushed one by one at the head (the last ends up first),
   * the entries in bytes [from, to) (`kept` elements), then tailValues in order, all in one write.
   * For a quicklist end node applying its deferred pushes and pops, which knows the result's size
   * in bytes (it adds each value's entrySize as it defers it), so the values are sized only once.
   */
  rebuild(size: number, from: number, to: number, kept: number, headValues: readonly LpValue[] | null, tailValues: readonly LpValue[] | null): void {
    const s = this.#s;
    const buf = scratchBuffer(size);
    let q = LP_HDR_SIZE;
    if (headValues !== null) {
      for (let i = headValues.length - 1; i >= 0; i--) {
        classify(headValues[i]!);
        q += writeEntry(buf, q);
      }
    }
    if (to > from) q += buf.latin1Write(s.slice(from, to), q, to - from);
    if (tailValues !== null) {
      for (const v of tailValues) {
        classify(v);
        q += writeEntry(buf, q);
      }
    }
    if (q + 1 !== size) throw new Error(`listpack rebuild: ${q + 1} bytes written, ${size} expected`);
    this.#count = kept + (headValues?.length ?? 0) + (tailValues?.length ?? 0);
    this.#s = finish(buf, size, this.#count);
  }

  /** Bytes the entry at p takes (encoding, data and back-length). */
  entryLength(p: number): number {
    const l = encodedSize(this.#s, p, this.#s.length);
    return l + backlenSize(l);
  }

  /** Deletes the element at p; returns the offset of the element that followed it, or -1. */
  delete(p: number): number {
    const l = encodedSize(this.#s, p, this.#s.length);
    this.#deleteBytes(p, p + l + backlenSize(l), 1);
    return p >= this.#s.length - 1 ? -1 : p;
  }
  /** Deletes `count` elements starting at p (fewer if the list ends first); returns deleted. */
  deleteRangeAt(p: number, count: number): number {
    const s = this.#s;
    let q = p;
    let n = 0;
    while (n < count && q < s.length - 1) {
      const l = encodedSize(s, q, s.length);
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
    const o = other.#s;
    const n = o.length - LP_HDR_SIZE - 1;
    if (n === 0) return;
    const at = this.#s.length - 1;
    const buf = this.#open(at, at, n);
    buf.latin1Write(o.slice(LP_HDR_SIZE, o.length - 1), at, n);
    this.#count += other.#count;
    this.#s = finish(buf, at + n + 1, this.#count);
  }

  #deleteBytes(from: number, to: number, n: number): void {
    if (n === 0) return;
    const size = this.#s.length - (to - from);
    const buf = this.#open(from, to, 0);
    this.#count -= n;
    this.#s = finish(buf, size, this.#count);
  }
  /**
   * Copies #s into a scratch buffer with bytes [from, to) replaced by a gap of `gap` bytes (the
   * caller fills it, then finish() sets the header and terminator and takes the string back).
   */
  #open(from: number, to: number, gap: number): Buffer {
    const s = this.#s;
    const size = s.length - (to - from) + gap;
    if (size > 0xffffffff) throw new RangeError('listpack would exceed 4 GB');
    const buf = scratchBuffer(size);
    if (gap === to - from && s.length > 2 * JS_COPY_HINT) {
      // Same size (a replaced value of equal length): one copy of the whole string, no shifting.
      buf.latin1Write(s, 0, s.length);
      return buf;
    }
    copyIn(buf, 0, s, 0, from);
    if (to < s.length - 1) copyIn(buf, from + gap, s, to, s.length - 1);
    return buf;
  }
}
