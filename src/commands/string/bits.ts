// Bit commands on string values: SETBIT, GETBIT, BITOP, and the helpers BITFIELD shares. Values
// are latin1 strings, so a byte is a char code; Buffers are used only where many bytes are
// produced (BITOP). BITCOUNT and BITPOS live in bitcount.ts.

import type { Client } from '../../server/client.ts';
import type { RObject } from '../../types/object.ts';
import { ERR_BIT_OFFSET, ERR_BIT_VALUE, ERR_BITOP_NOT, ERR_SYNTAX, ERR_WRONGTYPE } from '../../protocol/errors.ts';
import { createRawObject, stringValue } from '../../types/string.ts';
import { parseInt64, parseInteger } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';
import { checkStringLength } from './string-range.ts';
import { lookupWriteTyped } from '../lookup.ts';

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
  const o = lookupWriteTyped(c, key, 'string');
  if (o === null) return null;
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
    db.setQuietly(key, obj);
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
  const o = c.db.lookupView(argv[1]!, 0);
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
    const o = db.lookupView(argv[j]!, 0);
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
    const o = createRawObject(res.latin1Slice(0, maxlen), db.ks.lruClock());
    if (db.lookupWrite(target) !== undefined) db.set(target, o);
    else db.add(target, o);
    db.ks.notify('$', 'set', target, db.id);
  } else if (db.delete(target)) {
    // Redis deletes the target directly, even when its TTL has passed: a `del` event either way.
    db.ks.notify('g', 'del', target, db.id);
  }
  c.w.integer(maxlen);
}

export const handlers: Record<string, Handler> = {
  setbit: setbitCommand,
  getbit: getbitCommand,
  bitop: bitopCommand,
};
