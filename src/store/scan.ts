// Cursors over a JS Map for SCAN, and for HSCAN/SSCAN/ZSCAN on hashtable-encoded values: call
// `ks.scans.scan(map, cursor, count, visit)` with the value's Map (small encodings reply whole,
// with cursor 0, as Redis does). One table serves every Map of a keyspace.
//
// Redis's reverse-binary cursor walks hash buckets; a Map has none, so the cursor instead names a
// live Map iterator kept in a bounded table. V8's Map iterators survive inserts, deletes and
// rehashing (measured in test/scan.test.ts): an entry present for the whole iteration is visited
// exactly once, a deleted one is skipped, an inserted one is visited (it goes to the end), and a
// key deleted and re-added may be visited twice. That is SCAN's guarantee, kept exactly while the
// iterator stays in the table. One entry is read ahead so that the call handing out the last
// entry returns cursor 0, as Redis does.
//
// A cursor value = (entries handed out so far) * 2^16 + (a sequence number, never 0). A cursor is
// consumed when used. When it is not in the table (evicted as least recently used, used twice,
// issued before a FLUSHDB/SWAPDB replaced the Map, or made up by the client) the walk restarts from
// the Map's first entry and skips that many entries. Only this fallback can repeat or miss entries
// present throughout (when entries earlier in insertion order were deleted or inserted meanwhile),
// which is weaker than Redis's guarantee; it takes more than TABLE_LIMIT interleaved scans, a
// retried call, or a flush in the middle of a scan.

/** How many live iterators are kept, over all maps. */
const TABLE_LIMIT = 1024;
const SEQ_BITS = 65536;

interface Walk<K, V> {
  map: Map<K, V>;
  it: MapIterator<[K, V]>;
  /** Entries handed out so far (what the cursor value encodes). */
  done: number;
  /** A key read ahead of the last reply, handed out first next time if still present. */
  ahead: K | undefined;
}

/** The largest value an unsigned 64-bit cursor may take. */
const U64_MAX = 18446744073709551615n;

/**
 * Reads a SCAN cursor as Redis does (strtoul over the whole string): optional sign, decimal digits,
 * no leading space, at most 2^64-1; a minus sign wraps around as in C; the empty string is 0.
 * Returns null when invalid.
 */
export function parseCursor(s: string): bigint | null {
  const n = s.length;
  let i = 0;
  let neg = false;
  if (n > 0 && (s.charCodeAt(0) === 43 || s.charCodeAt(0) === 45)) {
    neg = s.charCodeAt(0) === 45;
    i = 1;
    if (n === 1) return null;
  }
  for (let j = i; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  if (n === 0) return 0n;
  const v = BigInt(s.slice(i));
  if (v > U64_MAX) return null;
  return neg && v !== 0n ? U64_MAX + 1n - v : v;
}

/** A table of live walks, shared by every scanned Map of one keyspace. Owned by the executor. */
export class ScanCursors {
  #walks = new Map<number, Walk<unknown, unknown>>();
  #seq = 0;

  /** Live walks held (for tests and INFO). */
  get size(): number {
    return this.#walks.size;
  }

  /**
   * Hands up to `count` entries of `map` after `cursor` to `visit` and returns the next cursor, 0
   * when the walk is complete. `count` is a hint, as in Redis: the entries are visited before any
   * filtering the caller does, so fewer may reach the reply.
   */
  scan<K, V>(map: Map<K, V>, cursor: bigint, count: number, visit: (key: K, value: V) => void): bigint {
    let walk: Walk<K, V> | undefined;
    if (cursor !== 0n) {
      const id = cursor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(cursor) : -1;
      const found = this.#walks.get(id) as Walk<K, V> | undefined;
      if (found !== undefined) {
        this.#walks.delete(id);
        if (found.map === map) walk = found;
      }
    }
    if (walk === undefined) {
      walk = { map, it: map.entries(), done: 0, ahead: undefined };
      // Fallback: resume by position. An absurd cursor skips everything and ends the walk.
      const skip = cursor / BigInt(SEQ_BITS);
      if (skip >= BigInt(map.size)) return 0n;
      for (let n = Number(skip); n > 0; n--) walk.it.next();
      walk.done = Number(skip);
    }
    let visited = 0;
    const ahead = walk.ahead;
    if (ahead !== undefined) {
      walk.ahead = undefined;
      // The entry read ahead last time may have been deleted since; its value may have changed.
      if (map.has(ahead)) {
        visit(ahead, map.get(ahead)!);
        visited++;
        walk.done++;
      }
    }
    for (; visited < count; visited++) {
      const r = walk.it.next();
      if (r.done === true) return 0n;
      walk.done++;
      visit(r.value[0], r.value[1]);
    }
    // Read one entry ahead so that the call that hands out the last entry also ends the walk, as
    // Redis's cursor returns 0 in the call that visits the last bucket.
    const next = walk.it.next();
    if (next.done === true) return 0n;
    walk.ahead = next.value[0];
    const id = this.#issue(walk.done);
    this.#walks.set(id, walk as Walk<unknown, unknown>);
    if (this.#walks.size > TABLE_LIMIT) this.#walks.delete(this.#walks.keys().next().value!);
    return BigInt(id);
  }

  #issue(done: number): number {
    this.#seq = (this.#seq + 1) % SEQ_BITS;
    if (this.#seq === 0) this.#seq = 1;
    return done * SEQ_BITS + this.#seq;
  }

  /** Drops every walk over `map` (after it is discarded, so its entries are not kept alive). */
  forget(map: Map<unknown, unknown>): void {
    for (const [id, w] of this.#walks) if (w.map === map) this.#walks.delete(id);
  }

  clear(): void {
    this.#walks.clear();
  }
}
