// BITFIELD and BITFIELD_RO: signed (i1..i64) and unsigned (u1..u63) integers at any bit offset of
// a string, with GET, SET, INCRBY and OVERFLOW WRAP|SAT|FAIL. Fields are read and written
// big-endian, most significant bit first, as Redis does; values are BigInt (fields reach 64 bits).

import type { Client } from '../../server/client.ts';
import {
  ERR_BITFIELD_OVERFLOW,
  ERR_BITFIELD_RO,
  ERR_BITFIELD_TYPE,
  ERR_NOT_INTEGER,
  ERR_SYNTAX,
} from '../../protocol/errors.ts';
import { stringValue } from '../../types/string.ts';
import { parseInt64 } from '../../util/numbers.ts';
import { parseBitOffset, storeBitResult, stringForBitWrite } from './bits.ts';
import type { Handler } from '../command.ts';
import { lookupReadTyped } from '../lookup.ts';

const OP_GET = 0;
const OP_SET = 1;
const OP_INCRBY = 2;
const WRAP = 0;
const SAT = 1;
const FAIL = 2;

interface FieldOp {
  op: number;
  offset: number;
  bits: number;
  signed: boolean;
  overflow: number;
  value: bigint;
}

/** `i<bits>` (1..64) or `u<bits>` (1..63), lowercase prefix only; null after the error. */
function parseType(c: Client, arg: string): { signed: boolean; bits: number } | null {
  const p = arg.charCodeAt(0);
  const signed = p === 105; // 'i'
  if (signed || p === 117 /* 'u' */) {
    const n = parseInt64(arg.slice(1));
    if (n !== null && n >= 1n && n <= (signed ? 64n : 63n)) return { signed, bits: Number(n) };
  }
  c.w.error(ERR_BITFIELD_TYPE);
  return null;
}

function readField(buf: Buffer, offset: number, bits: number): bigint {
  let v = 0n;
  for (let i = 0; i < bits; i++) {
    const pos = offset + i;
    const byte = Math.floor(pos / 8);
    const b = byte < buf.length ? (buf[byte]! >> (7 - (pos & 7))) & 1 : 0;
    v = (v << 1n) | BigInt(b);
  }
  return v;
}

function writeField(buf: Buffer, offset: number, bits: number, value: bigint): void {
  const u = BigInt.asUintN(bits, value);
  for (let i = 0; i < bits; i++) {
    const pos = offset + i;
    const byte = Math.floor(pos / 8);
    const mask = 1 << (7 - (pos & 7));
    if (((u >> BigInt(bits - 1 - i)) & 1n) === 1n) buf[byte]! |= mask;
    else buf[byte]! &= ~mask;
  }
}

function getField(buf: Buffer, op: FieldOp): bigint {
  const u = readField(buf, op.offset, op.bits);
  return op.signed ? BigInt.asIntN(op.bits, u) : u;
}

/**
 * The value to store for SET/INCRBY under the overflow policy, or null when FAIL refuses it.
 * `base` + `incr` is the exact result; for SET, base is the argument (unsigned: as a uint64).
 */
function applyOverflow(op: FieldOp, base: bigint, incr: bigint): bigint | null {
  const total = base + incr;
  const bits = BigInt(op.bits);
  const max = op.signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  const min = op.signed ? -(1n << (bits - 1n)) : 0n;
  let limit: bigint;
  if (base > max || total > max) limit = max;
  else if (base < min || total < min) limit = min;
  else return total;
  if (op.overflow === FAIL) return null;
  if (op.overflow === SAT) return limit;
  return op.signed ? BigInt.asIntN(op.bits, total) : BigInt.asUintN(op.bits, total);
}

function bitfieldGeneric(c: Client, argv: string[], readonlyCommand: boolean): void {
  const ops: FieldOp[] = [];
  let overflow = WRAP;
  let readonly = true;
  let highest = 0;
  for (let j = 2; j < argv.length; j++) {
    const rem = argv.length - j - 1;
    const sub = argv[j]!.toLowerCase();
    let op: number;
    if (sub === 'get' && rem >= 2) op = OP_GET;
    else if (sub === 'set' && rem >= 3) op = OP_SET;
    else if (sub === 'incrby' && rem >= 3) op = OP_INCRBY;
    else if (sub === 'overflow' && rem >= 1) {
      const t = argv[++j]!.toLowerCase();
      if (t === 'wrap') overflow = WRAP;
      else if (t === 'sat') overflow = SAT;
      else if (t === 'fail') overflow = FAIL;
      else {
        c.w.error(ERR_BITFIELD_OVERFLOW);
        return;
      }
      continue;
    } else {
      c.w.error(ERR_SYNTAX);
      return;
    }
    const type = parseType(c, argv[j + 1]!);
    if (type === null) return;
    const offset = parseBitOffset(c, argv[j + 2]!, type.bits);
    if (offset === null) return;
    let value = 0n;
    if (op !== OP_GET) {
      readonly = false;
      if (highest < offset + type.bits - 1) highest = offset + type.bits - 1;
      const v = parseInt64(argv[j + 3]!);
      if (v === null) {
        c.w.error(ERR_NOT_INTEGER);
        return;
      }
      value = v;
    }
    ops.push({ op, offset, bits: type.bits, signed: type.signed, overflow, value });
    j += op === OP_GET ? 2 : 3;
  }

  const key = argv[1]!;
  let buf: Buffer;
  let target: ReturnType<typeof stringForBitWrite> = null;
  if (readonly) {
    const o = lookupReadTyped(c, key, 'string');
    if (o === null) return;
    buf = o === undefined ? Buffer.alloc(0) : Buffer.from(stringValue(o), 'latin1');
  } else {
    if (readonlyCommand) {
      c.w.error(ERR_BITFIELD_RO);
      return;
    }
    target = stringForBitWrite(c, key, highest);
    if (target === null) return;
    buf = Buffer.from(target.s, 'latin1');
  }

  c.w.array(ops.length);
  let changes = 0;
  for (const op of ops) {
    if (op.op === OP_GET) {
      c.w.integer(getField(buf, op));
      continue;
    }
    const old = getField(buf, op);
    let next: bigint | null;
    if (op.op === OP_INCRBY) next = applyOverflow(op, old, op.value);
    else next = applyOverflow(op, op.signed ? op.value : BigInt.asUintN(64, op.value), 0n);
    if (next === null) {
      c.w.nullBulk();
      continue;
    }
    c.w.integer(op.op === OP_INCRBY ? next : old);
    writeField(buf, op.offset, op.bits, next);
    if (target!.grew || old !== next) changes++;
  }
  if (target !== null) {
    storeBitResult(c, key, target.o, buf.latin1Slice(0, buf.length), changes > 0);
    if (changes > 1) c.db.ks.dirty += changes - 1;
  }
}

/** BITFIELD key [GET type offset | SET type offset value | INCRBY type offset increment | OVERFLOW WRAP|SAT|FAIL]... */
function bitfieldCommand(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, false);
}

/** BITFIELD_RO key [GET type offset ...] */
function bitfieldRoCommand(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, true);
}

export const handlers: Record<string, Handler> = {
  bitfield: bitfieldCommand,
  bitfield_ro: bitfieldRoCommand,
};
