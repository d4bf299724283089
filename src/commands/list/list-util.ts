// Helpers shared by the list command modules: the range reply,
// the bookkeeping after elements are removed (event, delete-when-empty, shrink conversion), and
// LMOVE's push half, which the blocking BLMOVE reuses.

import { ERR_SYNTAX } from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import {
  createList, listBulkRange, listLength, listLimits, listPrepareGrow, listPush, listTryShrink,
} from '../../types/list.ts';
import type { RObject } from '../../types/object.ts';

/** LEFT / RIGHT (any case): true for LEFT (the head), false for RIGHT, null after a syntax error. */
export function parseWhere(c: Client, arg: string): boolean | null {
  const a = arg.toLowerCase();
  if (a === 'left') return true;
  if (a === 'right') return false;
  c.w.error(ERR_SYNTAX);
  return null;
}

/**
 * Replies the elements between the inclusive indexes start and end (negative from the tail), in
 * reverse when asked (from end down to start), as Redis's addListRangeReply.
 */
export function replyListRange(c: Client, o: RObject, start: number, end: number, reverse: boolean): void {
  const len = listLength(o);
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  const w = c.w;
  if (start > end || start >= len) {
    w.array(0);
    return;
  }
  if (end >= len) end = len - 1;
  const n = end - start + 1;
  w.array(n);
  listBulkRange(o, reverse ? end : start, n, !reverse, w);
}

/**
 * After `count` elements were popped from one end: the lpop/rpop event, the key deleted (with a
 * `del` event) when empty or else the shrink conversion, the signal and the dirty count (Redis's
 * listElementsRemoved). Returns true when the key was deleted.
 */
export function listElementsRemoved(c: Client, key: string, head: boolean, o: RObject, count: number): boolean {
  const db = c.db;
  const ks = db.ks;
  ks.notify('l', head ? 'lpop' : 'rpop', key, db.id);
  let deleted = false;
  if (listLength(o) === 0) {
    deleted = true;
    db.delete(key); // signals the modification
    ks.notify('g', 'del', key, db.id);
    ks.dirty--; // db.delete counted one; Redis counts the popped elements only
  } else {
    listTryShrink(o, listLimits(c.server.config.values));
    ks.signalModified(db, key);
  }
  ks.dirty += count;
  return deleted;
}

/**
 * LMOVE's push half (lmoveHandlePush): creates the destination when missing, pushes v with the
 * GROWING check, emits lpush/rpush and replies v.
 */
export function lmoveHandlePush(c: Client, dstKey: string, dst: RObject | undefined, v: string, head: boolean): void {
  const db = c.db;
  const lim = listLimits(c.server.config.values);
  if (dst === undefined) {
    dst = createList(db.ks.lruClock());
    db.add(dstKey, dst);
    db.ks.dirty--; // db.add counted one; LMOVE counts one move in all
  }
  listPrepareGrow(dst, v.length, 1, lim);
  listPush(dst, v, head);
  db.ks.signalModified(db, dstKey);
  db.ks.notify('l', head ? 'lpush' : 'rpush', dstKey, db.id);
  c.w.bulk(v);
}
