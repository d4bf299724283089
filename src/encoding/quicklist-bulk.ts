// Operations over many list elements at once: range reads that hand elements straight to a reply
// writer (one walk per listpack, no iterator object), and multi-value quicklist pushes.

import { backlenSize, encodedSize } from './listpack-codec.ts';
import type { Listpack } from './listpack.ts';
import type { Quicklist } from './quicklist.ts';
import type { QNode } from './quicklist-node.ts';

/** Where the range reads send elements (a reply writer). */
export interface BulkSink {
  bulk(s: string): void;
  /** The element s.slice(from, to), which the sink may copy without making that string. */
  bulkSlice(s: string, from: number, to: number): void;
}

/**
 * Hands n elements of lp from offset p to sink.bulk, walking forward or backward (LRANGE's reply):
 * one decode of each entry header. Integers go out in decimal form, as Redis replies them. Returns
 * the offset of the element after the last one handed out, or -1.
 */
export function listpackBulkRange(lp: Listpack, p: number, n: number, forward: boolean, sink: BulkSink): number {
  const s = lp.raw;
  const eof = s.length - 1;
  while (n-- > 0 && p >= 0) {
    const b = s.charCodeAt(p);
    let l: number;
    if (b >= 0x80 && b < 0xc0) {
      l = 1 + (b & 0x3f);
      sink.bulkSlice(s, p + 1, p + l);
    } else if (b >= 0xe0 && b < 0xf0) {
      l = 2 + (((b & 0x0f) << 8) | s.charCodeAt(p + 1));
      sink.bulkSlice(s, p + 2, p + l);
    } else {
      l = encodedSize(s, p, eof);
      sink.bulk(lp.get(p));
    }
    if (forward) {
      p += l + (l <= 127 ? 1 : backlenSize(l));
      if (p >= eof) p = -1;
    } else {
      p = lp.prev(p);
    }
  }
  return p;
}

/**
 * Pushes values[from..to) one after the other at the head or the tail. One push each is cheap:
 * an end node defers the listpack writes (QNode.pushDeferred) and applies them in one rebuild.
 */
export function quicklistPushMany(ql: Quicklist, values: readonly string[], from: number, to: number, atHead: boolean): void {
  for (let i = from; i < to; i++) ql.push(values[i]!, atHead);
}

/**
 * Hands `n` elements from index `start` (negative from the tail) to sink.bulk, towards the tail or
 * the head (LRANGE's reply), node by node with one listpack walk each and no iterator object.
 */
export function quicklistBulkRange(ql: Quicklist, start: number, n: number, forward: boolean, sink: BulkSink): void {
  if (!ql.locate(start)) return;
  let node: QNode | null = ql.locNode;
  let offset = ql.locOffset;
  while (n > 0 && node !== null) {
    if (node.plain !== null) {
      sink.bulk(node.plain);
      n--;
    } else {
      node.decompressForUse();
      const lp = node.list;
      const k = Math.min(n, forward ? node.count - offset : offset + 1);
      listpackBulkRange(lp, lp.seek(offset), k, forward, sink);
      n -= k;
      ql.compressAfterUse(node);
    }
    node = forward ? node.next : node.prev;
    offset = forward || node === null ? 0 : node.count - 1;
  }
}
