// Quicklist nodes and the fill rules that decide how many elements a node may hold (Redis 7.2's
// quicklist.c rules; the list type layer uses the same rules to pick listpack vs quicklist).
//
// list-max-listpack-size (`fill`):
//   -1..-5  a node's listpack may grow to 4, 8, 16, 32 or 64 KB (values below -5 act as -5);
//   n >= 0  at most n elements per node (0 acts as 1), and never more than 8 KB
//           (SIZE_SAFETY_LIMIT) in one node unless it holds a single element.
// A node is either PACKED (a listpack, possibly LZF-compressed while it is an interior node) or
// PLAIN (exactly one element too large for a listpack: length >= packed threshold, 1 GB in Redis
// 7.2; later Redis versions tie the threshold to `fill`, we keep 7.2's). Unlike Redis we never
// LZF-compress PLAIN nodes: a JS string cannot be compressed in place, and with the 1 GB threshold
// (beyond V8's string limit) PLAIN nodes only appear when a test lowers the threshold.

import { LP_HDR_SIZE, Listpack, entrySize } from './listpack.ts';
import type { Quicklist } from './quicklist.ts';
import { lzfCompress, lzfDecompress } from './lzf.ts';

export const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536] as const;
export const SIZE_SAFETY_LIMIT = 8192;
/** Over-estimate of one entry's encoding + back-length bytes when predicting a node's growth. */
export const SIZE_ESTIMATE_OVERHEAD = 8;
export const MIN_COMPRESS_BYTES = 48;
export const MIN_COMPRESS_IMPROVE = 8;
/** Redis 7.2's packed_threshold: elements at least this long get a PLAIN node. */
export const DEFAULT_PACKED_THRESHOLD = 1 << 30;

/** Byte limit of a node for a negative fill, or Infinity when fill counts elements. */
export function fillSizeLimit(fill: number): number {
  if (fill >= 0) return Infinity;
  const i = Math.min(-fill - 1, OPTIMIZATION_LEVEL.length - 1);
  return OPTIMIZATION_LEVEL[i]!;
}

/** Element limit of a node for a non-negative fill, or Infinity when fill limits bytes. */
export function fillCountLimit(fill: number): number {
  if (fill < 0) return Infinity;
  return fill === 0 ? 1 : fill;
}

/**
 * Redis's quicklistNodeExceedsLimit: would a node (or a whole listpack-encoded list) of newSz bytes
 * and newCount elements break the limit that `fill` sets?
 */
export function nodeExceedsLimit(fill: number, newSz: number, newCount: number): boolean {
  if (fill < 0) return newSz > fillSizeLimit(fill);
  if (newSz > SIZE_SAFETY_LIMIT) return true;
  return newCount > fillCountLimit(fill);
}

/**
 * Pushes and pops at a node's ends wait in the node (until then, or until anything else reads the
 * listpack): a listpack is an immutable string, so writing each one would copy a whole (up to 8 KB
 * and more) node per RPUSH/LPOP. The node applies them in one rebuild, which copies the whole node,
 * once one per DEFER_BYTES bytes of the node have waited (at least MIN_DEFERRED, at most
 * MAX_DEFERRED): a full 8 KB node waits for 256, so a push pays ~64 bytes of copying whatever the
 * node's size. With a fixed 32 it was ~512 bytes at 8 KB, two thirds of the push's time in a
 * profile. MAX_DEFERRED bounds the strings a large node holds on the side (~28 bytes each, against
 * an entry's 2 and up).
 */
const MIN_DEFERRED = 32;
const DEFER_BYTES = 32;
const MAX_DEFERRED = 1024;

/**
 * Node payload states. Exactly one of lp / lzf / plain is non-null. A raw PACKED node may carry
 * deferred end pushes and pops (pushDeferred/popDeferred): sz and count always describe the node
 * with them applied, and `list` applies them before handing out the listpack.
 */
export class QNode {
  prev: QNode | null = null;
  next: QNode | null = null;
  /** Raw listpack of a PACKED node that is not compressed. */
  lp: Listpack | null = null;
  /** LZF bytes of a compressed PACKED node (decompress to sz bytes). */
  lzf: Buffer | null = null;
  /** The single element of a PLAIN node. */
  plain: string | null = null;
  /** Listpack bytes (uncompressed size) of a PACKED node, element length of a PLAIN one. */
  sz = 0;
  count = 0;
  /** Decompressed temporarily for an access; compress again when done. */
  recompress = false;
  /** Set while an operation must not compress this node behind its back. */
  dontCompress = false;
  /** Deferred pushes at the head and at the tail, in push order; null when none. */
  #headAdds: string[] | null = null;
  #tailAdds: string[] | null = null;
  /** With deferred operations: lp's entries still live are bytes [#from, #to), #live of them. */
  #from = 0;
  #to = 0;
  #live = 0;
  /** Deferred operations not yet applied to lp (0 = lp is the node). */
  #deferred = 0;

  static packed(lp: Listpack): QNode {
    const n = new QNode();
    n.lp = lp;
    n.sz = lp.bytes;
    n.count = lp.length;
    return n;
  }

  static plainNode(v: string): QNode {
    const n = new QNode();
    n.plain = v;
    n.sz = v.length;
    n.count = 1;
    return n;
  }

  get isPlain(): boolean { return this.plain !== null; }
  get isCompressed(): boolean { return this.lzf !== null; }

  /** The raw listpack (deferred pushes and pops applied); the node must be PACKED and decompressed. */
  get list(): Listpack {
    const lp = this.lp;
    if (lp === null) throw new Error('quicklist node is not a raw listpack');
    if (this.#deferred !== 0) this.flush();
    return lp;
  }

  /** Pushes v at one end of a raw PACKED node, deferring the listpack write. */
  pushDeferred(v: string, atHead: boolean): void {
    this.#begin();
    if (atHead) (this.#headAdds ??= []).push(v);
    else (this.#tailAdds ??= []).push(v);
    this.sz += entrySize(v);
    this.count++;
    if (++this.#deferred >= this.#deferLimit()) this.flush();
  }

  /** Pops the element at one end of a raw PACKED node that is not empty, deferring the write. */
  popDeferred(atHead: boolean): string {
    this.#begin();
    const lp = this.lp!;
    // The node is reverse(headAdds), then lp's live entries, then tailAdds.
    const near = atHead ? this.#headAdds : this.#tailAdds;
    let v: string;
    if (near !== null && near.length > 0) {
      v = near.pop()!;
      this.sz -= entrySize(v);
    } else if (this.#live > 0) {
      const p = atHead ? this.#from : lp.prev(this.#to);
      const l = lp.entryLength(p);
      v = lp.get(p);
      if (atHead) this.#from += l;
      else this.#to = p;
      this.#live--;
      this.sz -= l;
    } else {
      v = (atHead ? this.#tailAdds : this.#headAdds)!.shift()!;
      this.sz -= entrySize(v);
    }
    this.count--;
    if (++this.#deferred >= this.#deferLimit()) this.flush();
    return v;
  }

  /** Deferred operations to wait for before a rebuild: MIN_DEFERRED, or one per DEFER_BYTES of the node. */
  #deferLimit(): number {
    const n = this.sz / DEFER_BYTES;
    return n <= MIN_DEFERRED ? MIN_DEFERRED : n >= MAX_DEFERRED ? MAX_DEFERRED : n;
  }

  #begin(): void {
    if (this.#deferred !== 0) return;
    const lp = this.lp;
    if (lp === null) throw new Error('quicklist node is not a raw listpack');
    this.#from = LP_HDR_SIZE;
    this.#to = lp.bytes - 1;
    this.#live = lp.length;
  }

  /** Writes the deferred pushes and pops into the listpack (one rebuild). */
  flush(): void {
    if (this.#deferred === 0) return;
    this.#deferred = 0;
    this.lp!.rebuild(this.sz, this.#from, this.#to, this.#live, this.#headAdds, this.#tailAdds);
    this.#headAdds = null;
    this.#tailAdds = null;
  }

  updateSz(): void {
    if (this.lp !== null) {
      this.flush();
      this.sz = this.lp.bytes;
      this.count = this.lp.length;
    }
  }

  /**
   * Compresses a raw PACKED node in place (Redis's __quicklistCompressNode): skipped below 48
   * bytes, and kept raw unless LZF saves more than 8 bytes. Returns true when compressed.
   */
  compress(): boolean {
    if (this.dontCompress || this.lp === null) return false;
    this.flush();
    this.recompress = false;
    if (this.sz < MIN_COMPRESS_BYTES) return false;
    const out = lzfCompress(this.lp.scratchView(), this.sz - MIN_COMPRESS_IMPROVE - 1);
    if (out === null) return false;
    this.lzf = out;
    this.lp = null;
    return true;
  }

  /** Restores the raw listpack of a compressed node. */
  decompress(): void {
    this.recompress = false;
    if (this.lzf === null) return;
    const raw = lzfDecompress(this.lzf, this.sz);
    if (raw === null) throw new Error('quicklist node failed to decompress');
    this.lp = Listpack.fromTrusted(raw, this.count);
    this.lzf = null;
  }

  /** Decompresses for a short access; the caller recompresses afterwards. */
  decompressForUse(): void {
    if (this.lzf !== null) {
      this.decompress();
      this.recompress = true;
    }
  }

  /** Element at offset (0-based within the node); node must be decompressed. */
  get(offset: number): string {
    if (this.plain !== null) return this.plain;
    const lp = this.list;
    return lp.get(lp.seek(offset));
  }
}

/** Can one element of sz bytes go into this node under `fill`? (_quicklistNodeAllowInsert) */
export function allowInsert(node: QNode | null, fill: number, sz: number, threshold: number): boolean {
  if (node === null || node.isPlain || sz >= threshold) return false;
  return !nodeExceedsLimit(fill, node.sz + sz + SIZE_ESTIMATE_OVERHEAD, node.count + 1);
}

/** Can two PACKED neighbours become one node? (_quicklistNodeAllowMerge; one header saved) */
export function allowMerge(a: QNode | null, b: QNode | null, fill: number): boolean {
  if (a === null || b === null || a.isPlain || b.isPlain) return false;
  return !nodeExceedsLimit(fill, a.sz + b.sz - 7, a.count + b.count);
}

/**
 * Splits a decompressed PACKED node at offset. after=true: node keeps [0, offset], the returned
 * node gets (offset, end]; after=false: the returned node gets [0, offset), node keeps the rest.
 */
export function splitNode(node: QNode, offset: number, after: boolean): QNode {
  const lp = node.list;
  if (offset < 0) offset += node.count;
  const copy = lp.clone();
  if (after) {
    lp.deleteRange(offset + 1, node.count);
    copy.deleteRange(0, offset + 1);
  } else {
    lp.deleteRange(0, offset);
    copy.deleteRange(offset, node.count);
  }
  node.updateSz();
  return QNode.packed(copy);
}

// ---- listpack <-> quicklist conversion (t_list.c, Redis 7.2) --------------------------------
//
// A new list starts as a plain listpack (OBJECT ENCODING "listpack"). Before a push of k elements
// whose string bytes total b, a listpack of L bytes and n elements becomes a quicklist when
// nodeExceedsLimit(fill, L + b, n + k) (integer-encoded arguments count 0 bytes in Redis). A
// quicklist goes back to a listpack after a shrinking operation (pops, LREM, LTRIM...) only when
// it has exactly one PACKED node whose bytes and count are both within HALF the limits (the
// hysteresis stops a list at the limit from flapping between encodings). Redis's "auto" check
// (after loading an RDB) uses the full limits: pass shrinking = false.

/** listTypeTryConvertListpack: must a listpack-encoded list become a quicklist before growing? */
export function listpackNeedsConversion(fill: number, lpBytes: number, lpCount: number,
  addBytes: number, addCount: number): boolean {
  return nodeExceedsLimit(fill, lpBytes + addBytes, lpCount + addCount);
}

/** listTypeTryConvertQuicklist: may this quicklist become a listpack (half limits if shrinking)? */
export function quicklistFitsListpack(ql: Quicklist, shrinking: boolean): boolean {
  const head = ql.head;
  if (ql.nodeCount !== 1 || head === null || head.isPlain) return false;
  let szLimit = fillSizeLimit(ql.fill);
  let countLimit = fillCountLimit(ql.fill);
  if (shrinking) {
    szLimit = Math.floor(szLimit / 2);
    countLimit = Math.floor(countLimit / 2);
  }
  return head.sz <= szLimit && ql.count <= countLimit;
}
