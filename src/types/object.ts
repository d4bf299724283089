// The value object stored under every key: its type, its encoding (the names OBJECT ENCODING
// reports) and the payload, whose shape the encoding decides. Handlers never read `value` of an
// aggregate directly: the per-type modules in src/types/ do, and pick or convert encodings.
//
// One object exists per key, so its size is most of a small key's cost: it has two fields only,
// the payload and one small integer packing type, encoding and the 24-bit LRU/LFU data, as Redis
// packs them into a 32-bit word. `type`, `enc` and `lru` are accessors over that integer.

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

const TYPE_NAMES: readonly ObjType[] = ['string', 'list', 'set', 'zset', 'hash', 'stream'];
const ENC_NAMES: readonly Encoding[] =
  ['int', 'embstr', 'raw', 'listpack', 'quicklist', 'intset', 'hashtable', 'skiplist', 'stream'];

// Bit layout of RObject's packed field, 32 bits so it is always a Smi (V8's unboxed integer on this
// 64-bit build without pointer compression): every write goes through `| 0`, so the field never
// becomes a heap number even when the type index sets the sign bit.
const TYPE_SHIFT = 29; // 3 bits: index into TYPE_NAMES
const ENC_SHIFT = 25; // 4 bits: index into ENC_NAMES
const ENC_MASK = 15 << ENC_SHIFT;
/** Set when the low 24 bits hold LFU data (written under an LFU policy), clear for an LRU clock. */
const LFU_FLAG = 1 << 24;
const LRU_MASK = 0xffffff;

/** Redis's LRU_CLOCK_MAX: the LRU clock is seconds modulo 2^24 (it wraps every ~194 days). */
export const LRU_CLOCK_MAX = LRU_MASK;

function typeIndex(t: ObjType): number {
  switch (t) {
    case 'string': return 0;
    case 'list': return 1;
    case 'set': return 2;
    case 'zset': return 3;
    case 'hash': return 4;
    default: return 5;
  }
}

function encIndex(e: Encoding): number {
  switch (e) {
    case 'int': return 0;
    case 'embstr': return 1;
    case 'raw': return 2;
    case 'listpack': return 3;
    case 'quicklist': return 4;
    case 'intset': return 5;
    case 'hashtable': return 6;
    case 'skiplist': return 7;
    default: return 8;
  }
}

export class RObject {
  /** The payload: for strings a latin1 string, or a number when `int`-encoded and exact. */
  value: unknown;
  /** type << 29 | enc << 25 | LFU_FLAG? | 24-bit LRU clock or LFU data. */
  #bits = 0;

  constructor(type: ObjType, enc: Encoding, value: unknown, lru: number) {
    this.value = value;
    this.#bits = (typeIndex(type) << TYPE_SHIFT) | (encIndex(enc) << ENC_SHIFT) | (lru & LRU_MASK);
  }

  get type(): ObjType {
    return TYPE_NAMES[this.#bits >>> TYPE_SHIFT]!;
  }

  set type(t: ObjType) {
    this.#bits = (this.#bits & ~(7 << TYPE_SHIFT)) | (typeIndex(t) << TYPE_SHIFT);
  }

  get enc(): Encoding {
    return ENC_NAMES[(this.#bits & ENC_MASK) >>> ENC_SHIFT]!;
  }

  set enc(e: Encoding) {
    this.#bits = (this.#bits & ~ENC_MASK) | (encIndex(e) << ENC_SHIFT);
  }

  /** 24 bits: the LRU clock (seconds) of the last access, or LFU data under an LFU policy. */
  get lru(): number {
    return this.#bits & LRU_MASK;
  }

  /** Stores an LRU clock (taken modulo 2^24). */
  set lru(clock: number) {
    this.#bits = (this.#bits & ~(LFU_FLAG | LRU_MASK)) | (clock & LRU_MASK);
  }

  /** Whether `lru` holds LFU data, i.e. the object was accessed under an LFU policy. */
  get hasLfu(): boolean {
    return (this.#bits & LFU_FLAG) !== 0;
  }

  /** Stores LFU data (16-bit minutes << 8 | 8-bit counter). */
  setLfu(data: number): void {
    this.#bits = (this.#bits & ~LRU_MASK) | LFU_FLAG | (data & LRU_MASK);
  }
}

/**
 * Seconds since the access recorded in an LRU clock value, as Redis's estimateObjectIdleTime: the
 * clock wraps at LRU_CLOCK_MAX, so a stored value above the current clock means one wrap happened.
 */
export function lruIdleSeconds(lru: number, clock: number): number {
  return clock >= lru ? clock - lru : clock + (LRU_CLOCK_MAX - lru);
}

/** What OBJECT REFCOUNT reports for a shared object (Redis's OBJ_SHARED_REFCOUNT, INT_MAX). */
export const SHARED_REFCOUNT = 2147483647;

/** The counter a new object starts with under an LFU policy (Redis's LFU_INIT_VAL). */
export const LFU_INIT_VAL = 5;

function lfuMinutes(nowMs: number): number {
  return Math.floor(nowMs / 60000) & 65535;
}

/**
 * The LFU counter of an object whose `lru` holds LFU data (Redis's layout: minutes in the high 16
 * bits, a logarithmic counter in the low 8), decayed by one per `decayMinutes` elapsed since the
 * last access, as Redis's LFUDecrAndReturn. An object never touched under LFU (its `lru` still
 * holds an LRU clock) counts as new. Reads only; the decay is stored on the next access.
 */
export function lfuDecrAndReturn(o: RObject, nowMs: number, decayMinutes: number): number {
  if (!o.hasLfu) return LFU_INIT_VAL;
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
  o.setLfu((lfuMinutes(nowMs) << 8) | counter);
}
