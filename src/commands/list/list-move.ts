// LMOVE, RPOPLPUSH and LMPOP, and the bodies the blocking BLMOVE, BRPOPLPUSH and BLMPOP share with
// them (list-blocking.ts).

import { ERR_WRONGTYPE } from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import { listLength, listPop, listPopRange } from '../../types/list.ts';
import type { RObject } from '../../types/object.ts';
import type { Handler } from '../command.ts';
import { listElementsRemoved, lmoveHandlePush, parseWhere } from './list-util.ts';
import { lookupWriteTyped } from '../lookup.ts';
import { parseMpopArgs } from '../mpop.ts';

/**
 * Pops from one end of argv[1] and pushes to one end of argv[2], replying the element, or null
 * when the source is missing (Redis's lmoveGenericCommand).
 */
export function lmoveGeneric(c: Client, argv: string[], fromHead: boolean, toHead: boolean): void {
  const src = argv[1]!;
  const dstKey = argv[2]!;
  const o = lookupWriteTyped(c, src, 'list');
  if (o === null) return;
  if (o === undefined) {
    c.w.nullBulk();
    return;
  }
  const dst = lookupWriteTyped(c, dstKey, 'list');
  if (dst === null) return;
  const v = listPop(o, fromHead)!;
  // Same key and the pop emptied it: the push below refills the same object.
  lmoveHandlePush(c, dstKey, dst, v, toHead);
  listElementsRemoved(c, src, fromHead, o, 1);
}

/** LMOVE source destination LEFT|RIGHT LEFT|RIGHT */
function lmoveCommand(c: Client, argv: string[]): void {
  const from = parseWhere(c, argv[3]!);
  if (from === null) return;
  const to = parseWhere(c, argv[4]!);
  if (to === null) return;
  lmoveGeneric(c, argv, from, to);
}

/** RPOPLPUSH source destination */
function rpoplpushCommand(c: Client, argv: string[]): void {
  lmoveGeneric(c, argv, false, true);
}

/** Pops up to count elements from key's list o and replies [key, [elements...]]. */
export function popRangeReplyWithKey(c: Client, key: string, o: RObject, head: boolean, count: number): void {
  const n = Math.min(count, listLength(o));
  const w = c.w;
  w.array(2);
  w.bulk(key);
  w.array(n);
  listPopRange(o, n, head, w);
  listElementsRemoved(c, key, head, o, n);
}

/** LMPOP/BLMPOP's arguments from numkeys on; null after an error reply. */
export function parseLmpopArgs(c: Client, argv: string[], numkeysAt: number): { keys: string[]; head: boolean; count: number } | null {
  const p = parseMpopArgs(c, argv, numkeysAt, 'left', 'right');
  return p === null ? null : { keys: p.keys, head: p.first, count: p.count };
}

/**
 * The first of keys holding a non-empty list: its key and value, undefined when none, or null
 * after replying WRONGTYPE (a key of another type before any list stops the search).
 */
export function firstList(c: Client, keys: readonly string[]): [string, RObject] | undefined | null {
  for (const k of keys) {
    const o = c.db.lookupWrite(k);
    if (o === undefined) continue;
    if (o.type !== 'list') {
      c.w.error(ERR_WRONGTYPE);
      return null;
    }
    if (listLength(o) === 0) continue;
    return [k, o];
  }
  return undefined;
}

/** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] */
function lmpopCommand(c: Client, argv: string[]): void {
  const a = parseLmpopArgs(c, argv, 1);
  if (a === null) return;
  const found = firstList(c, a.keys);
  if (found === null) return;
  if (found === undefined) {
    c.w.nullArray();
    return;
  }
  popRangeReplyWithKey(c, found[0], found[1], a.head, a.count);
}

export const handlers: Record<string, Handler> = {
  lmove: lmoveCommand,
  rpoplpush: rpoplpushCommand,
  lmpop: lmpopCommand,
};
