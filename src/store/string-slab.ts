// Small string values kept outside the V8 heap. A plain SET of a value of at most 44 bytes (what
// Redis stores as `int` or `embstr`) writes the value's bytes and its LRU clock into a fixed-size
// record here, and the database's Dict stores the record's handle, a small integer, where an
// RObject would be. Why: a SET that stores a new JS object into a Dict entry that lives in old space
// leaves a young object that old memory points at. With millions of keys every scavenge then walks
// thousands of such slots spread over the whole heap and copies their objects, which made the
// scavenge the longest stall under a steady write load (docs/PERFORMANCE.md, ninth and tenth
// sessions). A handle is a Smi: storing it creates no remembered-set slot, and an overwrite leaves
// no garbage that survives. It also drops the value object and the value string (~64 bytes a key)
// for a record of 8–48 bytes.
//
// Records are grouped in six size classes (8, 16, ..., 48 bytes: a 4-byte header and up to 44
// bytes of value), each a list of chunks of 2048 records in Buffers, which live outside the V8
// heap. A record's header is its length (byte 0) and a 24-bit LRU clock (bytes 1–3). Freed
// records go on their class's free list (the next free slot + 1 in the first 4 bytes), and the next
// allocation takes the last one freed. Chunks are never returned: like an allocator's pages, they
// are reused by later values of the same class.
//
// A handle is slot << 3 | class. The encoding (`int` or `embstr`) is not stored: it follows from
// the bytes exactly as createStringObject decides it, and only values that came through it are
// stored here. Only the database (store/database.ts) holds handles; every other reader gets an
// RObject from it.

/** The longest value kept here: Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
export const SLAB_MAX_LEN = 44;
const HEADER = 4;
const CLASSES = 6;
const CHUNK_BITS = 11;
const CHUNK_SLOTS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SLOTS - 1;
/** Slots per class, so that a handle (slot << 3 | class) stays under 2^30, a Smi on every build. */
const MAX_SLOTS = 1 << 27;

/** Anything that can send a run of bytes as one bulk string (the ReplyWriter). */
export interface BulkSink {
  bulkFrom(src: Uint8Array, start: number, n: number): void;
}

export class StringSlab {
  /** Per class, its chunks: Buffers of CHUNK_SLOTS records of (class + 1) * 8 bytes. */
  readonly #chunks: Buffer[][] = [[], [], [], [], [], []];
  /** Per class, slots handed out so far (the high-water mark). */
  readonly #top = new Int32Array(CLASSES);
  /** Per class, the head of the free list, + 1 (0: empty). */
  readonly #free = new Int32Array(CLASSES);
  /** Records in use, and the bytes of their classes. */
  #live = 0;
  #bytes = 0;

  /** Records in use. */
  get size(): number {
    return this.#live;
  }

  /** Bytes of the records in use (their whole size classes). */
  get usedBytes(): number {
    return this.#bytes;
  }

  /** Bytes of the chunks allocated so far (they are kept for reuse). */
  get allocatedBytes(): number {
    let n = 0;
    for (let c = 0; c < CLASSES; c++) n += this.#chunks[c]!.length * CHUNK_SLOTS * (c + 1) * 8;
    return n;
  }

  /**
   * Stores a latin1 string with its LRU clock; returns its handle, or -1 when it is longer than
   * SLAB_MAX_LEN or its class is full (the caller then keeps the value on the heap).
   */
  alloc(s: string, lru: number): number {
    const n = s.length;
    if (n > SLAB_MAX_LEN) return -1;
    const cls = (n + HEADER - 1) >>> 3;
    const size = (cls + 1) << 3;
    let slot: number;
    const free = this.#free[cls]!;
    if (free !== 0) {
      slot = free - 1;
      const b = this.#chunks[cls]![slot >>> CHUNK_BITS]!;
      const o = (slot & CHUNK_MASK) * size;
      this.#free[cls] = b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
    } else {
      slot = this.#top[cls]!;
      if (slot >= MAX_SLOTS) return -1;
      this.#top[cls] = slot + 1;
      if ((slot & CHUNK_MASK) === 0) this.#chunks[cls]!.push(Buffer.alloc(CHUNK_SLOTS * size));
    }
    const h = (slot << 3) | cls;
    this.overwrite(h, s, lru);
    this.#live++;
    this.#bytes += size;
    return h;
  }

  /**
   * Stores s in the record h in place when it fits h's size class (as alloc would place it); false
   * when it does not, and h is unchanged.
   */
  overwrite(h: number, s: string, lru: number): boolean {
    const n = s.length;
    const cls = h & 7;
    if ((n + HEADER - 1) >>> 3 !== cls) return false;
    const slot = h >>> 3;
    const b = this.#chunks[cls]![slot >>> CHUNK_BITS]!;
    let o = (slot & CHUNK_MASK) * ((cls + 1) << 3);
    b[o] = n;
    b[o + 1] = lru;
    b[o + 2] = lru >>> 8;
    b[o + 3] = lru >>> 16;
    o += HEADER;
    for (let i = 0; i < n; i++) b[o + i] = s.charCodeAt(i);
    return true;
  }

  /** Releases a record; its handle must not be used again. */
  free(h: number): void {
    const cls = h & 7;
    const slot = h >>> 3;
    const size = (cls + 1) << 3;
    const b = this.#chunks[cls]![slot >>> CHUNK_BITS]!;
    const o = (slot & CHUNK_MASK) * size;
    const next = this.#free[cls]!;
    b[o] = next;
    b[o + 1] = next >>> 8;
    b[o + 2] = next >>> 16;
    b[o + 3] = next >>> 24;
    this.#free[cls] = slot + 1;
    this.#live--;
    this.#bytes -= size;
  }

  /** The value's length in bytes. */
  length(h: number): number {
    const size = ((h & 7) + 1) << 3;
    const slot = h >>> 3;
    return this.#chunks[h & 7]![slot >>> CHUNK_BITS]![(slot & CHUNK_MASK) * size]!;
  }

  /** The record's 24-bit LRU clock. */
  lru(h: number): number {
    const size = ((h & 7) + 1) << 3;
    const slot = h >>> 3;
    const b = this.#chunks[h & 7]![slot >>> CHUNK_BITS]!;
    const o = (slot & CHUNK_MASK) * size;
    return b[o + 1]! | (b[o + 2]! << 8) | (b[o + 3]! << 16);
  }

  setLru(h: number, lru: number): void {
    const size = ((h & 7) + 1) << 3;
    const slot = h >>> 3;
    const b = this.#chunks[h & 7]![slot >>> CHUNK_BITS]!;
    const o = (slot & CHUNK_MASK) * size;
    b[o + 1] = lru;
    b[o + 2] = lru >>> 8;
    b[o + 3] = lru >>> 16;
  }

  /** The value as a latin1 string. */
  string(h: number): string {
    const size = ((h & 7) + 1) << 3;
    const slot = h >>> 3;
    const b = this.#chunks[h & 7]![slot >>> CHUNK_BITS]!;
    const o = (slot & CHUNK_MASK) * size;
    return b.latin1Slice(o + HEADER, o + HEADER + b[o]!);
  }

  /** Sends the value as a bulk string, copied from the record (no string is made). */
  bulkTo(w: BulkSink, h: number): void {
    const size = ((h & 7) + 1) << 3;
    const slot = h >>> 3;
    const b = this.#chunks[h & 7]![slot >>> CHUNK_BITS]!;
    const o = (slot & CHUNK_MASK) * size;
    w.bulkFrom(b, o + HEADER, b[o]!);
  }
}
