// A database's dictionaries (its keys, and their expiry times): one Map while small, then 256 Maps
// chosen by a hash of the key, behind the part of Map's interface the store uses.
//
// Why: V8 grows a Map by rehashing the whole table in one step when it doubles. One Map of a few
// million keys stalls the server for hundreds of milliseconds at each doubling (measured: 69 ms at
// 1M entries, 172 ms at 2M, 366 ms at 4M), where Redis rehashes incrementally, a bucket at a time.
// Split 256 ways, each doubling moves 1/256 of the keys, and the shards reach their thresholds at
// slightly different sizes, so the steps are spread out.
//
// Hashing a key in JS costs ~20-30 ns per lookup here, so a small dictionary stays one Map (the
// common case pays one extra check) and splits once, when it reaches SPLIT_AT entries: a one-time
// 1-5 ms, where a Map grown on to 4M keys would have stalled for 0.4 s at its last doubling alone.
// It never merges back.
//
// The shard comes from FNV-1a over the key's length and its last 12 characters (where the varying
// part of typical keys such as `user:1234` or `user:1234:name` lies). Keys that differ only further
// back land in one shard, which then behaves like the single Map it replaces, nothing worse.
//
// Iteration visits the shards in order, each with its own Map iterator, so the guarantees SCAN
// relies on (store/scan.ts) carry over: a key present for the whole walk is visited once, whatever
// is inserted, deleted or rehashed meanwhile, since a key never moves between shards. A walk that
// began before the split goes on over the single Map as it was at the split (left untouched for
// it), answering each key with its current value and skipping keys deleted since; keys added after
// the split are not in it, which SCAN allows.

const SHARD_BITS = 8;
const SHARDS = 1 << SHARD_BITS;
/** How many trailing characters the shard hash reads. */
const HASHED_TAIL = 12;
/** The size at which the single Map is split (at 8192 entries a V8 Map would double anyway). */
const SPLIT_AT = 1 << 13;

/** Every shard not yet written to: shared, and never written itself. */
const NONE = new Map<string, never>();

/** The shard of a key: FNV-1a over its last HASHED_TAIL characters, seeded with its length. */
export function shardOf(key: string): number {
  const n = key.length;
  let h = Math.imul(0x811c9dc5 ^ n, 16777619);
  for (let i = n > HASHED_TAIL ? n - HASHED_TAIL : 0; i < n; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h ^ (h >>> 8) ^ (h >>> 16) ^ (h >>> 24)) & (SHARDS - 1);
}

export class KeyMap<V> {
  /** The one Map while small, null once split. */
  #one: Map<string, V> | null = new Map();
  #shards: Map<string, V>[] = [];
  #size = 0;
  /** 0 before the split, 1 after: holders of long-lived iterators restart them when it changes. */
  epoch = 0;

  get size(): number {
    return this.#size;
  }

  /** True once split into shards (for tests and INFO-style reporting). */
  get sharded(): boolean {
    return this.#one === null;
  }

  get(key: string): V | undefined {
    const one = this.#one;
    return one !== null ? one.get(key) : this.#shards[shardOf(key)]!.get(key);
  }

  has(key: string): boolean {
    const one = this.#one;
    return one !== null ? one.has(key) : this.#shards[shardOf(key)]!.has(key);
  }

  set(key: string, value: V): this {
    const one = this.#one;
    if (one !== null) {
      one.set(key, value);
      this.#size = one.size;
      if (one.size >= SPLIT_AT) this.#split(one);
      return this;
    }
    const i = shardOf(key);
    let m = this.#shards[i]!;
    if (m === NONE) this.#shards[i] = m = new Map<string, V>();
    const before = m.size;
    m.set(key, value);
    this.#size += m.size - before;
    return this;
  }

  delete(key: string): boolean {
    const one = this.#one;
    const m = one !== null ? one : this.#shards[shardOf(key)]!;
    if (!m.delete(key)) return false;
    this.#size--;
    return true;
  }

  /** Moves every entry into its shard, in insertion order; `one` itself is left as it is. */
  #split(one: Map<string, V>): void {
    const shards = new Array<Map<string, V>>(SHARDS).fill(NONE);
    // forEach, not for-of: no [key, value] array per entry.
    one.forEach((v, k) => {
      const i = shardOf(k);
      let m = shards[i]!;
      if (m === NONE) shards[i] = m = new Map<string, V>();
      m.set(k, v);
    });
    this.#shards = shards;
    this.#one = null;
    this.epoch++;
  }

  /** Entries shard by shard; each shard's iterator is taken when the walk reaches it. */
  *entries(): Generator<[string, V], undefined, undefined> {
    const one = this.#one;
    if (one !== null) {
      for (const e of one) {
        if (this.#one === one) {
          yield e;
          continue;
        }
        // Split during the walk: `one` is frozen; answer from the shards, skip what is gone.
        const v = this.get(e[0]);
        if (v !== undefined) yield [e[0], v];
      }
      return undefined;
    }
    const shards = this.#shards;
    for (let i = 0; i < SHARDS; i++) if (shards[i] !== NONE) yield* shards[i]!.entries();
    return undefined;
  }

  *keys(): Generator<string, undefined, undefined> {
    for (const [k] of this.entries()) yield k;
    return undefined;
  }

  *values(): Generator<V, undefined, undefined> {
    for (const [, v] of this.entries()) yield v;
    return undefined;
  }

  [Symbol.iterator](): Generator<[string, V], undefined, undefined> {
    return this.entries();
  }
}
