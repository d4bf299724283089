// Quicklist iteration in either direction, with deletion of the element just returned (LREM) and
// insertion next to it (LINSERT; ends the iteration, as in Redis).
//
// Invariants: #node/#offset name the next element to return (#offset may run off the node; the
// next call then moves to the neighbour). A node is decompressed "for use" when the iterator
// enters it and compressed again when it leaves or release() is called. Between next() calls the
// list must only be changed through this iterator.

import type { Quicklist } from './quicklist.ts';
import type { QNode } from './quicklist-node.ts';

export class QuicklistIter {
  readonly #ql: Quicklist;
  readonly #forward: boolean;
  #node: QNode | null;
  #offset: number;
  /** Byte offset of the next element in #node's listpack, or -1 to seek by #offset. */
  #p = -1;
  /** True once #node has been decompressed for this iterator. */
  #entered = false;
  #lastNode: QNode | null = null;
  #lastOffset = 0;
  #lastP = -1;

  constructor(ql: Quicklist, node: QNode | null, offset: number, forward: boolean) {
    this.#ql = ql;
    this.#node = node;
    this.#offset = offset;
    this.#forward = forward;
  }

  /** The next element, or null when done. */
  next(): string | null {
    for (;;) {
      const node = this.#node;
      if (node === null) {
        this.#lastNode = null;
        return null;
      }
      if (this.#offset < 0 || this.#offset >= node.count) {
        this.#leave();
        continue;
      }
      if (!this.#entered) {
        node.decompressForUse();
        this.#entered = true;
        this.#p = -1;
      }
      let v: string;
      if (node.plain !== null) {
        v = node.plain;
        this.#lastP = -1;
      } else {
        const lp = node.list;
        const p = this.#p >= 0 ? this.#p : lp.seek(this.#offset);
        v = lp.get(p);
        this.#lastP = p;
        this.#p = this.#forward ? lp.next(p) : lp.prev(p);
      }
      this.#lastNode = node;
      this.#lastOffset = this.#offset;
      this.#offset += this.#forward ? 1 : -1;
      return v;
    }
  }

  #leave(): void {
    const node = this.#node!;
    if (this.#entered) this.#ql.compressAfterUse(node);
    this.#entered = false;
    this.#p = -1;
    const n = this.#forward ? node.next : node.prev;
    this.#node = n;
    this.#offset = this.#forward || n === null ? 0 : n.count - 1;
  }

  /** True when the element last returned equals s (bytes), without building a string. */
  equalsCurrent(s: string): boolean {
    const node = this.#lastNode;
    if (node === null) throw new Error('quicklist iterator has no current element');
    return node.plain !== null ? node.plain === s : node.list.equals(this.#lastP, s);
  }

  /** Deletes the element last returned; iteration continues with the one after it. */
  deleteCurrent(): void {
    const node = this.#lastNode;
    if (node === null) throw new Error('quicklist iterator has no current element');
    const prev = node.prev;
    const next = node.next;
    const nextP = this.#ql.deleteAt(node, this.#lastP);
    this.#lastNode = null;
    if (node.count === 0) {
      // The node went away with its last element.
      this.#entered = false;
      this.#p = -1;
      this.#node = this.#forward ? next : prev;
      this.#offset = this.#forward || prev === null ? 0 : prev.count - 1;
    } else if (this.#forward) {
      this.#offset = this.#lastOffset;
      this.#p = nextP;
    } else {
      this.#offset = this.#lastOffset - 1;
      // Entries before the deleted one did not move, so its predecessor is still right before it.
      this.#p = this.#offset >= 0 ? node.list.prev(this.#lastP) : -1;
    }
  }

  /** Inserts v before/after the element last returned, then ends the iteration. */
  insertAtCurrent(v: string, after: boolean): void {
    const node = this.#lastNode;
    if (node === null) throw new Error('quicklist iterator has no current element');
    this.#ql.insertNear(node, this.#lastOffset, v, after);
    this.#node = null;
    this.#entered = false;
    this.#lastNode = null;
  }

  /** Compresses the node in use again; call when stopping before the end. */
  release(): void {
    if (this.#node !== null && this.#entered) this.#ql.compressAfterUse(this.#node);
    this.#node = null;
    this.#entered = false;
    this.#lastNode = null;
  }
}
