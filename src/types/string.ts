// The string type: picks int / embstr / raw as Redis does and hides the payload's JS shape.
// A string value is a latin1 string (one char per byte); an int-encoded value that fits a double
// exactly is kept as a number, which costs no extra allocation for small values.

import { isInt64String } from '../util/numbers.ts';
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

/** A string object that Redis would leave `raw` (results of APPEND, SETRANGE, SETBIT...). */
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
