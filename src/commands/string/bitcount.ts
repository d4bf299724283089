// BITCOUNT and BITPOS: range rules (negative indexes, BYTE|BIT units, the masks of the bits
// outside a BIT range at its edge bytes) as Redis 7.2's bitops.c. Redis 7.2: arguments are parsed
// before the key is looked up, so a missing key with bad arguments is an error (7.0 replied 0).

import type { Client } from '../../server/client.ts';
import type { RObject } from '../../types/object.ts';
import { ERR_BIT_ARG, ERR_NOT_INTEGER, ERR_SYNTAX } from '../../protocol/errors.ts';
import { stringValue } from '../../types/string.ts';
import { parseInteger } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';
import { lookupReadTyped } from '../lookup.ts';

const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

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
    const found = lookupReadTyped(c, argv[1]!, 'string');
    if (found === null) return;
    o = found;
    if (o !== undefined) s = stringValue(o);
    if (start < 0 && end < 0 && start > end) {
      c.w.integer(0);
      return;
    }
    range = resolveRange(start, end, s.length, isBit);
  } else if (argc === 2) {
    const found = lookupReadTyped(c, argv[1]!, 'string');
    if (found === null) return;
    o = found;
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
    const found = lookupReadTyped(c, argv[1]!, 'string');
    if (found === null) return;
    o = found;
    if (o !== undefined) s = stringValue(o);
    if (argc < 5) end = isBit ? s.length * 8 + 7 : s.length - 1;
    range = resolveRange(start, end, s.length, isBit);
  } else if (argc === 3) {
    const found = lookupReadTyped(c, argv[1]!, 'string');
    if (found === null) return;
    o = found;
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

export const handlers: Record<string, Handler> = {
  bitcount: bitcountCommand,
  bitpos: bitposCommand,
};
