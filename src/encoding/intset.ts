// Intset: a set of integers kept sorted in the narrowest width that fits them all, serialized
// byte-compatibly with Redis's intset so RDB and DUMP can carry it as one blob.
//
// Redis's layout (little endian): [encoding u32: 2|4|8][length u32][length values of `encoding`
// bytes]. In memory the set is one JS string of 16-bit units: unit 0 is the encoding, then each
// value as encoding/2 units, least significant first; the length follows from the string's length.
// Those units are Redis's value bytes read as UTF-16LE, so serializing is one header plus one
// UTF-16LE write. Why a string: an intset is one small object per key and a string is the most
// compact immutable blob V8 has (16 B header, one byte per unit when every unit is below 256, as
// for small non-negative values; a Buffer costs ~100 B plus a separate backing store). Reads use
// charCodeAt; every change builds a new flat string of the exact size through a shared scratch
// buffer (never by concatenation or slicing, which would leave cons or sliced strings behind).
//
// Invariants: values strictly ascending; the encoding is the smallest of 2/4/8 that fits every
// value ever added (like Redis, removing values never narrows it again).
//
// Values are JS numbers when they are safe integers and bigints otherwise (int64 beyond ±2^53), so
// every int64 member SADD accepts is represented exactly.
//
// The string is the whole intset: a set object holds it directly as its payload (no wrapper object,
// which would cost another 32 B per key). The functions here take it and return the changed one;
// a change that changes nothing returns the very same string, so callers compare with === to
// learn whether anything happened (cheap either way: the same string, or lengths that differ), and
// sharing one between two keys (COPY) is safe.

import { isInt64String } from '../util/numbers.ts';

export type IntValue = number | bigint;

export const INTSET_ENC_INT16 = 2;
export const INTSET_ENC_INT32 = 4;
export const INTSET_ENC_INT64 = 8;
const HDR = 8;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TWO32 = 4294967296;

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

/** v as an exact int64: a safe-integer number or an out-of-safe-range bigint; throws otherwise. */
function checked(v: IntValue): IntValue {
  if (typeof v === 'bigint') {
    if (v < INT64_MIN || v > INT64_MAX) throw new RangeError('intset value out of int64 range');
    return normalize(v);
  }
  if (!Number.isSafeInteger(v)) throw new RangeError('intset numbers must be safe integers');
  return v;
}

function compare(a: IntValue, b: IntValue): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// The scratch buffer every change is assembled in: strings are immutable, so an edit writes the
// old units here, moves them, and decodes the result as one new string.
let scratch = Buffer.allocUnsafeSlow(4096);

function scratchOf(bytes: number): Buffer {
  if (scratch.length < bytes) scratch = Buffer.allocUnsafeSlow(Math.max(bytes, scratch.length * 2));
  return scratch;
}

/** Writes v at byte offset `at` of b in width enc (little endian). */
function writeValue(b: Buffer, at: number, v: IntValue, enc: number): void {
  if (enc === INTSET_ENC_INT16) b.writeInt16LE(v as number, at);
  else if (enc === INTSET_ENC_INT32) b.writeInt32LE(v as number, at);
  else if (typeof v === 'bigint') b.writeBigInt64LE(v, at);
  else {
    const hi = Math.floor(v / TWO32);
    b.writeUInt32LE(v - hi * TWO32, at);
    b.writeInt32LE(hi, at + 4);
  }
}

/** One-unit strings for the empty set of each encoding (shared: strings are immutable). */
const EMPTY: Record<number, string> = {
  [INTSET_ENC_INT16]: String.fromCharCode(INTSET_ENC_INT16),
  [INTSET_ENC_INT32]: String.fromCharCode(INTSET_ENC_INT32),
  [INTSET_ENC_INT64]: String.fromCharCode(INTSET_ENC_INT64),
};

/** Builds the string of sorted, distinct values in width enc. */
function build(values: readonly IntValue[], enc: number): string {
  const bytes = 2 + values.length * enc;
  const b = scratchOf(bytes);
  b.writeUInt16LE(enc, 0);
  for (let i = 0; i < values.length; i++) writeValue(b, 2 + i * enc, values[i]!, enc);
  return b.toString('ucs2', 0, bytes);
}

/** The empty intset (16-bit encoding), what a new set starts from. */
export const INTSET_EMPTY: string = EMPTY[INTSET_ENC_INT16]!;

/** Number of members. */
export function intsetLength(s: string): number {
  // Units per value are enc/2 = 1, 2, 4: enc >>> 2 is the matching shift 0, 1, 2.
  return (s.length - 1) >>> (s.charCodeAt(0) >>> 2);
}

/** Width of every value in bytes: 2, 4 or 8. */
export function intsetEncoding(s: string): number {
  return s.charCodeAt(0);
}

/** Serialized size (Redis's intsetBlobLen). */
export function intsetBlobLen(s: string): number {
  return HDR + (s.length - 1) * 2;
}

/** The serialized bytes (Redis's layout), a fresh buffer. */
export function intsetToBytes(s: string): Buffer {
  const b = Buffer.allocUnsafe(intsetBlobLen(s));
  // The string's units land from byte 6 on: unit 0 (the encoding) is then overwritten by the
  // length field, and the values start at byte 8 as Redis's do.
  b.write(s, 6, 'ucs2');
  b.writeUInt32LE(s.charCodeAt(0), 0);
  b.writeUInt32LE(intsetLength(s), 4);
  return b;
}

/** The intset over serialized bytes, or null if they are invalid (Redis's deep validation). */
export function intsetFromBytes(bytes: Uint8Array): string | null {
  if (!validateIntset(bytes)) return null;
  const size = bytes.length - HDR + 2;
  const b = scratchOf(size);
  b.writeUInt16LE(bytes[0]!, 0);
  b.set(bytes.subarray(HDR), 2);
  return b.toString('ucs2', 0, size);
}

/** Value at position i (0-based, ascending). */
export function intsetGet(s: string, i: number): IntValue {
  const enc = s.charCodeAt(0);
  if (enc === INTSET_ENC_INT16) return (s.charCodeAt(1 + i) << 16) >> 16;
  if (enc === INTSET_ENC_INT32) {
    const p = 1 + 2 * i;
    return (s.charCodeAt(p + 1) << 16) | s.charCodeAt(p);
  }
  const p = 1 + 4 * i;
  const lo = s.charCodeAt(p) + s.charCodeAt(p + 1) * 65536;
  const hi = (s.charCodeAt(p + 3) << 16) | s.charCodeAt(p + 2);
  // |hi| < 2^21 keeps hi * 2^32 + lo within ±2^53; -2^53 itself is not a safe integer.
  if (hi >= -2097152 && hi < 2097152 && !(hi === -2097152 && lo === 0)) return hi * TWO32 + lo;
  return (BigInt(hi) << 32n) + BigInt(lo);
}

export function intsetMin(s: string): IntValue | null {
  return intsetLength(s) === 0 ? null : intsetGet(s, 0);
}

export function intsetMax(s: string): IntValue | null {
  const n = intsetLength(s);
  return n === 0 ? null : intsetGet(s, n - 1);
}

/** A uniformly chosen member, null when empty; rand() returns [0, 1). */
export function intsetRandom(s: string, rand: () => number = Math.random): IntValue | null {
  const n = intsetLength(s);
  return n === 0 ? null : intsetGet(s, Math.floor(rand() * n));
}

/** Whether v is a member. */
export function intsetFind(s: string, v: IntValue): boolean {
  return valueEncoding(v) <= s.charCodeAt(0) && search(s, v) >= 0;
}

/** Every value, ascending. */
export function intsetToArray(s: string): IntValue[] {
  const n = intsetLength(s);
  const out = new Array<IntValue>(n);
  for (let i = 0; i < n; i++) out[i] = intsetGet(s, i);
  return out;
}

/**
 * s with v added, widening the encoding first when v needs it; s itself (nothing allocated) when v
 * is already a member. Throws when v is not an exact int64.
 */
export function intsetAdd(s: string, v: IntValue): string {
  v = checked(v);
  const enc = s.charCodeAt(0);
  const need = valueEncoding(v);
  if (need > enc) {
    // A value needing a wider encoding is below or above every member, so it goes at an end.
    const all = intsetToArray(s);
    if (v < 0) all.unshift(v);
    else all.push(v);
    return build(all, need);
  }
  const pos = search(s, v);
  if (pos >= 0) return s;
  const at = 2 + (-pos - 1) * enc;
  const old = s.length * 2;
  const b = scratchOf(old + enc);
  b.write(s, 0, 'ucs2');
  b.copyWithin(at + enc, at, old);
  writeValue(b, at, v, enc);
  return b.toString('ucs2', 0, old + enc);
}

/**
 * s with every value added (SADD's batch): one new string however many are added, s itself when
 * all are members already. How many were new is the difference of the lengths. Throws, adding
 * nothing, when one is not an exact int64.
 */
export function intsetAddMany(s: string, values: readonly IntValue[]): string {
  // Allocated only once a value is missing, so a batch of members already present costs nothing.
  let fresh: IntValue[] | null = null;
  let need = s.charCodeAt(0);
  for (let i = 0; i < values.length; i++) {
    const v = checked(values[i]!);
    if (intsetFind(s, v)) continue;
    (fresh ??= []).push(v);
    const e = valueEncoding(v);
    if (e > need) need = e;
  }
  if (fresh === null) return s;
  if (fresh.length === 1) return intsetAdd(s, fresh[0]!);
  fresh.sort(compare);
  const n = intsetLength(s);
  const merged: IntValue[] = [];
  let i = 0;
  let j = 0;
  let last: IntValue | null = null;
  while (i < n || j < fresh.length) {
    // Existing members and fresh values never collide; equal fresh values (duplicates in the
    // batch) are kept once.
    const v = j >= fresh.length || (i < n && intsetGet(s, i) < fresh[j]!) ? intsetGet(s, i++) : fresh[j++]!;
    if (last !== null && v === last) continue;
    merged.push(v);
    last = v;
  }
  return build(merged, need);
}

/** s without v; s itself when v is not a member. Never narrows the encoding. */
export function intsetRemove(s: string, v: IntValue): string {
  const enc = s.charCodeAt(0);
  if (valueEncoding(v) > enc) return s;
  const pos = search(s, v);
  if (pos < 0) return s;
  const at = 2 + pos * enc;
  const old = s.length * 2;
  const b = scratchOf(old);
  b.write(s, 0, 'ucs2');
  b.copyWithin(at, at + enc, old);
  return b.toString('ucs2', 0, old - enc);
}

/** Index of v, or -(insertion point) - 1. v fits the encoding of s. */
function search(s: string, v: IntValue): number {
  let lo = 0;
  let hi = intsetLength(s) - 1;
  // Values outside [min, max] are the common miss for appends of growing ids: answer at once.
  if (hi >= 0) {
    if (v > intsetGet(s, hi)) return -(hi + 2);
    if (v < intsetGet(s, 0)) return -1;
  }
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = intsetGet(s, mid);
    if (m < v) lo = mid + 1;
    else if (m > v) hi = mid - 1;
    else return mid;
  }
  return -(lo + 1);
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
