// The keyspace's hash table: Redis's dict (chained buckets, power-of-two tables, incremental
// rehashing, the reverse-binary SCAN cursor) in place of a V8 Map, for the two things a Map cannot
// do with millions of keys:
//
// - grow without a stall. A Map rebuilds its whole table in one step when it doubles (~0.4 s at
//   4M keys). Here, as in Redis, a second table twice the size is allocated and entries move to it
//   a few buckets per operation (and for 1 ms per cron tick) while lookups check both tables.
// - replace keys without a stall. A Map never reuses a deleted entry's slot and rebuilds the table
//   when it is full of them (~0.8 s every ~3.4M replacements at 5M keys). Here a deleted entry's
//   slot goes on a free list and the next insert takes it.
//
// Layout: an entry is a number, its id. Its key, value, chain link and hash sit side by side in a
// paged JS array (slots 4*i to 4*i+3 of page id >> PAGE_BITS; link and hash are small integers,
// which V8 stores unboxed), so a lookup touches one place per entry, and pages are never copied to
// grow. A bucket head and a link hold id + 1 (0 ends a chain). Unlike Redis, the hash is stored
// (30 bits, 4 bytes an entry): a chain walk skips other keys without reading their strings, and
// rehashing reads neither the key nor its bytes (in a profile of loading 5M keys, rehashing went
// from 5.6 s to 1.3 s).
//
// Keys are latin1 strings (one char per byte). The hash is MurmurHash3 (x86, 32-bit) over the char
// codes with a seed drawn at startup; like V8's own string hash it is not SipHash, which Redis uses
// against crafted collisions.
//
// A value is never undefined: get, swap and take answer undefined for a key that is not there.
//
// Iteration (forEach, scan) must not insert or delete; rehashing pauses while it runs, as for
// Redis's safe iterators and dictScan.

/** 4096 entries of 4 slots: 64 KB a page, under V8's large-object size. */
const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;
/** Redis's DICT_HT_INITIAL_SIZE. */
const INITIAL_SIZE = 4;
/** A table shrinks when under 1/8 full (Redis 7.4's HASHTABLE_MIN_FILL, checked on delete). */
const MIN_FILL_SHIFT = 3;
/** Empty buckets one rehash step may skip per bucket it should move (Redis's empty_visits). */
const EMPTY_VISITS = 10;
/**
 * Buckets an operation moves while rehashing. Redis moves 1; lookups probe both tables until the
 * move ends, and moving 4 cut the time to load 5M keys in process by ~15%, to that of a Map.
 */
const STEP_BUCKETS = 4;

/** The stored part of a hash: 30 bits, a small integer V8 keeps unboxed (tables stay under 2^30). */
const HASH_MASK = 0x3fffffff;

const SEED = (Math.random() * 0x100000000) >>> 0;

/** MurmurHash3 x86_32 over a string's char codes (latin1: one byte each). */
export function hashKey(s: string, seed: number = SEED): number {
  const n = s.length;
  let h = seed;
  let i = 0;
  for (const end = n & ~3; i < end; i += 4) {
    let k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = n & 3;
  if (rest !== 0) {
    let k = s.charCodeAt(i);
    if (rest > 1) k |= s.charCodeAt(i + 1) << 8;
    if (rest > 2) k |= s.charCodeAt(i + 2) << 16;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Reverses the bits of a 32-bit integer. */
function rev32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return (v >>> 16) | (v << 16);
}

/** The smallest power of two ≥ n, at least INITIAL_SIZE. */
function tableSize(n: number): number {
  let s = INITIAL_SIZE;
  while (s < n) s *= 2;
  return s;
}

export class Dict<V> {
  /**
   * Entry pages: for entry i at o = 4*(i & PAGE_MASK), the key at o, the value at o+1, at o+2 the
   * next entry's id + 1 in its chain (or in the free list), 0 at the end, and at o+3 the key's
   * hash & HASH_MASK.
   */
  #kv: unknown[][] = [];
  /** Entry ids handed out so far (the high-water mark). */
  #top = 0;
  /** Head of the free list of deleted entries' ids, + 1 (0: empty). */
  #free = 0;
  /** The main table, and while rehashing the table entries move to; used[] count their entries. */
  #t0: Int32Array = new Int32Array(INITIAL_SIZE);
  #t1: Int32Array | null = null;
  #used0 = 0;
  #used1 = 0;
  /** While rehashing, the next bucket of t0 to move. */
  #rehashIdx = 0;
  /** Iterations running: rehash steps wait until they end. */
  #paused = 0;
  /**
   * The last key hashed and its hash. A command often looks a key up and then stores or deletes
   * it; V8 caches a string's own hash in the string, and this does the same for ours.
   */
  #lastKey: string | undefined = undefined;
  #lastHash = 0;

  get size(): number {
    return this.#used0 + this.#used1;
  }

  /** Entry slots ever handed out: the size plus the free list (deleted slots wait there for reuse). */
  get allocated(): number {
    return this.#top;
  }

  /** True while entries are moving to a new table (for tests). */
  get rehashing(): boolean {
    return this.#t1 !== null;
  }

  /** Buckets in the main table, and in the one being rehashed into (0 when not rehashing). */
  get buckets(): [number, number] {
    return [this.#t0.length, this.#t1 === null ? 0 : this.#t1.length];
  }

  get(key: string): V | undefined {
    if (this.#t1 !== null) this.#step();
    const id = this.#find(key, this.#hash(key));
    return id < 0 ? undefined : (this.#kv[id >>> PAGE_BITS]![(id & PAGE_MASK) * 4 + 1] as V);
  }

  has(key: string): boolean {
    if (this.#t1 !== null) this.#step();
    return this.#find(key, this.#hash(key)) >= 0;
  }

  /** Stores a value under the key, replacing any value it had. */
  set(key: string, value: V): this {
    this.swap(key, value);
    return this;
  }

  /** Stores a value under the key; returns the value it replaced, or undefined when the key was new. */
  swap(key: string, value: V): V | undefined {
    if (this.#t1 !== null) this.#step();
    const h = this.#hash(key);
    const found = this.#find(key, h);
    if (found >= 0) {
      const page = this.#kv[found >>> PAGE_BITS]!;
      const o = (found & PAGE_MASK) * 4 + 1;
      const old = page[o] as V;
      page[o] = value;
      return old;
    }
    if (this.#t1 === null && this.#used0 >= this.#t0.length) this.#resize(this.#used0 + 1);
    const id = this.#alloc();
    const page = this.#kv[id >>> PAGE_BITS]!;
    const o = (id & PAGE_MASK) * 4;
    page[o] = key;
    page[o + 1] = value;
    page[o + 3] = h & HASH_MASK;
    let t = this.#t0;
    if (this.#t1 !== null) {
      t = this.#t1;
      this.#used1++;
    } else {
      this.#used0++;
    }
    const b = h & (t.length - 1);
    page[o + 2] = t[b]!;
    t[b] = id + 1;
    return undefined;
  }

  /** Removes the key; true if it was there. */
  delete(key: string): boolean {
    return this.take(key) !== undefined;
  }

  /** Removes the key and returns its value, or undefined when it was not there. */
  take(key: string): V | undefined {
    if (this.#t1 !== null) this.#step();
    if (this.size === 0) return undefined;
    const h = this.#hash(key);
    let v = this.#unlink(this.#t0, key, h);
    if (v !== undefined) {
      this.#used0--;
    } else if (this.#t1 !== null && (v = this.#unlink(this.#t1, key, h)) !== undefined) {
      this.#used1--;
    } else {
      return undefined;
    }
    if (this.#t1 === null && this.#t0.length > INITIAL_SIZE && this.#used0 < this.#t0.length >>> MIN_FILL_SHIFT) {
      this.#resize(this.#used0);
    }
    return v;
  }

  /** Calls fn for every entry. fn must not insert or delete. */
  forEach(fn: (value: V, key: string) => void): void {
    this.#paused++;
    try {
      this.#visitAll(this.#t0, fn);
      if (this.#t1 !== null) this.#visitAll(this.#t1, fn);
    } finally {
      this.#paused--;
    }
  }

  /**
   * Redis's dictScan: visits the bucket the cursor names (in both tables while rehashing, every
   * bucket of the larger table that expands it) and returns the next cursor, 0 when the walk is
   * complete. A key present from the first call to the last is visited at least once, however the
   * table grows or shrinks meanwhile; it may be visited twice. The cursor is an unsigned 32-bit
   * number (tables never exceed 2^31 buckets). fn must not insert or delete.
   */
  scan(cursor: number, fn: (key: string, value: V) => void): number {
    if (this.size === 0) return 0;
    let v = cursor | 0;
    this.#paused++;
    try {
      let small = this.#t0;
      if (this.#t1 === null) {
        const m0 = small.length - 1;
        this.#visitBucket(small[v & m0]!, fn);
        v |= ~m0;
        v = rev32((rev32(v) + 1) | 0);
      } else {
        let big = this.#t1;
        if (small.length > big.length) [small, big] = [big, small];
        const m0 = small.length - 1;
        const m1 = big.length - 1;
        this.#visitBucket(small[v & m0]!, fn);
        // Then every bucket of the larger table that the small table's bucket expands to.
        do {
          this.#visitBucket(big[v & m1]!, fn);
          v |= ~m1;
          v = rev32((rev32(v) + 1) | 0);
        } while ((v & (m0 ^ m1)) !== 0);
      }
    } finally {
      this.#paused--;
    }
    return v >>> 0;
  }

  /**
   * A random key, or undefined when empty: a random non-empty bucket, then a random entry of its
   * chain, as Redis's dictGetRandomKey.
   */
  randomKey(): string | undefined {
    if (this.size === 0) return undefined;
    if (this.#t1 !== null) this.#step();
    let head = 0;
    const t0 = this.#t0;
    const t1 = this.#t1;
    if (t1 !== null) {
      // Buckets of t0 below rehashIdx are empty: draw from the rest of t0 and all of t1.
      const span = t0.length + t1.length - this.#rehashIdx;
      while (head === 0) {
        const b = this.#rehashIdx + Math.floor(Math.random() * span);
        head = b >= t0.length ? t1[b - t0.length]! : t0[b]!;
      }
    } else {
      const m = t0.length - 1;
      while (head === 0) head = t0[Math.floor(Math.random() * 0x100000000) & m]!;
    }
    let len = 0;
    for (let e = head; e !== 0; e = this.#link(e - 1)) len++;
    let e = head;
    for (let k = Math.floor(Math.random() * len); k > 0; k--) e = this.#link(e - 1);
    return this.#key(e - 1);
  }

  /**
   * Rehashes for about `ms` milliseconds (Redis's dictRehashMilliseconds, 100 buckets at a time);
   * returns whether it did anything. Called by the cron with activerehashing.
   */
  rehashMilliseconds(ms: number): boolean {
    if (this.#t1 === null || this.#paused !== 0) return false;
    const end = performance.now() + ms;
    while (this.#rehash(100)) {
      if (performance.now() > end) break;
    }
    return true;
  }

  #hash(key: string): number {
    if (key === this.#lastKey) return this.#lastHash;
    this.#lastKey = key;
    return (this.#lastHash = hashKey(key));
  }

  #key(id: number): string {
    return this.#kv[id >>> PAGE_BITS]![(id & PAGE_MASK) * 4] as string;
  }

  #link(id: number): number {
    return this.#kv[id >>> PAGE_BITS]![(id & PAGE_MASK) * 4 + 2] as number;
  }

  /** The entry id holding key (hash h), or -1. */
  #find(key: string, h: number): number {
    if (this.size === 0) return -1;
    const kv = this.#kv;
    const hm = h & HASH_MASK;
    let t = this.#t0;
    for (;;) {
      let e = t[h & (t.length - 1)]!;
      while (e !== 0) {
        const id = e - 1;
        const page = kv[id >>> PAGE_BITS]!;
        const o = (id & PAGE_MASK) * 4;
        if (page[o + 3] === hm && page[o] === key) return id;
        e = page[o + 2] as number;
      }
      if (t === this.#t1 || this.#t1 === null) return -1;
      t = this.#t1;
    }
  }

  /** Removes key's entry from table t's chain and frees it; returns its value, undefined if not in t. */
  #unlink(t: Int32Array, key: string, h: number): V | undefined {
    const kv = this.#kv;
    const hm = h & HASH_MASK;
    const b = h & (t.length - 1);
    let prev = 0;
    let e = t[b]!;
    while (e !== 0) {
      const id = e - 1;
      const page = kv[id >>> PAGE_BITS]!;
      const o = (id & PAGE_MASK) * 4;
      const next = page[o + 2] as number;
      if (page[o + 3] === hm && page[o] === key) {
        if (prev === 0) t[b] = next;
        else kv[(prev - 1) >>> PAGE_BITS]![((prev - 1) & PAGE_MASK) * 4 + 2] = next;
        const value = page[o + 1] as V;
        page[o] = undefined;
        page[o + 1] = undefined;
        page[o + 2] = this.#free;
        this.#free = e;
        return value;
      }
      prev = e;
      e = next;
    }
    return undefined;
  }

  /** A free entry id: the last one deleted, else a new one (adding a page when needed). */
  #alloc(): number {
    if (this.#free !== 0) {
      const id = this.#free - 1;
      this.#free = this.#link(id);
      return id;
    }
    const id = this.#top++;
    if ((id & PAGE_MASK) === 0) {
      this.#kv.push(new Array<unknown>(PAGE * 4));
    }
    return id;
  }

  /** Starts rehashing into a table sized for n entries (Redis's _dictExpand / dictResize). */
  #resize(n: number): void {
    const size = tableSize(n);
    if (size === this.#t0.length) return;
    if (this.#used0 === 0) {
      this.#t0 = new Int32Array(size);
      return;
    }
    this.#t1 = new Int32Array(size);
    this.#rehashIdx = 0;
  }

  /** One rehash step, unless an iteration is running (Redis's _dictRehashStep). */
  #step(): void {
    if (this.#paused === 0) this.#rehash(STEP_BUCKETS);
  }

  /**
   * Moves up to n buckets of t0 to t1 (visiting at most n * EMPTY_VISITS empty ones); returns
   * whether entries are left to move (Redis's dictRehash).
   */
  #rehash(n: number): boolean {
    const t0 = this.#t0;
    const t1 = this.#t1!;
    const m1 = t1.length - 1;
    const kv = this.#kv;
    let empty = n * EMPTY_VISITS;
    let idx = this.#rehashIdx;
    while (n-- > 0 && this.#used0 !== 0) {
      while (t0[idx] === 0) {
        idx++;
        if (--empty === 0) {
          this.#rehashIdx = idx;
          return true;
        }
      }
      let e = t0[idx]!;
      while (e !== 0) {
        const id = e - 1;
        const page = kv[id >>> PAGE_BITS]!;
        const o = (id & PAGE_MASK) * 4;
        const next = page[o + 2] as number;
        const b = (page[o + 3] as number) & m1;
        page[o + 2] = t1[b]!;
        t1[b] = e;
        this.#used0--;
        this.#used1++;
        e = next;
      }
      t0[idx] = 0;
      idx++;
    }
    this.#rehashIdx = idx;
    if (this.#used0 !== 0) return true;
    this.#t0 = t1;
    this.#t1 = null;
    this.#used0 = this.#used1;
    this.#used1 = 0;
    this.#rehashIdx = 0;
    return false;
  }

  #visitBucket(head: number, fn: (key: string, value: V) => void): void {
    const kv = this.#kv;
    for (let e = head; e !== 0; e = this.#link(e - 1)) {
      const id = e - 1;
      const page = kv[id >>> PAGE_BITS]!;
      const o = (id & PAGE_MASK) * 4;
      fn(page[o] as string, page[o + 1] as V);
    }
  }

  #visitAll(t: Int32Array, fn: (value: V, key: string) => void): void {
    const kv = this.#kv;
    for (let b = 0; b < t.length; b++) {
      for (let e = t[b]!; e !== 0; e = this.#link(e - 1)) {
        const id = e - 1;
        const page = kv[id >>> PAGE_BITS]!;
        const o = (id & PAGE_MASK) * 4;
        fn(page[o + 1] as V, page[o] as string);
      }
    }
  }
}
