// Bit commands on string values: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP. Values are latin1
// strings, so a byte is a char code; Buffers are used only where many bytes are produced (BITOP).
// Range rules (negative indexes, BYTE|BIT units, the masks at the edges of a BIT range) follow
// Redis 7.2's bitops.c.

import type { Client } from '../server/client.ts';
import type { RObject } from '../types/object.ts';
import {
  ERR_BIT_ARG,
  ERR_BIT_OFFSET,
  ERR_BIT_VALUE,
  ERR_BITOP_NOT,
  ERR_NOT_INTEGER,
  ERR_SYNTAX,
  ERR_WRONGTYPE,
} from '../protocol/errors.ts';
import { createRawObject, stringValue } from '../types/string.ts';
import { checkStringLength } from './string-range.ts';
import { parseInt64, parseInteger } from '../util/numbers.ts';
import type { Handler } from './command.ts';

const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

/**
 * A bit offset argument (getBitOffsetFromArgument): a non-negative int64 whose byte stays below
 * proto-max-bulk-len. With `bits` > 0, the `#n` form means n * bits (multiplied in 64-bit wrapping
 * arithmetic, as Redis does). Returns null after replying with the error.
 */
export function parseBitOffset(c: Client, arg: string, bits: number): number | null {
  const hash = bits > 0 && arg.charCodeAt(0) === 35;
  const max = c.server.config.values.protoMaxBulkLen;
  if (!hash && arg.length < 16) {
    // The common case, exact in a double.
    const n = parseInteger(arg);
    if (n === null || n < 0 || Math.floor(n / 8) >= max) {
      c.w.error(ERR_BIT_OFFSET);
      return null;
    }
    return n;
  }
  const digits = hash ? arg.slice(1) : arg;
  let v = parseInt64(digits);
  if (v !== null && hash) v = BigInt.asIntN(64, v * BigInt(bits));
  if (v === null || v < 0n || v >> 3n >= BigInt(max)) {
    c.w.error(ERR_BIT_OFFSET);
    return null;
  }
  return Number(v);
}

/**
 * Redis's lookupStringForBitCommand: the key's string padded with zero bytes so that bit `maxbit`
 * exists (a new key is created). Returns the padded value and whether it grew, or null after a
 * WRONGTYPE error. Nothing is stored yet: the caller stores the final value.
 */
export function stringForBitWrite(c: Client, key: string, maxbit: number): { o: RObject | undefined; s: string; grew: boolean } | null {
  const o = c.db.lookupWrite(key);
  if (o !== undefined && o.type !== 'string') {
    c.w.error(ERR_WRONGTYPE);
    return null;
  }
  const need = Math.floor(maxbit / 8) + 1;
  if (!checkStringLength(c, need)) return null;
  if (o === undefined) return { o, s: '\0'.repeat(need), grew: true };
  const s = stringValue(o);
  if (s.length >= need) return { o, s, grew: false };
  return { o, s: s + '\0'.repeat(need - s.length), grew: true };
}

/**
 * Stores the result of a bit write. With `changed`, it is a modification (signal, dirty, `setbit`
 * event). Without, Redis has still created or padded and unshared the value (so it is `raw`, and
 * a BITFIELD refused by OVERFLOW FAIL leaves a new zero-filled key), but signals nothing.
 */
export function storeBitResult(c: Client, key: string, existing: RObject | undefined, s: string, changed: boolean): void {
  const db = c.db;
  const obj = createRawObject(s, existing?.lru ?? db.ks.lruClock());
  if (changed) {
    if (existing === undefined) db.add(key, obj);
    else db.set(key, obj, true);
    db.ks.notify('$', 'setbit', key, db.id);
  } else if (existing === undefined || existing.enc !== 'raw' || stringValue(existing).length !== s.length) {
    db.dict.set(key, obj);
  }
}

/** SETBIT key offset value */
function setbitCommand(c: Client, argv: string[]): void {
  const offset = parseBitOffset(c, argv[2]!, 0);
  if (offset === null) return;
  const on = parseInteger(argv[3]!);
  if (on === null || (on !== 0 && on !== 1)) {
    c.w.error(ERR_BIT_VALUE);
    return;
  }
  const key = argv[1]!;
  const r = stringForBitWrite(c, key, offset);
  if (r === null) return;
  const byte = Math.floor(offset / 8);
  const mask = 1 << (7 - (offset & 7));
  const old = r.s.charCodeAt(byte);
  const was = (old & mask) !== 0 ? 1 : 0;
  if (r.grew || was !== on) {
    const nb = on === 1 ? old | mask : old & ~mask;
    storeBitResult(c, key, r.o, r.s.slice(0, byte) + String.fromCharCode(nb) + r.s.slice(byte + 1), true);
  } else {
    storeBitResult(c, key, r.o, r.s, false);
  }
  c.w.integer(was);
}

/** GETBIT key offset */
function getbitCommand(c: Client, argv: string[]): void {
  const offset = parseBitOffset(c, argv[2]!, 0);
  if (offset === null) return;
  const o = c.db.lookupRead(argv[1]!, !c.noTouch);
  if (o === undefined) {
    c.w.integer(0);
    return;
  }
  if (o.type !== 'string') {
    c.w.error(ERR_WRONGTYPE);
    return;
  }
  const s = stringValue(o);
  const byte = Math.floor(offset / 8);
  c.w.integer(byte < s.length && (s.charCodeAt(byte) & (1 << (7 - (offset & 7)))) !== 0 ? 1 : 0);
}

/** A range already resolved to bytes [start, end], with the masks of bits outside it at the edges. */
interface BitRange {
  start: number;
  end: number;
  firstMask: number;
  lastMask: number;
}

/** Resolves start/end (negative from the end, clamped) in bytes or bits, as BITCOUNT/BITPOS do. */
function resolveRange(start: number, end: number, len: number, isBit: boolean): BitRange {
  const total = isBit ? len * 8 : len;
  if (start < 0) start = total + start;
  if (end < 0) end = total + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  let firstMask = 0;
  let lastMask = 0;
  if (isBit && start <= end) {
    firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
    lastMask = (1 << (7 - (end & 7))) - 1;
    start = Math.floor(start / 8);
    end = Math.floor(end / 8);
  }
  return { start, end, firstMask, lastMask };
}

/** The BYTE|BIT argument: true for BIT, false for BYTE, null (after a syntax error) otherwise. */
function parseUnit(c: Client, arg: string): boolean | null {
  const u = arg.toUpperCase();
  if (u === 'BIT') return true;
  if (u === 'BYTE') return false;
  c.w.error(ERR_SYNTAX);
  return null;
}

/** BITCOUNT key [start end [BYTE|BIT]] */
function bitcountCommand(c: Client, argv: string[]): void {
  const argc = argv.length;
  let range: BitRange | null = null;
  let o: RObject | undefined;
  let s = '';
  if (argc === 4 || argc === 5) {
    const start = parseInteger(argv[2]!);
    const end = parseInteger(argv[3]!);
    if (start === null || end === null) {
      c.w.error(ERR_NOT_INTEGER);
      return;
    }
    let isBit = false;
    if (argc === 5) {
      const u = parseUnit(c, argv[4]!);
      if (u === null) return;
      isBit = u;
    }
    o = c.db.lookupRead(argv[1]!, !c.noTouch);
    if (o !== undefined && o.type !== 'string') {
      c.w.error(ERR_WRONGTYPE);
      return;
    }
    if (o !== undefined) s = stringValue(o);
    if (start < 0 && end < 0 && start > end) {
      c.w.integer(0);
      return;
    }
    range = resolveRange(start, end, s.length, isBit);
  } else if (argc === 2) {
    o = c.db.lookupRead(argv[1]!, !c.noTouch);
    if (o !== undefined && o.type !== 'string') {
      c.w.error(ERR_WRONGTYPE);
      return;
    }
    if (o !== undefined) s = stringValue(o);
    range = { start: 0, end: s.length - 1, firstMask: 0, lastMask: 0 };
  } else {
    c.w.error(ERR_SYNTAX);
    return;
  }
  if (o === undefined || range.start > range.end) {
    c.w.integer(0);
    return;
  }
  let count = 0;
  for (let i = range.start; i <= range.end; i++) count += POPCOUNT[s.charCodeAt(i)]!;
  if (range.firstMask !== 0) count -= POPCOUNT[s.charCodeAt(range.start) & range.firstMask]!;
  if (range.lastMask !== 0) count -= POPCOUNT[s.charCodeAt(range.end) & range.lastMask]!;
  c.w.integer(count);
}

/**
 * Redis's redisBitpos over `count` bytes from `from`: the first bit equal to `bit`, or -1 when
 * looking for 1 and none is set, or count*8 when looking for 0 and every bit is set.
 */
function bitposBytes(s: string, from: number, count: number, bit: number): number {
  const skip = bit === 1 ? 0 : 0xff;
  for (let i = 0; i < count; i++) {
    const b = s.charCodeAt(from + i);
    if (b !== skip) return i * 8 + firstBit(b, bit);
  }
  return bit === 1 ? -1 : count * 8;
}

function firstBit(b: number, bit: number): number {
  for (let k = 0; k < 8; k++) if (((b >> (7 - k)) & 1) === bit) return k;
  return bit === 1 ? -1 : 8;
}

/** BITPOS key bit [start [end [BYTE|BIT]]] */
function bitposCommand(c: Client, argv: string[]): void {
  const argc = argv.length;
  const bit = parseInteger(argv[2]!);
  if (bit === null) {
    c.w.error(ERR_NOT_INTEGER);
    return;
  }
  if (bit !== 0 && bit !== 1) {
    c.w.error(ERR_BIT_ARG);
    return;
  }
  let o: RObject | undefined;
  let s = '';
  let range: BitRange;
  let endGiven = false;
  if (argc >= 4 && argc <= 6) {
    const start = parseInteger(argv[3]!);
    if (start === null) {
      c.w.error(ERR_NOT_INTEGER);
      return;
    }
    let isBit = false;
    if (argc === 6) {
      const u = parseUnit(c, argv[5]!);
      if (u === null) return;
      isBit = u;
    }
    let end = 0;
    if (argc >= 5) {
      const e = parseInteger(argv[4]!);
      if (e === null) {
        c.w.error(ERR_NOT_INTEGER);
        return;
      }
      end = e;
      endGiven = true;
    }
    o = c.db.lookupRead(argv[1]!, !c.noTouch);
    if (o !== undefined && o.type !== 'string') {
      c.w.error(ERR_WRONGTYPE);
      return;
    }
    if (o !== undefined) s = stringValue(o);
    if (argc < 5) end = isBit ? s.length * 8 + 7 : s.length - 1;
    range = resolveRange(start, end, s.length, isBit);
  } else if (argc === 3) {
    o = c.db.lookupRead(argv[1]!, !c.noTouch);
    if (o !== undefined && o.type !== 'string') {
      c.w.error(ERR_WRONGTYPE);
      return;
    }
    if (o !== undefined) s = stringValue(o);
    range = { start: 0, end: s.length - 1, firstMask: 0, lastMask: 0 };
  } else {
    c.w.error(ERR_SYNTAX);
    return;
  }
  // A missing key is an infinite run of zero bits.
  if (o === undefined) {
    c.w.integer(bit === 1 ? -1 : 0);
    return;
  }
  if (range.start > range.end) {
    c.w.integer(-1);
    return;
  }
  c.w.integer(bitposInRange(s, range, bit, endGiven));
}

function bitposInRange(s: string, range: BitRange, bit: number, endGiven: boolean): number {
  let { start } = range;
  const { end, firstMask, lastMask } = range;
  let bytes = end - start + 1;
  let pos: number;
  found: {
    if (firstMask !== 0) {
      let b = s.charCodeAt(start);
      b = bit === 1 ? b & ~firstMask : b | firstMask;
      if (lastMask !== 0 && bytes === 1) b = bit === 1 ? b & ~lastMask : b | lastMask;
      pos = bitposBytes(String.fromCharCode(b & 0xff), 0, 1, bit);
      if (bytes === 1 || (pos !== -1 && pos !== 8)) break found;
      start++;
      bytes--;
    }
    const cur = bytes - (lastMask !== 0 ? 1 : 0);
    if (cur > 0) {
      pos = bitposBytes(s, start, cur, bit);
      if (bytes === cur || (pos !== -1 && pos !== cur * 8)) break found;
      start += cur;
      bytes -= cur;
    }
    let b = s.charCodeAt(end);
    b = bit === 1 ? b & ~lastMask : b | lastMask;
    pos = bitposBytes(String.fromCharCode(b & 0xff), 0, 1, bit);
  }
  // With an explicit end, the bits right of the range are not taken as zeros.
  if (endGiven && bit === 0 && pos === bytes * 8) return -1;
  return pos === -1 ? -1 : pos + start * 8;
}

/** BITOP AND|OR|XOR|NOT destkey key [key ...] */
function bitopCommand(c: Client, argv: string[]): void {
  const op = argv[1]!.toUpperCase();
  if (op !== 'AND' && op !== 'OR' && op !== 'XOR' && op !== 'NOT') {
    c.w.error(ERR_SYNTAX);
    return;
  }
  if (op === 'NOT' && argv.length !== 4) {
    c.w.error(ERR_BITOP_NOT);
    return;
  }
  const db = c.db;
  const srcs: Buffer[] = [];
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const o = db.lookupRead(argv[j]!, !c.noTouch);
    if (o === undefined) {
      srcs.push(Buffer.alloc(0));
      continue;
    }
    if (o.type !== 'string') {
      c.w.error(ERR_WRONGTYPE);
      return;
    }
    const b = Buffer.from(stringValue(o), 'latin1');
    srcs.push(b);
    if (b.length > maxlen) maxlen = b.length;
  }
  const target = argv[2]!;
  if (maxlen > 0) {
    const res = Buffer.alloc(maxlen);
    const first = srcs[0]!;
    for (let i = 0; i < maxlen; i++) {
      let out = i < first.length ? first[i]! : 0;
      if (op === 'NOT') out = ~out & 0xff;
      for (let k = 1; k < srcs.length; k++) {
        const src = srcs[k]!;
        const b = i < src.length ? src[i]! : 0;
        if (op === 'AND') out &= b;
        else if (op === 'OR') out |= b;
        else out ^= b;
      }
      res[i] = out;
    }
    if (db.expires.size !== 0) db.expireIfNeeded(target);
    db.set(target, createRawObject(res.latin1Slice(0, maxlen), db.ks.lruClock()));
    db.ks.notify('$', 'set', target, db.id);
  } else if (db.lookupWrite(target) !== undefined && db.delete(target)) {
    db.ks.notify('g', 'del', target, db.id);
  }
  c.w.integer(maxlen);
}

export const handlers: Record<string, Handler> = {
  setbit: setbitCommand,
  getbit: getbitCommand,
  bitcount: bitcountCommand,
  bitpos: bitposCommand,
  bitop: bitopCommand,
};
