// Intset: a set of integers kept sorted in the narrowest width that fits them all, byte-compatible
// with Redis's intset so RDB and DUMP can carry it as one blob.
//
// Layout (little endian): [encoding u32: 2|4|8][length u32][length values of `encoding` bytes].
// Invariants: values strictly ascending; encoding is the smallest of 2/4/8 that fits every value
// ever added (like Redis, removing values never narrows it again); #buf bytes past blobLen are spare.
//
// Values are JS numbers when they are safe integers and bigints otherwise (int64 beyond ±2^53), so
// every int64 member SADD accepts is represented exactly.

import { isInt64String } from '../util/numbers.ts';

export type IntValue = number | bigint;

export const INTSET_ENC_INT16 = 2;
export const INTSET_ENC_INT32 = 4;
export const INTSET_ENC_INT64 = 8;
const HDR = 8;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  // Typed-array views read host order; the serialized form is little endian.
  throw new Error('intset requires a little-endian host');
}

/** Width (2, 4 or 8) that v needs. */
export function valueEncoding(v: IntValue): number {
  if (v >= -32768 && v <= 32767) return INTSET_ENC_INT16;
  if (v >= -2147483648 && v <= 2147483647) return INTSET_ENC_INT32;
  return INTSET_ENC_INT64;
}

/** A member string's integer value when it is a canonical int64 (what makes a set an intset). */
export function parseIntsetValue(s: string): IntValue | null {
  if (s.length > 20 || !isInt64String(s)) return null;
  if (s.length < 16) return Number(s);
  return normalize(BigInt(s));
}

function normalize(v: bigint): IntValue {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

type View = Int16Array | Int32Array | BigInt64Array;

export class IntSet {
  #buf: Buffer;
  #enc: number;
  #len: number;
  #view: View;

  constructor(capacity = 8) {
    this.#buf = Buffer.allocUnsafeSlow(HDR + capacity * INTSET_ENC_INT16);
    this.#enc = INTSET_ENC_INT16;
    this.#len = 0;
    this.#view = this.#makeView();
    this.#syncHeader();
  }

  /** An intset over a copy of serialized bytes, or null if invalid (Redis's deep validation). */
  static fromBytes(bytes: Uint8Array): IntSet | null {
    if (!validateIntset(bytes)) return null;
    const is = new IntSet(0);
    is.#buf = Buffer.allocUnsafeSlow(bytes.length);
    is.#buf.set(bytes);
    is.#enc = is.#buf.readUInt32LE(0);
    is.#len = is.#buf.readUInt32LE(4);
    is.#view = is.#makeView();
    return is;
  }

  get length(): number { return this.#len; }
  get encoding(): number { return this.#enc; }
  /** Serialized size (Redis's intsetBlobLen). */
  get blobLen(): number { return HDR + this.#len * this.#enc; }
  view(): Buffer { return this.#buf.subarray(0, this.blobLen); }

  /** Value at position i (0-based, ascending). */
  get(i: number): IntValue {
    const v = this.#view[i]!;
    return typeof v === 'bigint' ? normalize(v) : v;
  }
  min(): IntValue | null { return this.#len === 0 ? null : this.get(0); }
  max(): IntValue | null { return this.#len === 0 ? null : this.get(this.#len - 1); }
  /** A uniformly chosen member; rand() returns [0, 1). */
  random(rand: () => number = Math.random): IntValue | null {
    return this.#len === 0 ? null : this.get(Math.floor(rand() * this.#len));
  }
  has(v: IntValue): boolean {
    return valueEncoding(v) <= this.#enc && this.#search(v) >= 0;
  }
  toArray(): IntValue[] {
    const out: IntValue[] = [];
    for (let i = 0; i < this.#len; i++) out.push(this.get(i));
    return out;
  }

  /** Adds v; false when already present. Widens the encoding first when v needs it. */
  add(v: IntValue): boolean {
    if (typeof v === 'bigint') {
      if (v < INT64_MIN || v > INT64_MAX) throw new RangeError('intset value out of int64 range');
      v = normalize(v);
    } else if (!Number.isSafeInteger(v)) {
      throw new RangeError('intset numbers must be safe integers');
    }
    const need = valueEncoding(v);
    if (need > this.#enc) {
      this.#upgradeAndAdd(v, need);
      return true;
    }
    const pos = this.#search(v);
    if (pos >= 0) return false;
    const at = -pos - 1;
    this.#reserve(this.#len + 1);
    const view = this.#view;
    view.copyWithin(at + 1, at, this.#len);
    this.#set(at, v);
    this.#len++;
    this.#syncHeader();
    return true;
  }

  /** Removes v; false when absent. */
  remove(v: IntValue): boolean {
    if (valueEncoding(v) > this.#enc) return false;
    const pos = this.#search(v);
    if (pos < 0) return false;
    this.#view.copyWithin(pos, pos + 1, this.#len);
    this.#len--;
    this.#syncHeader();
    return true;
  }

  /** Index of v, or -(insertion point) - 1. */
  #search(v: IntValue): number {
    const view = this.#view;
    let lo = 0;
    let hi = this.#len - 1;
    // Values outside [min, max] are the common miss for appends of growing ids: answer at once.
    if (hi >= 0) {
      if (v > view[hi]!) return -(hi + 2);
      if (v < view[0]!) return -1;
    }
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const m = view[mid]!;
      if (m < v) lo = mid + 1;
      else if (m > v) hi = mid - 1;
      else return mid;
    }
    return -(lo + 1);
  }

  #set(i: number, v: IntValue): void {
    if (this.#enc === INTSET_ENC_INT64) (this.#view as BigInt64Array)[i] = BigInt(v);
    else (this.#view as Int16Array | Int32Array)[i] = Number(v);
  }

  /** A value needing a wider encoding is below or above every member, so it goes at an end. */
  #upgradeAndAdd(v: IntValue, enc: number): void {
    const old = this.toArray();
    const n = this.#len;
    this.#enc = enc;
    this.#buf = Buffer.allocUnsafeSlow(HDR + (n + 1 + (n >> 1)) * enc);
    this.#view = this.#makeView();
    const prepend = v < 0;
    const off = prepend ? 1 : 0;
    for (let i = 0; i < n; i++) this.#set(i + off, old[i]!);
    this.#set(prepend ? 0 : n, v);
    this.#len = n + 1;
    this.#syncHeader();
  }

  #reserve(n: number): void {
    if (HDR + n * this.#enc <= this.#buf.length) return;
    const cap = Math.max(n, this.#len + (this.#len >> 1) + 4);
    const nb = Buffer.allocUnsafeSlow(HDR + cap * this.#enc);
    this.#buf.copy(nb, 0, 0, this.blobLen);
    this.#buf = nb;
    this.#view = this.#makeView();
  }

  #makeView(): View {
    const cap = Math.floor((this.#buf.length - HDR) / this.#enc);
    const ab = this.#buf.buffer;
    const off = this.#buf.byteOffset + HDR;
    if (this.#enc === INTSET_ENC_INT16) return new Int16Array(ab, off, cap);
    if (this.#enc === INTSET_ENC_INT32) return new Int32Array(ab, off, cap);
    return new BigInt64Array(ab, off, cap);
  }

  #syncHeader(): void {
    this.#buf.writeUInt32LE(this.#enc, 0);
    this.#buf.writeUInt32LE(this.#len, 4);
  }
}

/**
 * Redis's intsetValidateIntegrity with deep checking: known encoding, size equal to header + length
 * values, not empty, strictly ascending.
 */
export function validateIntset(bytes: Uint8Array): boolean {
  if (bytes.length < HDR) return false;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const enc = b.readUInt32LE(0);
  if (enc !== INTSET_ENC_INT16 && enc !== INTSET_ENC_INT32 && enc !== INTSET_ENC_INT64) return false;
  const len = b.readUInt32LE(4);
  if (HDR + len * enc !== b.length || len === 0) return false;
  let prev: bigint | null = null;
  for (let i = 0; i < len; i++) {
    const off = HDR + i * enc;
    const v = enc === 2 ? BigInt(b.readInt16LE(off)) : enc === 4 ? BigInt(b.readInt32LE(off)) : b.readBigInt64LE(off);
    if (prev !== null && v <= prev) return false;
    prev = v;
  }
  return true;
}
