// One numbered database: key -> value object, and key -> absolute expiry time (ms) kept apart as
// Redis keeps db->expires, both in Dicts (store/dict.ts). Keys are latin1 strings. Lookups apply
// lazy expiry; every mutation that handlers make goes through here so the keyspace can signal it.

import type { RObject } from '../types/object.ts';
import { Dict } from './dict.ts';
import type { Keyspace } from './keyspace.ts';

/** Lookup flags, as Redis's LOOKUP_*: skip the LRU touch, the keymiss event, the hit/miss stats. */
export const LOOKUP_NOTOUCH = 1;
export const LOOKUP_NONOTIFY = 2;
export const LOOKUP_NOSTATS = 4;
/** Report a logically expired key as missing without deleting it. */
export const LOOKUP_NOEXPIRE = 8;

export class Database {
  readonly id: number;
  readonly ks: Keyspace;
  dict = new Dict<RObject>();
  expires = new Dict<number>();
  /** The active expiry cycle's scan cursor over `expires` (see store/expire.ts). */
  expireCursor = 0;
  /** Running average of the TTLs the expiry cycle sampled, ms (INFO keyspace avg_ttl). */
  avgTtl = 0;

  constructor(id: number, ks: Keyspace) {
    this.id = id;
    this.ks = ks;
  }

  get size(): number {
    return this.dict.size;
  }

  /**
   * Deletes the key if its time has passed and says whether it did. Redis's expireIfNeeded: the
   * deletion is a write (notification `expired`, WATCH invalidation) even inside a read.
   */
  expireIfNeeded(key: string): boolean {
    const when = this.expires.get(key);
    // Expired strictly after its time, as Redis's keyIsExpired (`now > when`).
    if (when === undefined || when >= this.ks.clock.now()) return false;
    if (this.ks.expiryPaused) return true; // logically expired, physically kept
    this.deleteExpired(key);
    return true;
  }

  /** True when the key has a TTL that has passed (Redis's keyIsExpired); deletes nothing. */
  isExpired(key: string): boolean {
    const when = this.expires.get(key);
    return when !== undefined && when < this.ks.clock.now();
  }

  /** Removes an expired key with the bookkeeping Redis does (stats, event, signal). */
  deleteExpired(key: string): void {
    this.dict.delete(key);
    this.expires.delete(key);
    this.ks.stats.expiredKeys++;
    this.ks.notify('x', 'expired', key, this.id);
    this.ks.signalModified(this, key);
  }

  /** Lookup for reading: lazy expiry, hit/miss stats, LRU touch (unless the client asked NO-TOUCH). */
  lookupRead(key: string, touch = true): RObject | undefined {
    return this.lookup(key, touch ? 0 : LOOKUP_NOTOUCH);
  }

  /**
   * Redis's lookupKey with its flags (LOOKUP_*): lazy expiry, then on a hit the LRU touch and the
   * hit count, on a miss the `keymiss` event ('m') and the miss count, unless the flags say not to.
   */
  lookup(key: string, flags: number): RObject | undefined {
    const o = this.dict.get(key);
    if (o !== undefined && this.expires.size !== 0) {
      if ((flags & LOOKUP_NOEXPIRE) !== 0 ? this.isExpired(key) : this.expireIfNeeded(key)) return this.#miss(key, flags);
    }
    if (o === undefined) return this.#miss(key, flags);
    if ((flags & LOOKUP_NOTOUCH) === 0) this.ks.touch(o);
    if ((flags & LOOKUP_NOSTATS) === 0) this.ks.stats.keyspaceHits++;
    return o;
  }

  #miss(key: string, flags: number): undefined {
    if ((flags & LOOKUP_NONOTIFY) === 0) this.ks.notify('m', 'keymiss', key, this.id);
    if ((flags & LOOKUP_NOSTATS) === 0) this.ks.stats.keyspaceMisses++;
    return undefined;
  }

  /** Lookup for writing: lazy expiry only. */
  lookupWrite(key: string): RObject | undefined {
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined;
    const o = this.dict.get(key);
    if (o !== undefined) this.ks.touch(o);
    return o;
  }

  /** True when the key exists (after lazy expiry), without touching stats or LRU. */
  exists(key: string): boolean {
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return false;
    return this.dict.has(key);
  }

  /**
   * Stores a value (Redis's setKey): replaces any old value, drops the TTL unless keepTtl, and
   * signals the modification, in one lookup. The caller emits the keyspace event, whose name
   * depends on the command.
   */
  set(key: string, o: RObject, keepTtl = false): void {
    const old = this.dict.swap(key, o);
    if (old === undefined) {
      // Redis's dbAdd announces every new key (class 'n', off unless asked for).
      if (this.ks.newKeyEvents) this.ks.notify('n', 'new', key, this.id);
    } else {
      // Redis's overwrite hands the old value's LFU counter to the new one.
      if (this.ks.lfu !== null && old.hasLfu) o.setLfu(old.lru);
      if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
    }
    this.ks.dirty++;
    this.ks.signalModified(this, key);
  }

  /** Adds a key known to be absent (Redis's dbAdd): set() with nothing to replace, named for the reader. */
  add(key: string, o: RObject): void {
    this.set(key, o);
  }

  /** Deletes a key; true if it existed. Signals the modification; the caller emits the event. */
  delete(key: string): boolean {
    if (!this.dict.delete(key)) return false;
    if (this.expires.size !== 0) this.expires.delete(key);
    this.ks.dirty++;
    this.ks.signalModified(this, key);
    return true;
  }

  /** The key's absolute expiry in ms, or -1 when it has none. */
  getExpire(key: string): number {
    return this.expires.get(key) ?? -1;
  }

  setExpire(key: string, when: number): void {
    this.expires.set(key, when);
  }

  removeExpire(key: string): boolean {
    return this.expires.delete(key);
  }

  /**
   * Empties the database (FLUSHDB); returns how many keys it held. Replacing the Dicts is O(1) and
   * leaves the old ones to the GC, which frees them in the background: the spirit of ASYNC.
   */
  clear(): number {
    const n = this.dict.size;
    this.dict = new Dict();
    this.expires = new Dict();
    this.expireCursor = 0;
    this.avgTtl = 0;
    return n;
  }

  /**
   * Exchanges contents with another database (SWAPDB): clients keep pointing at the same Database
   * objects and see the other data. Per-content state (cursors, averages) travels with the data.
   */
  swapWith(other: Database): void {
    const dict = this.dict;
    const expires = this.expires;
    const expireCursor = this.expireCursor;
    const avgTtl = this.avgTtl;
    this.dict = other.dict;
    this.expires = other.expires;
    this.expireCursor = other.expireCursor;
    this.avgTtl = other.avgTtl;
    other.dict = dict;
    other.expires = expires;
    other.expireCursor = expireCursor;
    other.avgTtl = avgTtl;
  }

  /**
   * A random key (RANDOMKEY), or undefined when empty: a random bucket's random entry, as Redis's
   * dictGetRandomKey. Expired keys found on the way are deleted, as Redis does; while expiry is
   * paused and every key is volatile, a possibly expired key is returned after 100 tries instead of
   * looping forever.
   */
  randomKey(): string | undefined {
    let tries = 100;
    for (;;) {
      const key = this.dict.randomKey();
      if (key === undefined) return undefined;
      if (!this.expires.has(key)) return key;
      if (this.expires.size === this.dict.size && this.ks.expiryPaused && --tries === 0) return key;
      if (!this.expireIfNeeded(key)) return key;
    }
  }
}
