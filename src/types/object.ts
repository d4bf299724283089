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

/** The counter a new object starts with under an LFU policy (Redis's LFU_INIT_VAL). */
export const LFU_INIT_VAL = 5;
/** `lru` values at or above this are LRU seconds, never LFU data (which fits in 24 bits). */
const LFU_LIMIT = 1 << 24;

function lfuMinutes(nowMs: number): number {
  return Math.floor(nowMs / 60000) & 65535;
}

/**
 * The LFU counter of an object whose `lru` holds LFU data (Redis's layout: minutes in the high 16
 * bits, a logarithmic counter in the low 8), decayed by one per `decayMinutes` elapsed since the
 * last access, as Redis's LFUDecrAndReturn. An object never touched under LFU (its `lru` still
 * holds LRU seconds) counts as new. Reads only; the decay is stored on the next access.
 */
export function lfuDecrAndReturn(o: RObject, nowMs: number, decayMinutes: number): number {
  if (o.lru >= LFU_LIMIT || o.lru < 0) return LFU_INIT_VAL;
  const ldt = o.lru >>> 8;
  const counter = o.lru & 255;
  const now = lfuMinutes(nowMs);
  const elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
  const periods = decayMinutes > 0 ? Math.floor(elapsed / decayMinutes) : 0;
  return periods > counter ? 0 : counter - periods;
}

/**
 * An access under an LFU policy (Redis's updateLFU): decay, then a logarithmic increment that gets
 * less likely as the counter grows (probability 1 / ((counter - 5) * logFactor + 1)), saturating at 255.
 */
export function lfuTouch(o: RObject, nowMs: number, logFactor: number, decayMinutes: number): void {
  let counter = lfuDecrAndReturn(o, nowMs, decayMinutes);
  if (counter < 255) {
    const base = Math.max(0, counter - LFU_INIT_VAL);
    if (Math.random() < 1 / (base * logFactor + 1)) counter++;
  }
  o.lru = (lfuMinutes(nowMs) << 8) | counter;
}
