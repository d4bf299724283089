// The value object stored under every key: its type, its encoding (the names OBJECT ENCODING
// reports) and the payload, whose shape the encoding decides. Handlers never read `value` of an
// aggregate directly: the per-type modules in src/types/ do, and pick or convert encodings.

export type ObjType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

export type Encoding =
  | 'int'
  | 'embstr'
  | 'raw'
  | 'listpack'
  | 'quicklist'
  | 'intset'
  | 'hashtable'
  | 'skiplist'
  | 'stream';

export class RObject {
  type: ObjType;
  enc: Encoding;
  /** The payload: for strings a latin1 string, or a number when `int`-encoded and exact. */
  value: unknown;
  /** LRU clock (seconds) of the last access, or LFU data when an LFU policy is chosen. */
  lru: number;

  constructor(type: ObjType, enc: Encoding, value: unknown, lru: number) {
    this.type = type;
    this.enc = enc;
    this.value = value;
    this.lru = lru;
  }
}

/** What OBJECT REFCOUNT reports for a shared object (Redis's OBJ_SHARED_REFCOUNT, INT_MAX). */
export const SHARED_REFCOUNT = 2147483647;

/**
 * The LFU counter of an object whose `lru` holds LFU data (Redis's layout: minutes in the high 16
 * bits, a logarithmic counter in the low 8), decayed by one per `decayMinutes` elapsed since the
 * last access, as Redis's LFUDecrAndReturn. Reads only; the decay is stored on the next access.
 */
export function lfuDecrAndReturn(o: RObject, nowMs: number, decayMinutes: number): number {
  const ldt = o.lru >>> 8;
  const counter = o.lru & 255;
  const now = Math.floor(nowMs / 60000) & 65535;
  const elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
  const periods = decayMinutes > 0 ? Math.floor(elapsed / decayMinutes) : 0;
  return periods > counter ? 0 : counter - periods;
}
