// Quicklist operations over many elements at once: multi-value pushes that rebuild each node's
// listpack once (a listpack is an immutable string, so one rebuild per value would copy the node
// per value), and range reads that hand elements straight to a reply writer.

import { entrySize } from './listpack.ts';
import type { BulkSink } from './listpack.ts';
import type { Quicklist } from './quicklist.ts';
import { SIZE_ESTIMATE_OVERHEAD, allowInsert, nodeExceedsLimit } from './quicklist-node.ts';
import type { QNode } from './quicklist-node.ts';

/**
 * Pushes values[from..to) one after the other at the head or the tail, with exactly the node
 * placement of one push each (quicklistPush), but each run of values that lands in the same node is
 * written to its listpack at once.
 */
export function quicklistPushMany(ql: Quicklist, values: readonly string[], from: number, to: number, atHead: boolean): void {
  const fill = ql.fill;
  const th = ql.packedThreshold;
  let i = from;
  while (i < to) {
    const end = atHead ? ql.head : ql.tail;
    if (end === null || !allowInsert(end, fill, values[i]!.length, th)) {
      ql.push(values[i]!, atHead);
      i++;
      continue;
    }
    // allowInsert's test, against the exact size the node will have after each value before it.
    let sz = end.sz;
    let count = end.count;
    let j = i;
    while (j < to) {
      const len = values[j]!.length;
      if (len >= th || nodeExceedsLimit(fill, sz + len + SIZE_ESTIMATE_OVERHEAD, count + 1)) break;
      sz += entrySize(values[j]!);
      count++;
      j++;
    }
    if (atHead) end.list.prependMany(values, i, j);
    else end.list.appendMany(values, i, j);
    end.updateSz();
    ql.count += j - i;
    i = j;
  }
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
      lp.bulkRange(lp.seek(offset), k, forward, sink);
      n -= k;
      ql.compressAfterUse(node);
    }
    node = forward ? node.next : node.prev;
    offset = forward || node === null ? 0 : node.count - 1;
  }
}
