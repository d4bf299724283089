// Quicklist: a doubly linked list of nodes, each a listpack (or one PLAIN element), bounded by
// list-max-listpack-size; nodes farther than list-compress-depth from both ends are kept
// LZF-compressed. Follows Redis 7.2's quicklist.c behaviour (node limits, where inserts go, when
// nodes split and merge, which nodes get compressed) so memory and OBJECT ENCODING match.
//
// Invariants:
// - count is the sum of node counts; nodeCount (len) the number of nodes; no node is empty.
// - head and tail are never compressed; a compressed node is at least `compress` nodes away from
//   both ends. Nodes that should be compressed may stay raw (too small or LZF would not save 8
//   bytes), as in Redis.
// - An access to a compressed node decompresses it "for use" (recompress flag) and compresses it
//   again when the operation (or iterator step) is done.
// Values are latin1 strings; an element's size is its length in bytes.

import { LP_AFTER, LP_BEFORE, Listpack } from './listpack.ts';
import { DEFAULT_PACKED_THRESHOLD, QNode, allowInsert, allowMerge, splitNode } from './quicklist-node.ts';
import { QuicklistIter } from './quicklist-iter.ts';

export { QNode, listpackNeedsConversion, quicklistFitsListpack } from './quicklist-node.ts';

const FILL_MAX = 32767; // fill is a 16-bit signed field in Redis
const COMPRESS_MAX = 65535;

export class Quicklist {
  head: QNode | null = null;
  tail: QNode | null = null;
  /** Elements. */
  count = 0;
  /** Nodes. */
  nodeCount = 0;
  readonly fill: number;
  readonly compress: number;
  /** Elements at least this long get a PLAIN node (Redis 7.2: 1 GB; tests lower it). */
  readonly packedThreshold: number;
  /** Result of locate(), kept in fields to avoid allocating a pair per lookup. */
  locNode: QNode | null = null;
  locOffset = 0;

  constructor(fill = -2, compress = 0, packedThreshold = DEFAULT_PACKED_THRESHOLD) {
    this.fill = Math.max(-5, Math.min(FILL_MAX, fill));
    this.compress = Math.max(0, Math.min(COMPRESS_MAX, compress));
    this.packedThreshold = packedThreshold;
  }

  /** A quicklist whose only node is lp (a listpack-encoded list converting; lp is adopted). */
  static fromListpack(lp: Listpack, fill: number, compress: number, threshold?: number): Quicklist {
    const ql = new Quicklist(fill, compress, threshold);
    if (lp.length > 0) ql.appendNode(QNode.packed(lp));
    return ql;
  }

  /** Appends a pre-built node at the tail (RDB loading, conversion). */
  appendNode(node: QNode): void {
    this.insertNode(this.tail, node, true);
    this.count += node.count;
  }

  /** Appends one PLAIN element as its own node (RDB loading). */
  appendPlain(v: string): void { this.appendNode(QNode.plainNode(v)); }

  #isLarge(sz: number): boolean { return sz >= this.packedThreshold; }

  // ---- compression -------------------------------------------------------------------------

  /**
   * Restores the depth rule around the ends (Redis's __quicklistCompress): nodes within depth are
   * decompressed, the first nodes beyond it on both sides and `node` (when beyond) compressed.
   */
  compressAround(node: QNode | null): void {
    const depth = this.compress;
    if (this.nodeCount === 0 || depth === 0 || this.nodeCount < depth * 2) return;
    let fwd = this.head!;
    let rev = this.tail!;
    let inDepth = false;
    for (let d = 0; d < depth; d++) {
      fwd.decompress();
      rev.decompress();
      if (fwd === node || rev === node) inDepth = true;
      if (fwd === rev || fwd.next === rev) return;
      fwd = fwd.next!;
      rev = rev.prev!;
    }
    if (!inDepth && node !== null && !node.isCompressed) node.compress();
    if (!fwd.isCompressed) fwd.compress();
    if (!rev.isCompressed) rev.compress();
  }

  /** After using node: compress it again if it was decompressed for use, else apply depth rule. */
  compressAfterUse(node: QNode): void {
    if (node.recompress) node.compress();
    else this.compressAround(node);
  }

  #recompressOnly(node: QNode): void {
    if (node.recompress) node.compress();
  }

  // ---- node list ---------------------------------------------------------------------------

  /** Links newNode after (or before) old; old null means the list is empty. */
  insertNode(old: QNode | null, newNode: QNode, after: boolean): void {
    if (after) {
      newNode.prev = old;
      if (old !== null) {
        newNode.next = old.next;
        if (old.next !== null) old.next.prev = newNode;
        old.next = newNode;
      }
      if (this.tail === old) this.tail = newNode;
    } else {
      newNode.next = old;
      if (old !== null) {
        newNode.prev = old.prev;
        if (old.prev !== null) old.prev.next = newNode;
        old.prev = newNode;
      }
      if (this.head === old) this.head = newNode;
    }
    if (this.nodeCount === 0) this.head = this.tail = newNode;
    this.nodeCount++;
    if (old !== null) this.compressAfterUse(old);
    this.compressAfterUse(newNode);
  }

  /** Unlinks node and drops its elements from count. */
  deleteNode(node: QNode): void {
    if (node.next !== null) node.next.prev = node.prev;
    if (node.prev !== null) node.prev.next = node.next;
    if (node === this.tail) this.tail = node.prev;
    if (node === this.head) this.head = node.next;
    node.prev = node.next = null;
    this.nodeCount--;
    this.count -= node.count;
    // Deleting inside the depth can leave compressed nodes that must now be raw.
    this.compressAround(null);
  }

  /**
   * Deletes the element at byte offset p of a decompressed node. Returns the offset of the next
   * element in the node, or -1 (also when the node itself went away: check node.count).
   */
  deleteAt(node: QNode, p: number): number {
    if (node.isPlain) {
      this.deleteNode(node);
      node.count = 0;
      return -1;
    }
    const next = node.list.delete(p);
    node.count--;
    this.count--;
    if (node.count === 0) {
      this.deleteNode(node); // subtracts node.count, now 0
      return -1;
    }
    node.updateSz();
    return next;
  }

  #mergePair(a: QNode, b: QNode): QNode {
    a.decompress();
    b.decompress();
    a.list.appendAll(b.list);
    a.updateSz();
    a.recompress = false;
    b.count = 0;
    this.deleteNode(b);
    this.compressAfterUse(a);
    return a;
  }

  /** Tries to merge the two nodes on each side of center and center with its neighbours. */
  mergeAround(center: QNode): QNode {
    const fill = this.fill;
    const prev = center.prev;
    const prevPrev = prev?.prev ?? null;
    const next = center.next;
    const nextNext = next?.next ?? null;
    if (allowMerge(prev, prevPrev, fill)) this.#mergePair(prevPrev!, prev!);
    if (allowMerge(next, nextNext, fill)) this.#mergePair(next!, nextNext!);
    let target = center;
    if (allowMerge(center, center.prev, fill)) target = this.#mergePair(center.prev!, center);
    if (allowMerge(target, target.next, fill)) target = this.#mergePair(target, target.next!);
    return target;
  }

  // ---- push / pop --------------------------------------------------------------------------

  pushHead(v: string): void { this.push(v, true); }
  pushTail(v: string): void { this.push(v, false); }

  /** Pushes one value at the head or the tail (quicklistPush). */
  push(v: string, atHead: boolean): void {
    const end = atHead ? this.head : this.tail;
    if (this.#isLarge(v.length)) {
      this.insertNode(end, QNode.plainNode(v), !atHead);
    } else if (allowInsert(end, this.fill, v.length, this.packedThreshold)) {
      end!.pushDeferred(v, atHead);
    } else {
      const lp = new Listpack();
      lp.append(v);
      this.insertNode(end, QNode.packed(lp), !atHead);
    }
    this.count++;
  }

  popHead(): string | null { return this.#pop(true); }
  popTail(): string | null { return this.#pop(false); }

  #pop(atHead: boolean): string | null {
    const node = atHead ? this.head : this.tail;
    if (node === null) return null;
    if (node.isPlain) {
      const v = node.plain!;
      this.deleteAt(node, -1);
      return v;
    }
    const v = node.popDeferred(atHead); // ends are never compressed
    this.count--;
    if (node.count === 0) this.deleteNode(node); // subtracts node.count, now 0
    return v;
  }

  // ---- by index ----------------------------------------------------------------------------

  /**
   * Finds the node and in-node offset of element index (negative from the tail) into locNode and
   * locOffset; false when out of range.
   */
  locate(index: number): boolean {
    const forward = index >= 0;
    const idx = forward ? index : -index - 1;
    if (idx >= this.count) return false;
    let seekForward = forward;
    let seekIdx = idx;
    if (idx > (this.count - 1) / 2) {
      seekForward = !forward;
      seekIdx = this.count - 1 - idx;
    }
    let n = seekForward ? this.head : this.tail;
    let acc = 0;
    while (n !== null && acc + n.count <= seekIdx) {
      acc += n.count;
      n = seekForward ? n.next : n.prev;
    }
    if (n === null) return false;
    this.locNode = n;
    this.locOffset = seekForward ? seekIdx - acc : n.count - 1 - (seekIdx - acc);
    return true;
  }

  /** Element at index (negative from the tail), or null when out of range. */
  index(index: number): string | null {
    if (!this.locate(index)) return null;
    const node = this.locNode!;
    node.decompressForUse();
    const v = node.get(this.locOffset);
    this.compressAfterUse(node);
    return v;
  }

  /** Inserts v before/after the element at index; false when index is out of range. */
  insertAt(index: number, v: string, after: boolean): boolean {
    if (!this.locate(index)) return false;
    this.insertNear(this.locNode!, this.locOffset, v, after);
    return true;
  }

  /** Inserts v next to element `offset` of node (Redis's _quicklistInsert placement rules). */
  insertNear(node: QNode, offset: number, v: string, after: boolean): void {
    const sz = v.length;
    const fill = this.fill;
    const th = this.packedThreshold;
    const full = !allowInsert(node, fill, sz, th);
    const atTail = after && offset === node.count - 1;
    const atHead = !after && offset === 0;
    if (this.#isLarge(sz)) {
      const plain = QNode.plainNode(v);
      if (node.isPlain || atTail || atHead) {
        this.insertNode(node, plain, after);
      } else {
        node.decompressForUse();
        const rest = splitNode(node, offset, after);
        this.insertNode(node, plain, after);
        this.insertNode(plain, rest, after);
      }
      this.count++;
      return;
    }
    if (!full) {
      node.decompressForUse();
      const lp = node.list;
      lp.insert(lp.seek(offset), v, after ? LP_AFTER : LP_BEFORE);
      node.updateSz();
      this.#recompressOnly(node);
    } else if (atTail && allowInsert(node.next, fill, sz, th)) {
      const n = node.next!;
      n.decompressForUse();
      n.list.prepend(v);
      n.updateSz();
      this.#recompressOnly(n);
      this.#recompressOnly(node);
    } else if (atHead && allowInsert(node.prev, fill, sz, th)) {
      const n = node.prev!;
      n.decompressForUse();
      n.list.append(v);
      n.updateSz();
      this.#recompressOnly(n);
      this.#recompressOnly(node);
    } else if (atTail || atHead) {
      const lp = new Listpack();
      lp.append(v);
      this.insertNode(node, QNode.packed(lp), after);
    } else {
      // Full node, insertion in its middle: split it and put v at the cut.
      node.decompressForUse();
      const rest = splitNode(node, offset, after);
      if (after) rest.list.prepend(v);
      else rest.list.append(v);
      rest.updateSz();
      this.insertNode(node, rest, after);
      this.mergeAround(node);
    }
    this.count++;
  }

  /** Replaces the element at index; false when out of range (LSET). */
  replaceAtIndex(index: number, v: string): boolean {
    if (!this.locate(index)) return false;
    const node = this.locNode!;
    const offset = this.locOffset;
    const large = this.#isLarge(v.length);
    node.decompressForUse();
    if (!node.isPlain && !large) {
      const lp = node.list;
      lp.replace(lp.seek(offset), v);
      node.updateSz();
      this.compressAfterUse(node);
    } else if (node.isPlain) {
      if (large) {
        node.plain = v;
        node.sz = v.length;
      } else {
        this.insertNear(node, 0, v, true);
        this.deleteNode(node);
      }
    } else {
      // A large value replacing a packed element: cut the node after it, put a PLAIN node in
      // between, then drop the old element (now the node's last).
      node.dontCompress = true;
      const rest = offset !== node.count - 1 ? splitNode(node, offset, true) : null;
      const plain = QNode.plainNode(v);
      this.insertNode(node, plain, true);
      if (rest !== null) this.insertNode(plain, rest, true);
      this.count++;
      node.dontCompress = false;
      if (node.count === 1) {
        this.deleteNode(node);
      } else {
        this.deleteAt(node, node.list.last());
        const center = this.mergeAround(plain);
        this.compressAfterUse(center);
        if (center.prev !== null) this.compressAfterUse(center.prev);
        if (center.next !== null) this.compressAfterUse(center.next);
      }
    }
    return true;
  }

  /**
   * Deletes up to n elements starting at start (negative from the tail); returns how many went.
   * Out-of-range start deletes nothing (quicklistDelRange).
   */
  delRange(start: number, n: number): number {
    if (n <= 0) return 0;
    const s = start < 0 ? this.count + start : start;
    if (s < 0 || !this.locate(s)) return 0;
    let extent = Math.min(n, this.count - s);
    const total = extent;
    let node: QNode | null = this.locNode;
    let offset = this.locOffset;
    while (extent > 0 && node !== null) {
      const next: QNode | null = node.next;
      if (offset === 0 && extent >= node.count) {
        extent -= node.count;
        this.deleteNode(node);
      } else {
        const del = Math.min(extent, node.count - offset);
        node.decompressForUse();
        node.list.deleteRange(offset, del);
        node.updateSz();
        this.count -= del;
        extent -= del;
        this.compressAfterUse(node);
      }
      node = next;
      offset = 0;
    }
    return total;
  }

  // ---- iteration ---------------------------------------------------------------------------

  /** Iterator from index `start` (negative from the tail) towards the tail or the head. */
  iterator(forward = true, start = forward ? 0 : -1): QuicklistIter {
    if (!this.locate(start)) return new QuicklistIter(this, null, 0, forward);
    return new QuicklistIter(this, this.locNode, this.locOffset, forward);
  }

  toArray(): string[] {
    const out: string[] = [];
    const it = this.iterator();
    for (let v = it.next(); v !== null; v = it.next()) out.push(v);
    return out;
  }
}
