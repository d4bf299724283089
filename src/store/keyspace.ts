// The keyspace: every database, the clock that expiry reads, and the one place a write is
// signalled from. Owned by the executor thread; nothing else touches it.

import { Database } from './database.ts';
import { ScanCursors } from './scan.ts';
import { lfuTouch, type RObject } from '../types/object.ts';

export interface Clock {
  /** Milliseconds since the epoch. Tests inject a clock they can advance. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface KeyspaceStats {
  expiredKeys: number;
  expiredStalePerc: number;
  expiredTimeCapReachedCount: number;
  /** Microseconds spent in the active expiry cycle (INFO expire_cycle_cpu_milliseconds / 1000). */
  expireCycleTimeUsed: number;
  keyspaceHits: number;
  keyspaceMisses: number;
}

/** Listeners that later subsystems (WATCH, tracking, notifications) attach to. */
export interface KeyspaceHooks {
  /** A key's value changed or it disappeared: invalidates WATCH and client-side caches. */
  modified: ((db: Database, key: string) => void)[];
  /** A keyspace event, with Redis's class letter (g, $, x, e...) and event name. */
  event: ((cls: string, event: string, key: string, dbid: number) => void)[];
  /**
   * A whole database is about to be emptied or swapped (FLUSHDB, FLUSHALL, SWAPDB: `swap` true and
   * `other` the database it is swapped with, else -1).
   */
  flushed: ((dbid: number, swap: boolean, other: number) => void)[];
}

export class Keyspace {
  readonly dbs: Database[];
  readonly clock: Clock;
  /** Writes since the last save, as Redis's server.dirty. */
  dirty = 0;
  readonly stats: KeyspaceStats = {
    expiredKeys: 0,
    expiredStalePerc: 0,
    expiredTimeCapReachedCount: 0,
    expireCycleTimeUsed: 0,
    keyspaceHits: 0,
    keyspaceMisses: 0,
  };
  readonly hooks: KeyspaceHooks = { modified: [], event: [], flushed: [] };
  /** While clients are paused for writes, expired keys are kept (Redis does the same). */
  expiryPaused = false;
  /** notify-keyspace-events includes `n`: Database.add/set emit `new` for keys they create. */
  newKeyEvents = false;
  /**
   * LFU parameters while an LFU maxmemory-policy is selected, else null (LRU clock in `lru`). Set
   * by whoever applies maxmemory-policy / lfu-log-factor / lfu-decay-time.
   */
  lfu: { logFactor: number; decayTime: number } | null = null;
  /** Live HSCAN/SSCAN/ZSCAN walks over values' Maps (the keyspace's SCAN has its own cursor). */
  readonly scans = new ScanCursors();
  /** The active expiry cycle's state between runs (Redis keeps these as statics). */
  readonly expireState = { currentDb: 0, timelimitExit: false, lastFastCycle: -Infinity };

  /** The clock behind `clock`; `clock` answers from a snapshot while a batch runs. */
  readonly #source: Clock;
  /** Milliseconds frozen for the current batch of commands, or -1 outside one. */
  #snapshot = -1;
  /**
   * With the system clock: wall-clock ms minus monotonic ms (performance.now), so a monotonic
   * reading the server already took converts to wall-clock time without a second clock read.
   * Re-synced by the cron (syncWallClock), so a stepped system clock is followed within a tick.
   * null with an injected clock, which is always asked directly.
   */
  #wallOffset: number | null = null;

  constructor(count: number, clock: Clock = systemClock) {
    this.#source = clock;
    this.syncWallClock();
    this.clock = { now: () => (this.#snapshot >= 0 ? this.#snapshot : this.#source.now()) };
    this.dbs = [];
    for (let i = 0; i < count; i++) this.dbs.push(new Database(i, this));
  }

  /**
   * Freezes `clock` for the command about to run, as Redis caches the time per command: one clock
   * read per command instead of one per lookup, and the whole command (a whole EXEC) agrees on what
   * has expired. `thawTime` ends it.
   */
  freezeTime(): void {
    this.#snapshot = this.#source.now();
  }

  /**
   * freezeTime for a command starting at monotonic time `mono` (a performance.now() reading the
   * dispatcher took anyway: the end of the previous command): the same snapshot, no clock read.
   */
  freezeTimeAt(mono: number): void {
    this.#snapshot = this.wallTimeAt(mono);
  }

  /** Wall-clock ms at monotonic time `mono` (a performance.now() reading), without reading the clock. */
  wallTimeAt(mono: number): number {
    const off = this.#wallOffset;
    return off !== null ? Math.floor(off + mono) : this.#source.now();
  }

  /** Re-reads the offset between the wall clock and the monotonic one (system clock only). */
  syncWallClock(): void {
    if (this.#source === systemClock) this.#wallOffset = Date.now() - performance.now();
  }

  thawTime(): void {
    this.#snapshot = -1;
  }

  /**
   * Redis's LRU clock, as stored in an object's `lru` field: seconds modulo 2^24 (LRU_CLOCK_MAX + 1).
   * ToInt32 truncates the positive quotient, so `& mask` is floor-then-wrap without Math.floor.
   */
  lruClock(): number {
    return (this.clock.now() / 1000) & 0xffffff;
  }

  /**
   * Set by the dispatcher while a CLIENT NO-TOUCH client's command runs (TOUCH excepted): lookups
   * then leave LRU/LFU data alone, reads and writes alike, as Redis's lookupKey does.
   */
  noTouch = false;

  /** Records an access to a value: its LRU clock, or its LFU counter under an LFU policy. */
  touch(o: RObject): void {
    if (this.noTouch) return;
    const lfu = this.lfu;
    if (lfu === null) o.lru = this.lruClock();
    else lfuTouch(o, this.clock.now(), lfu.logFactor, lfu.decayTime);
  }

  /** Every write ends here: dirty counter, WATCH, tracking (and later AOF/replication). */
  signalModified(db: Database, key: string): void {
    const fns = this.hooks.modified;
    for (let i = 0; i < fns.length; i++) fns[i]!(db, key);
  }

  /** Emits a keyspace event; cheap when nobody listens. */
  notify(cls: string, event: string, key: string, dbid: number): void {
    const fns = this.hooks.event;
    for (let i = 0; i < fns.length; i++) fns[i]!(cls, event, key, dbid);
  }

  signalFlushed(dbid: number, swap = false, other = -1): void {
    for (const f of this.hooks.flushed) f(dbid, swap, other);
  }

  /** SWAPDB: exchanges two databases' contents; false when an index is out of range. */
  swapDbs(a: number, b: number): boolean {
    const da = this.dbs[a];
    const db = this.dbs[b];
    if (da === undefined || db === undefined) return false;
    if (a === b) return true;
    // Signalled before the change, as Redis's touchAllWatchedKeysInDb: listeners can still see
    // which keys each database held.
    this.signalFlushed(a, true, b);
    this.signalFlushed(b, true, a);
    da.swapWith(db);
    return true;
  }

  /** Empties one database (FLUSHDB) or all (-1, FLUSHALL); returns how many keys were removed. */
  flush(dbid: number): number {
    let removed = 0;
    for (const db of this.dbs) {
      if (dbid !== -1 && db.id !== dbid) continue;
      this.signalFlushed(db.id); // before, so listeners still see the keys
      removed += db.clear();
    }
    return removed;
  }

  /** The database the next incrementalRehash call starts from. */
  #rehashDb = 0;

  /**
   * Redis's databasesCron rehashing (activerehashing): gives 1 ms of rehashing to the first
   * database, from where the last call stopped, whose keys or expires are rehashing.
   */
  incrementalRehash(): void {
    const n = this.dbs.length;
    for (let i = 0; i < Math.min(16, n); i++) {
      const db = this.dbs[this.#rehashDb]!;
      if (db.dict.rehashMilliseconds(1) || db.expires.rehashMilliseconds(1)) return;
      this.#rehashDb = (this.#rehashDb + 1) % n;
    }
  }

  totalKeys(): number {
    let n = 0;
    for (const db of this.dbs) n += db.size;
    return n;
  }
}
