// Counters: INCR, DECR, INCRBY, DECRBY over the full signed 64-bit range, exact; INCRBYFLOAT in
// emulated x87 long double (see util/long-double.ts). The common path stays on plain numbers;
// BigInt is used only when a value or a result leaves the safe-integer range.

import type { Client } from '../../server/client.ts';
import {
  ERR_DECR_OVERFLOW,
  ERR_INCR_NAN,
  ERR_NOT_FLOAT,
  ERR_NOT_INTEGER,
  ERR_OVERFLOW,
  ERR_WRONGTYPE,
} from '../../protocol/errors.ts';
import { createIntObject, createPlainStringObject, stringInteger, stringValue } from '../../types/string.ts';
import { incrByFloat, longDoubleFromInteger, parseLongDouble, type LongDouble } from '../../util/long-double.ts';
import { INT64_MAX, INT64_MIN, parseInt64, parseInteger } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';

const SAFE = 9007199254740991;

/** Adds `incr` to the key's integer (Redis's incrDecrCommand). */
function incrDecrGeneric(c: Client, key: string, incr: number | bigint): void {
  const db = c.db;
  const o = db.lookupWrite(key);
  let value: number | bigint = 0;
  if (o !== undefined) {
    if (o.type !== 'string') {
      c.w.error(ERR_WRONGTYPE);
      return;
    }
    const v = stringInteger(o);
    if (v === null) {
      c.w.error(ERR_NOT_INTEGER);
      return;
    }
    value = v;
  }
  let result: number | bigint;
  if (typeof value === 'number' && typeof incr === 'number' && Math.abs(value) < SAFE / 2 && Math.abs(incr) < SAFE / 2) {
    result = value + incr;
  } else {
    const r = BigInt(value) + BigInt(incr);
    if (r > INT64_MAX || r < INT64_MIN) {
      c.w.error(ERR_OVERFLOW);
      return;
    }
    result = r;
  }
  if (o !== undefined && o.enc === 'int' && typeof result === 'number') {
    // Redis updates an unshared int-encoded value in place; ours are never shared between keys.
    o.value = result;
    db.ks.dirty++;
    db.ks.signalModified(db, key);
  } else {
    const obj = createIntObject(result, db.ks.lruClock());
    if (o === undefined) db.add(key, obj);
    else db.set(key, obj, true);
  }
  db.ks.notify('$', 'incrby', key, db.id);
  c.w.integer(result);
}

/** The increment argument of INCRBY/DECRBY as an exact number or bigint, or null. */
function parseIncrement(s: string): number | bigint | null {
  if (s.length < 16) return parseInteger(s);
  return parseInt64(s);
}

/** INCR key */
function incrCommand(c: Client, argv: string[]): void {
  incrDecrGeneric(c, argv[1]!, 1);
}

/** DECR key */
function decrCommand(c: Client, argv: string[]): void {
  incrDecrGeneric(c, argv[1]!, -1);
}

/** INCRBY key increment */
function incrbyCommand(c: Client, argv: string[]): void {
  const incr = parseIncrement(argv[2]!);
  if (incr === null) c.w.error(ERR_NOT_INTEGER);
  else incrDecrGeneric(c, argv[1]!, incr);
}

/** DECRBY key decrement */
function decrbyCommand(c: Client, argv: string[]): void {
  const incr = parseIncrement(argv[2]!);
  if (incr === null) c.w.error(ERR_NOT_INTEGER);
  // Negating INT64_MIN would overflow before the addition is even tried.
  else if (incr === INT64_MIN) c.w.error(ERR_DECR_OVERFLOW);
  else incrDecrGeneric(c, argv[1]!, -incr);
}

/** The value of a string object as a long double (getLongDoubleFromObject), or null. */
export function objectLongDouble(value: unknown, enc: string): LongDouble | null {
  if (enc === 'int') return longDoubleFromInteger(typeof value === 'number' ? value : BigInt(value as string));
  return parseLongDouble(value as string);
}

/** INCRBYFLOAT key increment */
function incrbyfloatCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1]!;
  const o = db.lookupWrite(key);
  let current: LongDouble | null = longDoubleFromInteger(0);
  if (o !== undefined) {
    if (o.type !== 'string') {
      c.w.error(ERR_WRONGTYPE);
      return;
    }
    current = objectLongDouble(o.value, o.enc);
  }
  if (current === null) {
    c.w.error(ERR_NOT_FLOAT);
    return;
  }
  const r = incrByFloat(current, argv[2]!);
  if (r.error !== undefined) {
    c.w.error(r.error === 'not-float' ? ERR_NOT_FLOAT : ERR_INCR_NAN);
    return;
  }
  const obj = createPlainStringObject(r.text, db.ks.lruClock());
  if (o === undefined) db.add(key, obj);
  else db.set(key, obj, true);
  db.ks.notify('$', 'incrbyfloat', key, db.id);
  c.w.bulk(stringValue(obj));
}

export const handlers: Record<string, Handler> = {
  incr: incrCommand,
  decr: decrCommand,
  incrby: incrbyCommand,
  decrby: decrbyCommand,
  incrbyfloat: incrbyfloatCommand,
};
