// One numbered database: key -> value object, and key -> absolute expiry time (ms) kept apart as
// Redis keeps db->expires, both in Dicts (store/dict.ts). Keys are latin1 strings. Lookups apply
// lazy expiry; every mutation that handlers make goes through here so the keyspace can signal it.
//
// A value is an RObject, or the handle (a number) of a small string that a plain SET kept in the
// database's StringSlab, off the V8 heap (store/string-slab.ts says why). Handles never leave this
// class except through lookupString, which GET and COPY use to read the record's bytes. lookupExists,
// lookupType and lookupView (an object made for the occasion) answer without changing the record,
// and renameKey and moveKeyTo move it; every other lookup turns it back into an RObject, stores
// that in its place and returns it, so handlers only ever see RObjects and may change them in place
// as before.

import type { ObjType, RObject } from '../types/object.ts';
import { createStringObject } from '../types/string.ts';
import { Dict } from './dict.ts';
import type { Keyspace } from './keyspace.ts';
import { SLAB_MAX_LEN, StringSlab } from './string-slab.ts';

/** Lookup flags, as Redis's LOOKUP_*: skip the LRU touch, the keymiss event, the hit/miss stats. */
export const LOOKUP_NOTOUCH = 1;
export const LOOKUP_NONOTIFY = 2;
export const LOOKUP_NOSTATS = 4;
/** Report a logically expired key as missing without deleting it. */
export const LOOKUP_NOEXPIRE = 8;
/** What a write's lookup skips (Redis's LOOKUP_WRITE): the hit/miss stats and the keymiss event. */
export const LOOKUP_WRITE = LOOKUP_NOSTATS | LOOKUP_NONOTIFY;

export class Database {
  readonly id: number;
  readonly ks: Keyspace;
  dict = new Dict<RObject | number>();
  expires = new Dict<number>();
  /** The small string values whose handles `dict` holds. */
  slab = new StringSlab();
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
    this.#drop(this.dict.take(key));
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
    const v = this.#find(key, flags);
    return typeof v === 'number' ? this.#materialize(key, v) : v;
  }

  /** lookup() for a caller that needs only to know whether the key exists: a slab record stays one. */
  lookupExists(key: string, flags: number): boolean {
    return this.#find(key, flags) !== undefined;
  }

  /** lookup() for TYPE and SCAN's TYPE filter: the value's type name; a slab record stays one. */
  lookupType(key: string, flags: number): ObjType | undefined {
    const v = this.#find(key, flags);
    return v === undefined ? undefined : typeof v === 'number' ? 'string' : v.type;
  }

  /**
   * lookup() for GET, MGET and COPY: the value, or for a small string kept in the slab its handle,
   * to read with `slab.bulkTo` or `slab.string` (the record stays one).
   */
  lookupString(key: string): RObject | number | undefined {
    return this.#find(key, 0);
  }

  /**
   * lookup() for a command that only reads the value and keeps no reference to it (every read
   * through lookupReadTyped, STRLEN, GETRANGE, GETEX, GETBIT, BITOP's sources, LCS, SORT's
   * patterns, OBJECT, MEMORY USAGE): a slab record is answered with an object made from it for the
   * occasion, and stays a record.
   */
  lookupView(key: string, flags: number): RObject | undefined {
    const v = this.#find(key, flags);
    return typeof v === 'number' ? createStringObject(this.slab.string(v), this.slab.lru(v)) : v;
  }

  /**
   * Lookup for writing (Redis's lookupKeyWrite, lookup() with LOOKUP_WRITE): lazy expiry and the
   * touch, no stats or event. Written out: every write command's first step.
   */
  lookupWrite(key: string): RObject | undefined {
    const v = this.dict.get(key);
    if (v === undefined || (this.expires.size !== 0 && this.expireIfNeeded(key))) return undefined;
    const o = typeof v === 'number' ? this.#materialize(key, v) : v;
    this.ks.touch(o);
    return o;
  }

  /** lookup() without turning a slab record into an object: the stored value or its handle. */
  #find(key: string, flags: number): RObject | number | undefined {
    const v = this.dict.get(key);
    if (v !== undefined && this.expires.size !== 0) {
      if ((flags & LOOKUP_NOEXPIRE) !== 0 ? this.isExpired(key) : this.expireIfNeeded(key)) return this.#miss(key, flags);
    }
    if (v === undefined) return this.#miss(key, flags);
    if ((flags & LOOKUP_NOSTATS) === 0) this.ks.stats.keyspaceHits++;
    return (flags & LOOKUP_NOTOUCH) === 0 ? this.#touched(key, v) : v;
  }

  /**
   * Records an access to a stored value, as ks.touch does for an object; returns what is stored
   * afterwards. A slab record keeps an LRU clock only: under an LFU policy it becomes an object first.
   */
  #touched(key: string, v: RObject | number): RObject | number {
    if (typeof v !== 'number') {
      this.ks.touch(v);
      return v;
    }
    if (this.ks.noTouch) return v;
    if (this.ks.lfu !== null) {
      const o = this.#materialize(key, v);
      this.ks.touch(o);
      return o;
    }
    this.slab.setLru(v, this.ks.lruClock());
    return v;
  }

  /** Turns a slab record back into the object it stands for, stored in its place. */
  #materialize(key: string, h: number): RObject {
    const o = createStringObject(this.slab.string(h), this.slab.lru(h));
    this.slab.free(h);
    this.dict.set(key, o);
    return o;
  }

  /** Releases a removed value's slab record, if it had one. */
  #drop(v: RObject | number | undefined): void {
    if (typeof v === 'number') this.slab.free(v);
  }

  #miss(key: string, flags: number): undefined {
    if ((flags & LOOKUP_NONOTIFY) === 0) this.ks.notify('m', 'keymiss', key, this.id);
    if ((flags & LOOKUP_NOSTATS) === 0) this.ks.stats.keyspaceMisses++;
    return undefined;
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
    this.#put(key, o, keepTtl);
  }

  /** set() for a value that may be a slab handle of this database (RENAME's and MOVE's). */
  #put(key: string, v: RObject | number, keepTtl: boolean): void {
    const old = this.dict.swap(key, v);
    // Redis's overwrite hands the old value's LFU counter to the new one.
    if (old !== undefined && this.ks.lfu !== null && typeof old !== 'number' && old.hasLfu && typeof v !== 'number') {
      v.setLfu(old.lru);
    }
    this.#stored(key, old, keepTtl, true);
  }

  /**
   * Stores a string value just received from a client, as set(key, createStringObject(s)) would:
   * when it is short enough and no LFU policy is in force (whose counters live in objects), as a
   * record in the slab.
   */
  setString(key: string, s: string, keepTtl = false): void {
    const ks = this.ks;
    if (s.length > SLAB_MAX_LEN || ks.lfu !== null) {
      this.set(key, createStringObject(s, ks.lruClock()), keepTtl);
      return;
    }
    const lru = ks.lruClock();
    // Overwriting a record of the same size class: its bytes change, the Dict entry does not.
    const old = this.dict.get(key);
    if (typeof old === 'number' && this.slab.overwrite(old, s, lru)) {
      this.#stored(key, old, keepTtl, false);
      return;
    }
    const h = this.slab.alloc(s, lru);
    if (h < 0) this.set(key, createStringObject(s, lru), keepTtl);
    else this.#stored(key, this.dict.swap(key, h), keepTtl, true);
  }

  /**
   * The bookkeeping after a value was stored in place of `old` (undefined: the key is new), whose
   * slab record is freed unless it was reused (`freeOld` false).
   */
  #stored(key: string, old: RObject | number | undefined, keepTtl: boolean, freeOld: boolean): void {
    if (old === undefined) {
      // Redis's dbAdd announces every new key (class 'n', off unless asked for).
      if (this.ks.newKeyEvents) this.ks.notify('n', 'new', key, this.id);
    } else {
      if (freeOld && typeof old === 'number') this.slab.free(old);
      if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
    }
    this.ks.dirty++;
    this.ks.signalModified(this, key);
  }

  /**
   * Stores a value with none of set()'s bookkeeping: no dirty count, signal, event or TTL change
   * (a BITFIELD refused by OVERFLOW FAIL still leaves its zero-filled value). A replaced slab record
   * is freed.
   */
  setQuietly(key: string, o: RObject): void {
    this.#drop(this.dict.swap(key, o));
  }

  /** Adds a key known to be absent (Redis's dbAdd): set() with nothing to replace, named for the reader. */
  add(key: string, o: RObject): void {
    this.set(key, o);
  }

  /** Deletes a key; true if it existed. Signals the modification; the caller emits the event. */
  delete(key: string): boolean {
    const old = this.dict.take(key);
    if (old === undefined) return false;
    this.#drop(old);
    this.#removed(key);
    return true;
  }

  /** The bookkeeping after a key's entry was taken out: its TTL, the dirty count, the signal. */
  #removed(key: string): void {
    if (this.expires.size !== 0) this.expires.delete(key);
    this.ks.dirty++;
    this.ks.signalModified(this, key);
  }

  /**
   * RENAME's move, as add(dst) then delete(src) with src's value as it is stored (a slab record
   * stays one). src must exist; dst must not, or only as a logically expired key (expiry paused),
   * which it replaces. The TTL is the caller's to carry over.
   */
  renameKey(src: string, dst: string): void {
    // dst is added before src is taken out, as Redis's dbAdd then dbDelete: the table grows or
    // shrinks at the same moments (which SCAN cursors and KEYS order show).
    this.#put(dst, this.dict.get(src)!, false);
    this.dict.take(src);
    this.#removed(src);
  }

  /**
   * MOVE's move: the key's value to another database, as to.add(key) then delete(key). A slab
   * record is copied into the other database's slab with its LRU clock. The key must exist here,
   * and there not at all or only logically expired. The TTL is the caller's to carry over.
   */
  moveKeyTo(to: Database, key: string): void {
    let v = this.dict.take(key)!;
    if (typeof v === 'number') {
      const s = this.slab.string(v);
      const lru = this.slab.lru(v);
      this.slab.free(v);
      const h = to.slab.alloc(s, lru);
      v = h < 0 ? createStringObject(s, lru) : h;
    }
    to.#put(key, v, false);
    this.#removed(key);
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
    this.slab = new StringSlab();
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
    const slab = this.slab;
    const expireCursor = this.expireCursor;
    const avgTtl = this.avgTtl;
    this.dict = other.dict;
    this.expires = other.expires;
    this.slab = other.slab;
    this.expireCursor = other.expireCursor;
    this.avgTtl = other.avgTtl;
    other.dict = dict;
    other.expires = expires;
    other.slab = slab;
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
