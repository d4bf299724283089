// The string type: picks int / embstr / raw as Redis does and hides the payload's JS shape.
// A string value is a latin1 string (one char per byte); an int-encoded value that fits a double
// exactly is kept as a number, which costs no extra allocation for small values, and a larger
// int64 as its decimal string. A stored object belongs to its key alone (COPY duplicates it), so
// INCR updates an int-encoded one in place (a number: no young object for GC to track). SET does
// not: see setCommand for why a new object is cheaper there.

import { isInt64String, parseInt64 } from '../util/numbers.ts';
import { RObject } from './object.ts';

/** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
export const EMBSTR_LIMIT = 44;

/** A string object for a value just received from a client, encoded as Redis's tryObjectEncoding would. */
export function createStringObject(s: string, lru: number): RObject {
  if (s.length <= 20 && isInt64String(s)) {
    const n = Number(s);
    return new RObject('string', 'int', Number.isSafeInteger(n) ? n : s, lru);
  }
  return new RObject('string', s.length <= EMBSTR_LIMIT ? 'embstr' : 'raw', s, lru);
}

/** A string object from an integer result (INCR and friends): always `int`. */
export function createIntObject(n: number | bigint, lru: number): RObject {
  const v = typeof n === 'bigint' && n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
  return new RObject('string', 'int', typeof v === 'bigint' ? v.toString() : v, lru);
}

/**
 * A string object made from computed text that Redis does not try to turn into an integer
 * (createStringObject: INCRBYFLOAT results): `embstr` up to 44 bytes, `raw` beyond.
 */
export function createPlainStringObject(s: string, lru: number): RObject {
  return new RObject('string', s.length <= EMBSTR_LIMIT ? 'embstr' : 'raw', s, lru);
}

/** A string object that Redis would leave `raw` (results of APPEND, SETRANGE, SETBIT, BITOP...). */
export function createRawObject(s: string, lru: number): RObject {
  return new RObject('string', 'raw', s, lru);
}

/** The bytes of a string object as a latin1 string. */
export function stringValue(o: RObject): string {
  const v = o.value;
  return typeof v === 'string' ? v : String(v);
}

/** Length in bytes of a string object. */
export function stringLength(o: RObject): number {
  const v = o.value;
  return typeof v === 'string' ? v.length : String(v).length;
}

/**
 * The integer a string object holds, as Redis's getLongLongFromObject reads it: an `int` encoding
 * directly, otherwise the canonical decimal form of an int64. A number when exact in a double,
 * else a bigint; null when the value is not an integer.
 */
export function stringInteger(o: RObject): number | bigint | null {
  const v = o.value;
  if (typeof v === 'number') return v;
  const s = v as string;
  if (o.enc === 'int') return BigInt(s);
  if (s.length < 16) return isInt64String(s) ? Number(s) : null;
  const b = parseInt64(s);
  if (b === null) return null;
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}
