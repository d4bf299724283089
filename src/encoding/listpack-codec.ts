// Listpack entry codec: how one element is encoded (Redis's listpack entry encodings and
// back-length), decoded, and how a whole serialized listpack is validated. Writes go into a Buffer
// (the module scratch buffer); reads work on the latin1 string a Listpack keeps (one char per
// byte, charCodeAt). The Listpack class in listpack.ts builds on these; they are split out to keep
// each file small.

import { isInt64String } from '../util/numbers.ts';

export type LpValue = string | number;

export const LP_HDR_SIZE = 6;
export const LP_EOF = 0xff;
export const LP_HDR_NUMELE_UNKNOWN = 65535;

const INT13_MIN = -4096;
const INT13_MAX = 4095;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE_BIG = BigInt(Number.MIN_SAFE_INTEGER);

/** Bytes the back-length takes for an entry whose encoding+data is l bytes (Redis's thresholds). */
export function backlenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

// Scratch results of classify(): one value is encoded at a time, so module state avoids allocating
// a descriptor object per insert (this is the write hot path for every small collection).
let cIsStr = false;
let cStr = '';
let cNum = 0;
let cBig = 0n;
let cIsBig = false;
let cEncLen = 0; // encoding + data bytes

function classifyInt(v: number): void {
  cIsStr = false;
  cIsBig = false;
  cNum = v;
  if (v >= 0 && v <= 127) cEncLen = 1;
  else if (v >= INT13_MIN && v <= INT13_MAX) cEncLen = 2;
  else if (v >= -32768 && v <= 32767) cEncLen = 3;
  else if (v >= -8388608 && v <= 8388607) cEncLen = 4;
  else if (v >= -2147483648 && v <= 2147483647) cEncLen = 5;
  else cEncLen = 9;
}

/** Classifies v for writeEntry(); returns its encoding+data size. */
export function classify(v: LpValue): number {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new RangeError('listpack integers must be safe integers');
    classifyInt(v);
    return cEncLen;
  }
  const n = v.length;
  if (n <= 20 && isInt64String(v)) {
    if (n < 16) {
      classifyInt(Number(v));
      return cEncLen;
    }
    const b = BigInt(v);
    if (b >= MIN_SAFE_BIG && b <= MAX_SAFE_BIG) {
      classifyInt(Number(b));
      return cEncLen;
    }
    cIsStr = false;
    cIsBig = true;
    cBig = b;
    cEncLen = 9;
    return cEncLen;
  }
  cIsStr = true;
  cStr = v;
  cEncLen = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  return cEncLen;
}

/** Writes the classified value at off (encoding, data, back-length); returns the bytes written. */
export function writeEntry(buf: Buffer, off: number): number {
  const l = cEncLen;
  if (cIsStr) {
    const n = cStr.length;
    if (n < 64) {
      buf[off] = 0x80 | n;
      copyIn(buf, off + 1, cStr, 0, n);
    } else if (n < 4096) {
      buf[off] = 0xe0 | (n >> 8);
      buf[off + 1] = n & 0xff;
      copyIn(buf, off + 2, cStr, 0, n);
    } else {
      buf[off] = 0xf0;
      buf.writeUInt32LE(n, off + 1);
      buf.latin1Write(cStr, off + 5, n);
    }
  } else if (cIsBig) {
    buf[off] = 0xf4;
    buf.writeBigInt64LE(cBig, off + 1);
  } else {
    const v = cNum;
    switch (l) {
      case 1: buf[off] = v; break;
      case 2: {
        const u = v < 0 ? v + 8192 : v;
        buf[off] = 0xc0 | (u >> 8);
        buf[off + 1] = u & 0xff;
        break;
      }
      case 3: buf[off] = 0xf1; buf.writeInt16LE(v, off + 1); break;
      case 4: buf[off] = 0xf2; buf.writeIntLE(v, off + 1, 3); break;
      case 5: buf[off] = 0xf3; buf.writeInt32LE(v, off + 1); break;
      default: buf[off] = 0xf4; buf.writeBigInt64LE(BigInt(v), off + 1); break;
    }
  }
  return l + writeBacklen(buf, off + l, l);
}

function writeBacklen(buf: Buffer, off: number, l: number): number {
  const n = backlenSize(l);
  // Most significant 7-bit group first; every byte after the first carries the 0x80 "more" flag,
  // so a reverse reader stops at the first byte without it.
  for (let i = n - 1; i >= 0; i--) {
    buf[off + i] = (l & 127) | (i === 0 ? 0 : 128);
    l = Math.floor(l / 128);
  }
  return n;
}

/** Bytes one entry holding v takes (encoding, data and back-length). */
export function entrySize(v: LpValue): number {
  const l = classify(v);
  return l + backlenSize(l);
}

/** Unsigned 32-bit little-endian integer from four chars of a latin1 string. */
export function u32At(s: string, p: number): number {
  return (s.charCodeAt(p) | (s.charCodeAt(p + 1) << 8) | (s.charCodeAt(p + 2) << 16) | (s.charCodeAt(p + 3) << 24)) >>> 0;
}

/**
 * Size of encoding+data of the entry at p of a listpack held in a latin1 string, or -1 when the
 * encoding byte is invalid. With a limit, also -1 when the header bytes would run past it (used by
 * validation).
 */
export function encodedSize(s: string, p: number, limit: number): number {
  const b = s.charCodeAt(p);
  if (b < 0x80) return 1;
  if (b < 0xc0) return 1 + (b & 0x3f);
  if (b < 0xe0) return 2;
  if (b < 0xf0) return p + 1 >= limit ? -1 : 2 + (((b & 0x0f) << 8) | s.charCodeAt(p + 1));
  switch (b) {
    case 0xf0: return p + 5 > limit ? -1 : 5 + u32At(s, p + 1);
    case 0xf1: return 3;
    case 0xf2: return 4;
    case 0xf3: return 5;
    case 0xf4: return 9;
    default: return -1;
  }
}

/** Reads the back-length ending at char `end` (inclusive); -1 if longer than 5 bytes or underflow. */
export function readBacklen(s: string, end: number, floor: number): number {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 5; i++) {
    if (end - i < floor) return -1;
    const b = s.charCodeAt(end - i);
    v += (b & 127) * mul;
    if ((b & 128) === 0) return v;
    mul *= 128;
  }
  return -1;
}

/**
 * Full structural check of a serialized listpack held in a latin1 string (Redis's
 * lpValidateIntegrity with deep=1): header size matches, every entry's encoding is known and stays
 * in bounds, every back-length agrees with its entry, the terminator is last, and the count
 * matches the header unless the header says unknown. Returns the element count, or -1 when invalid.
 */
export function countValidString(s: string): number {
  const size = s.length;
  if (size < LP_HDR_SIZE + 1) return -1;
  if (u32At(s, 0) !== size || s.charCodeAt(size - 1) !== LP_EOF) return -1;
  const hdrCount = s.charCodeAt(4) | (s.charCodeAt(5) << 8);
  let p = LP_HDR_SIZE;
  let count = 0;
  while (p < size - 1) {
    if (s.charCodeAt(p) === LP_EOF) return -1;
    const l = encodedSize(s, p, size - 1);
    if (l < 0) return -1;
    const bl = backlenSize(l);
    const end = p + l + bl;
    if (end > size - 1) return -1;
    if (readBacklen(s, end - 1, p + l) !== l) return -1;
    p = end;
    count++;
  }
  if (hdrCount !== LP_HDR_NUMELE_UNKNOWN && hdrCount !== count) return -1;
  return count;
}

/** The first `size` bytes as a latin1 string (one char per byte). */
export function bytesToLatin1(buf: Uint8Array, size = buf.length): string {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return b.latin1Slice(0, size);
}

/** countValidString over the first `size` bytes; -1 when invalid or size exceeds the bytes. */
export function countValid(buf: Uint8Array, size: number): number {
  if (size < LP_HDR_SIZE + 1 || size > buf.length) return -1;
  return countValidString(bytesToLatin1(buf, size));
}

/** True when the bytes are a structurally valid listpack of exactly `size` bytes. */
export function validateIntegrity(buf: Uint8Array, size = buf.length): boolean {
  return countValid(buf, size) >= 0;
}

// ---- building listpack strings ------------------------------------------------------------

/** Listpacks up to this size are rebuilt in the shared scratch buffer; larger ones get their own. */
const SCRATCH_KEEP = 1 << 20;
const TWO32 = 4294967296;

let scratch = Buffer.allocUnsafeSlow(64 * 1024);

/**
 * The shared scratch buffer, grown to at least n bytes (contents undefined). Beyond SCRATCH_KEEP a
 * one-off buffer is returned, so one huge listpack does not pin a huge scratch for good.
 */
export function scratchBuffer(n: number): Buffer {
  if (n <= scratch.length) return scratch;
  const nb = Buffer.allocUnsafeSlow(Math.max(n, Math.min(scratch.length * 2, SCRATCH_KEEP)));
  if (nb.length <= SCRATCH_KEEP) scratch = nb;
  return nb;
}

/**
 * Pieces up to this many bytes are copied between strings and buffers in JS: a call into C++
 * (latin1Write) costs more than the loop for them, and a small listpack's write is a few of these.
 */
const JS_COPY = 32;

/** Writes s[start, end) at buf[off...]; returns the offset after it. */
export function copyIn(buf: Buffer, off: number, s: string, start: number, end: number): number {
  const n = end - start;
  if (n <= JS_COPY) {
    for (let i = 0; i < n; i++) buf[off + i] = s.charCodeAt(start + i);
  } else {
    buf.latin1Write(start === 0 && end === s.length ? s : s.slice(start, end), off, n);
  }
  return off + n;
}

/** Header + terminator, then the string of the first `size` bytes. */
export function finish(buf: Buffer, size: number, count: number): string {
  buf[0] = size & 255;
  buf[1] = (size >>> 8) & 255;
  buf[2] = (size >>> 16) & 255;
  buf[3] = size >>> 24;
  const c = count < LP_HDR_NUMELE_UNKNOWN ? count : LP_HDR_NUMELE_UNKNOWN;
  buf[4] = c & 255;
  buf[5] = c >>> 8;
  buf[size - 1] = LP_EOF;
  return buf.latin1Slice(0, size);
}

/** Signed 64-bit integer entry data at p as its canonical decimal string. */
export function int64String(s: string, p: number): string {
  const lo = u32At(s, p);
  const hi = u32At(s, p + 4) | 0;
  const v = hi * TWO32 + lo;
  if (Number.isSafeInteger(v)) return String(v);
  return ((BigInt(hi) << 32n) + BigInt(lo)).toString();
}
