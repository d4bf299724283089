// The list type: picks and converts encodings as Redis 7.2's t_list.c does, and hides them from the
// commands. Payloads: `listpack` a Listpack (a small list in one buffer), `quicklist` a Quicklist of
// listpack nodes.
//
// Conversions (Redis 7.2's listTypeTryConversion*):
// - a new list is an empty listpack;
// - before growing (push, LINSERT, LSET, LMOVE's push), a listpack whose bytes plus the new elements'
//   bytes, or whose count plus theirs, would break list-max-listpack-size becomes a quicklist;
// - after shrinking (pops, LREM, LTRIM, LSET), a quicklist of exactly one packed node within HALF
//   the limits goes back to a listpack (the hysteresis keeps a list at the limit from flapping).
// The limits are read from the config on every command, so CONFIG SET applies at once.

import { Listpack, LP_AFTER, LP_BEFORE } from '../encoding/listpack.ts';
import { Quicklist } from '../encoding/quicklist.ts';
import { listpackBulkRange, quicklistBulkRange, quicklistPushMany } from '../encoding/quicklist-bulk.ts';
import type { BulkSink } from '../encoding/quicklist-bulk.ts';
import { lzfDecompress } from '../encoding/lzf.ts';
import type { QuicklistIter } from '../encoding/quicklist-iter.ts';
import { fillCountLimit, fillSizeLimit, nodeExceedsLimit, QNode } from '../encoding/quicklist-node.ts';
import { registerDuplicator } from './duplicate.ts';
import { RObject } from './object.ts';
import type { SizeModel } from './set.ts';

/** list-max-listpack-size and list-compress-depth, read once per command. */
export interface ListLimits {
  fill: number;
  compress: number;
}

const LIMITS: ListLimits = { fill: -2, compress: 0 };

/** The current limits from a server's config values (one shared object, refreshed per call). */
export function listLimits(values: object): ListLimits {
  const v = values as Record<string, unknown>;
  LIMITS.fill = Number(v['list-max-listpack-size']);
  LIMITS.compress = Number(v['list-compress-depth']);
  return LIMITS;
}

/** A new, empty list (Redis's createListListpackObject). */
export function createList(lru: number): RObject {
  return new RObject('list', 'listpack', new Listpack(), lru);
}

export function listLength(o: RObject): number {
  return o.enc === 'listpack' ? (o.value as Listpack).length : (o.value as Quicklist).count;
}

/**
 * GROWING conversion: before adding `addCount` elements of `addBytes` bytes in total, a listpack
 * that would break the limit becomes a quicklist.
 */
export function listPrepareGrow(o: RObject, addBytes: number, addCount: number, lim: ListLimits): void {
  if (o.enc !== 'listpack') return;
  const lp = o.value as Listpack;
  if (!nodeExceedsLimit(lim.fill, lp.bytes + addBytes, lp.length + addCount)) return;
  o.value = lp.length > 0 ? Quicklist.fromListpack(lp, lim.fill, lim.compress) : new Quicklist(lim.fill, lim.compress);
  o.enc = 'quicklist';
}

/** The GROWING check for the elements argv[from..] (push commands). */
export function listPrepareGrowArgs(o: RObject, argv: readonly string[], from: number, lim: ListLimits): void {
  if (o.enc !== 'listpack') return;
  let bytes = 0;
  for (let i = from; i < argv.length; i++) bytes += argv[i]!.length;
  listPrepareGrow(o, bytes, argv.length - from, lim);
}

/**
 * SHRINKING conversion: a quicklist with one packed node within half the limits becomes that
 * node's listpack.
 */
export function listTryShrink(o: RObject, lim: ListLimits): void {
  if (o.enc !== 'quicklist') return;
  const ql = o.value as Quicklist;
  const head = ql.head;
  if (ql.nodeCount !== 1 || head === null || head.isPlain) return;
  // Unsigned halving as in C; a limit that does not apply (Infinity) stays out of the way.
  const sz = Math.floor(fillSizeLimit(lim.fill) / 2);
  const count = Math.floor(fillCountLimit(lim.fill) / 2);
  if (head.sz > sz || ql.count > count) return;
  head.decompress();
  o.value = head.list;
  o.enc = 'listpack';
}

/** Pushes v at the head or the tail (the caller ran the GROWING check first). */
export function listPush(o: RObject, v: string, head: boolean): void {
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    if (head) lp.prepend(v);
    else lp.append(v);
  } else {
    const ql = o.value as Quicklist;
    if (head) ql.pushHead(v);
    else ql.pushTail(v);
  }
}

/**
 * Pushes argv[from..] one after the other at the head or the tail (LPUSH a b c puts c first), the
 * caller having run the GROWING check for all of them; each listpack is rebuilt once, not per value.
 */
export function listPushMany(o: RObject, argv: readonly string[], from: number, head: boolean): void {
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    if (head) lp.prependMany(argv, from, argv.length);
    else lp.appendMany(argv, from, argv.length);
  } else {
    quicklistPushMany(o.value as Quicklist, argv, from, argv.length, head);
  }
}

/**
 * Hands n elements from index start (0 <= start < length) to sink.bulk, towards the tail or, when
 * not forward, towards the head (LRANGE and friends): one walk, no iterator.
 */
export function listBulkRange(o: RObject, start: number, n: number, forward: boolean, sink: BulkSink): void {
  if (o.enc === 'quicklist') {
    quicklistBulkRange(o.value as Quicklist, start, n, forward, sink);
    return;
  }
  const lp = o.value as Listpack;
  listpackBulkRange(lp, lp.seek(start), n, forward, sink);
}

/** Pops from the head or the tail; null when empty. No conversion (the caller shrinks). */
export function listPop(o: RObject, head: boolean): string | null {
  if (o.enc === 'quicklist') {
    const ql = o.value as Quicklist;
    return head ? ql.popHead() : ql.popTail();
  }
  const lp = o.value as Listpack;
  const p = head ? lp.first() : lp.last();
  if (p < 0) return null;
  const v = lp.get(p);
  lp.delete(p);
  return v;
}

/**
 * Pops n elements (n <= length) from the head or the tail, handing them to sink.bulk in pop order,
 * then deletes them in one range delete (as Redis 7.2's listPopRangeAndReplyWithKey: reply the
 * range, then listTypeDelRange), so a listpack is rebuilt once, not per element. No conversion.
 */
export function listPopRange(o: RObject, n: number, head: boolean, sink: BulkSink): void {
  if (n <= 0) return;
  listBulkRange(o, head ? 0 : listLength(o) - 1, n, head, sink);
  listDelRange(o, head ? 0 : -n, n);
}

/** Element at index (negative from the tail), or null when out of range. */
export function listIndex(o: RObject, index: number): string | null {
  return o.enc === 'listpack' ? (o.value as Listpack).at(index) : (o.value as Quicklist).index(index);
}

/** Replaces the element at index; false when out of range (LSET). */
export function listReplace(o: RObject, index: number, v: string): boolean {
  if (o.enc === 'quicklist') return (o.value as Quicklist).replaceAtIndex(index, v);
  const lp = o.value as Listpack;
  const p = lp.seek(index);
  if (p < 0) return false;
  lp.replace(p, v);
  return true;
}

/** Deletes count elements from start (negative from the tail). */
export function listDelRange(o: RObject, start: number, count: number): void {
  if (count <= 0) return;
  if (o.enc === 'listpack') (o.value as Listpack).deleteRange(start, count);
  else (o.value as Quicklist).delRange(start, count);
}

/**
 * A walk over a list in either direction from an index, over either encoding, that can delete the
 * element just returned (LREM) or insert next to it (LINSERT, which ends the walk).
 */
export class ListIter {
  readonly #lp: Listpack | null;
  readonly #qi: QuicklistIter | null;
  readonly #forward: boolean;
  #p: number;
  #cur = -1;

  constructor(o: RObject, start: number, forward: boolean) {
    this.#forward = forward;
    if (o.enc === 'listpack') {
      this.#lp = o.value as Listpack;
      this.#qi = null;
      this.#p = this.#lp.seek(start);
    } else {
      this.#lp = null;
      this.#qi = (o.value as Quicklist).iterator(forward, start);
      this.#p = -1;
    }
  }

  /** The next element, or null at the end. */
  next(): string | null {
    if (this.#qi !== null) return this.#qi.next();
    const lp = this.#lp!;
    const p = this.#p;
    if (p < 0) return null;
    this.#cur = p;
    this.#p = this.#forward ? lp.next(p) : lp.prev(p);
    return lp.get(p);
  }

  /** Deletes the element last returned; the walk goes on with its neighbour. */
  deleteCurrent(): void {
    if (this.#qi !== null) {
      this.#qi.deleteCurrent();
      return;
    }
    const lp = this.#lp!;
    const cur = this.#cur;
    const after = lp.delete(cur);
    // Entries before the deleted one did not move, so its predecessor is still right before it.
    this.#p = this.#forward ? after : lp.prev(cur);
  }

  /** Inserts v before or after the element last returned; the walk is over. */
  insertAtCurrent(v: string, after: boolean): void {
    if (this.#qi !== null) {
      this.#qi.insertAtCurrent(v, after);
      return;
    }
    this.#lp!.insert(this.#cur, v, after ? LP_AFTER : LP_BEFORE);
    this.#p = -1;
  }

  /** Ends the walk early (recompresses the quicklist node in use). */
  release(): void {
    if (this.#qi !== null) this.#qi.release();
    this.#p = -1;
  }
}

/**
 * A list of these values, built as Redis builds a new list of unknown size (SORT ... STORE): a
 * quicklist, turned into a listpack when it ends up as one packed node within the FULL limits
 * (LIST_CONV_AUTO).
 */
export function listFromArray(values: readonly string[], lim: ListLimits, lru: number): RObject {
  const ql = new Quicklist(lim.fill, lim.compress);
  for (const v of values) ql.pushTail(v);
  const o = new RObject('list', 'quicklist', ql, lru);
  const head = ql.head;
  if (ql.nodeCount === 1 && head !== null && !head.isPlain &&
    head.sz <= fillSizeLimit(lim.fill) && ql.count <= fillCountLimit(lim.fill)) {
    head.decompress();
    o.value = head.list;
    o.enc = 'listpack';
  }
  return o;
}

/** All elements, head to tail (SORT, tests). */
export function listToArray(o: RObject): string[] {
  return o.enc === 'listpack' ? (o.value as Listpack).toArray() : (o.value as Quicklist).toArray();
}

/** A deep copy in the same encoding (COPY), keeping the source quicklist's options. */
export function duplicateList(o: RObject, lru: number): RObject {
  if (o.enc === 'listpack') return new RObject('list', 'listpack', (o.value as Listpack).clone(), lru);
  // Node by node, as quicklistDup: the copy has the same nodes, compressed by the same rule.
  const src = o.value as Quicklist;
  const ql = new Quicklist(src.fill, src.compress, src.packedThreshold);
  for (let n = src.head; n !== null; n = n.next) {
    if (n.plain !== null) {
      ql.appendPlain(n.plain);
      continue;
    }
    const lp = n.lzf !== null ? Listpack.fromTrusted(lzfDecompress(n.lzf, n.sz)!, n.count) : n.list.clone();
    ql.appendNode(QNode.packed(lp));
  }
  return new RObject('list', 'quicklist', ql, lru);
}

registerDuplicator('list', duplicateList);

const ROBJ = 16;
const QUICKLIST = 40;
const QUICKLIST_NODE = 32;

/**
 * Estimated bytes of a list value in Redis's terms (MEMORY USAGE): the listpack blob; for a
 * quicklist its header plus, per node, the node struct and its (possibly compressed) blob,
 * averaged per element over the first `samples` nodes (0 = all) as Redis's objectComputeSize does.
 */
export function listMemoryUsage(o: RObject, samples: number, sizes: SizeModel): number {
  if (o.enc === 'listpack') return ROBJ + sizes.alloc((o.value as Listpack).bytes);
  const ql = o.value as Quicklist;
  let bytes = 0;
  let elements = 0;
  let seen = 0;
  for (let n = ql.head; n !== null && (samples <= 0 || seen < samples); n = n.next, seen++) {
    const blob = n.lzf !== null ? n.lzf.length + 4 : n.sz; // quicklistLZF: a 4-byte size, then the bytes
    bytes += QUICKLIST_NODE + sizes.alloc(blob);
    elements += n.count;
  }
  const perElement = elements === 0 ? 0 : bytes / elements;
  return ROBJ + QUICKLIST + Math.round(perElement * ql.count);
}
