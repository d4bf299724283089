// HINCRBY, HINCRBYFLOAT (the emulated long double INCRBYFLOAT uses), HRANDFIELD and HSCAN.

import type { Client } from '../../server/client.ts';
import { ERR_HASH_NOT_FLOAT, ERR_HASH_NOT_INTEGER, ERR_INCR_NAN, ERR_NAN_OR_INF, ERR_NOT_FLOAT, ERR_NOT_INTEGER, ERR_OVERFLOW, ERR_SYNTAX, ERR_VALUE_OUT_OF_RANGE } from '../../protocol/errors.ts';
import {
  hashEntries, hashGet, hashLength, hashLimits, hashRandomPair, hashRandomPairs, hashSampleUnique, hashScan, hashSet,
} from '../../types/hash.ts';
import { incrByFloat, longDoubleFromInteger, parseLongDouble } from '../../util/long-double.ts';
import { INT64_MAX, INT64_MIN, parseInt64 } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';
import { hashWritten, lookupHashWriteOrCreate } from './hash.ts';
import { parseRandomCount, replyRoomLeft } from '../random-pick.ts';
import { lookupReadTyped } from '../lookup.ts';
import { scanElementsGeneric } from '../scan.ts';

/** LONG_MAX / 2: HRANDFIELD WITHVALUES refuses counts whose doubled reply length would overflow. */
const HALF_LONG_MAX = 4611686018427387903n;

/** HINCRBY key field increment */
function hincrbyCommand(c: Client, argv: string[]): void {
  const incr = parseInt64(argv[3]!);
  if (incr === null) {
    c.w.error(ERR_NOT_INTEGER);
    return;
  }
  const key = argv[1]!;
  const r = lookupHashWriteOrCreate(c, key);
  if (r === null) return;
  const cur = hashGet(r.o, argv[2]!);
  let value = 0n;
  if (cur !== undefined) {
    const v = parseInt64(cur);
    if (v === null) {
      c.w.error(ERR_HASH_NOT_INTEGER);
      return;
    }
    value = v;
  }
  const sum = value + incr;
  if (sum > INT64_MAX || sum < INT64_MIN) {
    c.w.error(ERR_OVERFLOW);
    return;
  }
  hashSet(r.o, argv[2]!, sum.toString(), hashLimits(c.server.config.values));
  c.w.integer(sum);
  hashWritten(c, key, 'hincrby', 1, r.created);
}

/** HINCRBYFLOAT key field increment */
function hincrbyfloatCommand(c: Client, argv: string[]): void {
  const inc = parseLongDouble(argv[3]!);
  if (inc === null) {
    c.w.error(ERR_NOT_FLOAT);
    return;
  }
  if (inc.inf) {
    c.w.error(ERR_NAN_OR_INF);
    return;
  }
  const key = argv[1]!;
  const r = lookupHashWriteOrCreate(c, key);
  if (r === null) return;
  const cur = hashGet(r.o, argv[2]!);
  const current = cur === undefined ? longDoubleFromInteger(0) : parseLongDouble(cur);
  if (current === null) {
    c.w.error(ERR_HASH_NOT_FLOAT);
    return;
  }
  const res = incrByFloat(current, argv[3]!);
  if (res.error !== undefined) {
    c.w.error(res.error === 'not-float' ? ERR_NOT_FLOAT : ERR_INCR_NAN);
    return;
  }
  hashSet(r.o, argv[2]!, res.text, hashLimits(c.server.config.values));
  c.w.bulk(res.text);
  hashWritten(c, key, 'hincrbyfloat', 1, r.created);
}

/** One pair of an HRANDFIELD reply: a nested pair in RESP3 with values, flat otherwise. */
function replyPair(c: Client, f: string, v: string, withValues: boolean): void {
  if (withValues && c.w.resp === 3) c.w.array(2);
  c.w.bulk(f);
  if (withValues) c.w.bulk(v);
}

/** HRANDFIELD key [count [WITHVALUES]] */
function hrandfieldCommand(c: Client, argv: string[]): void {
  if (argv.length >= 3) {
    const l = parseRandomCount(c, argv[2]!);
    if (l === null) return;
    if (argv.length > 4 || (argv.length === 4 && argv[3]!.toLowerCase() !== 'withvalues')) {
      c.w.error(ERR_SYNTAX);
      return;
    }
    const withValues = argv.length === 4;
    if (withValues) {
      const b = BigInt(argv[2]!);
      if (b < -HALF_LONG_MAX || b > HALF_LONG_MAX) {
        c.w.error(ERR_VALUE_OUT_OF_RANGE);
        return;
      }
    }
    hrandfieldWithCount(c, argv[1]!, l, withValues);
    return;
  }
  const o = lookupReadTyped(c, argv[1]!, 'hash');
  if (o === null) return;
  if (o === undefined) c.w.nullBulk();
  else c.w.bulk(hashRandomPair(o)[0]);
}

function hrandfieldWithCount(c: Client, key: string, l: number, withValues: boolean): void {
  const o = lookupReadTyped(c, key, 'hash');
  if (o === null) return;
  if (o === undefined || l === 0) {
    c.w.array(0);
    return;
  }
  const size = hashLength(o);
  const count = Math.abs(l);
  const flat = withValues && c.w.resp === 2;
  if (l < 0 || count === 1) {
    c.w.array(flat ? count * 2 : count);
    let i = 0;
    hashRandomPairs(o, count, (f, v) => {
      replyPair(c, f, v, withValues);
      return (++i & 1023) !== 0 || replyRoomLeft(c);
    });
    return;
  }
  const { fields, values } = count >= size ? hashEntries(o) : hashSampleUnique(o, count);
  c.w.array(flat ? fields.length * 2 : fields.length);
  for (let i = 0; i < fields.length; i++) replyPair(c, fields[i]!, values[i]!, withValues);
}

/** HSCAN key cursor [MATCH pattern] [COUNT count] */
function hscanCommand(c: Client, argv: string[]): void {
  scanElementsGeneric(c, argv, 'hash', (o, scans, cursor, count, emit) => hashScan(o, scans, cursor, count, emit));
}

export const handlers: Record<string, Handler> = {
  hincrby: hincrbyCommand,
  hincrbyfloat: hincrbyfloatCommand,
  hrandfield: hrandfieldCommand,
  hscan: hscanCommand,
};
