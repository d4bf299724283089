// The list commands that work on one key: pushes, pops, LLEN, LINDEX, LSET, LRANGE, LTRIM, LREM,
// LINSERT (LPOS is in list-pos.ts). Multi-key moves and pops are in list-move.ts, the blocking ones in
// list-blocking.ts. Encodings and their conversions are the list type's business (types/list.ts).

import {
  ERR_INDEX_OUT_OF_RANGE, ERR_NO_SUCH_KEY, ERR_NOT_INTEGER, ERR_OUT_OF_RANGE, ERR_SYNTAX, errArity,
} from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import {
  createList, ListIter, listDelRange, listIndex, listLength, listLimits, listPop, listPopRange, listPrepareGrow,
  listPrepareGrowArgs, listPushMany, listReplace, listTryShrink,
} from '../../types/list.ts';
import { parseInteger } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';
import { listElementsRemoved, replyListRange } from './list-util.ts';
import { lookupReadTyped, lookupWriteTyped } from '../lookup.ts';

/** Pushes argv[2..] at one end; `xx` only when the key exists (LPUSHX/RPUSHX). */
function pushGeneric(c: Client, argv: string[], head: boolean, xx: boolean): void {
  const key = argv[1]!;
  let o = lookupWriteTyped(c, key, 'list');
  if (o === null) return;
  const db = c.db;
  const ks = db.ks;
  if (o === undefined) {
    if (xx) {
      c.w.integer(0);
      return;
    }
    o = createList(ks.lruClock());
    db.add(key, o);
    ks.dirty--; // Redis counts the pushed elements, not the new key
  }
  listPrepareGrowArgs(o, argv, 2, listLimits(c.server.config.values));
  listPushMany(o, argv, 2, head);
  ks.dirty += argv.length - 2;
  c.w.integer(listLength(o));
  ks.signalModified(db, key);
  ks.notify('l', head ? 'lpush' : 'rpush', key, db.id);
}

/** LPUSH key element [element ...] */
function lpushCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, true, false);
}

/** RPUSH key element [element ...] */
function rpushCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, false, false);
}

/** LPUSHX key element [element ...] */
function lpushxCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, true, true);
}

/** RPUSHX key element [element ...] */
function rpushxCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, false, true);
}

/** The body of LPOP and RPOP: one element as a bulk, or with a count an array (null when missing). */
function popGeneric(c: Client, argv: string[], head: boolean): void {
  const w = c.w;
  if (argv.length > 3) {
    w.error(errArity(argv[0]!.toLowerCase()));
    return;
  }
  const hasCount = argv.length === 3;
  let count = 0;
  if (hasCount) {
    // Not a number and negative get the same message (getPositiveLongFromObjectOrReply).
    const n = parseInteger(argv[2]!);
    if (n === null || n < 0) {
      w.error(ERR_OUT_OF_RANGE);
      return;
    }
    count = n;
  }
  const key = argv[1]!;
  const o = lookupWriteTyped(c, key, 'list');
  if (o === null) return;
  if (o === undefined) {
    if (hasCount) w.nullArray();
    else w.nullBulk();
    return;
  }
  if (hasCount && count === 0) {
    w.array(0);
    return;
  }
  if (!hasCount) {
    w.bulk(listPop(o, head)!);
    listElementsRemoved(c, key, head, o, 1);
    return;
  }
  const n = Math.min(count, listLength(o));
  w.array(n);
  listPopRange(o, n, head, w);
  listElementsRemoved(c, key, head, o, n);
}

/** LPOP key [count] */
function lpopCommand(c: Client, argv: string[]): void {
  popGeneric(c, argv, true);
}

/** RPOP key [count] */
function rpopCommand(c: Client, argv: string[]): void {
  popGeneric(c, argv, false);
}

/** LLEN key */
function llenCommand(c: Client, argv: string[]): void {
  const o = lookupReadTyped(c, argv[1]!, 'list');
  if (o === null) return;
  c.w.integer(o === undefined ? 0 : listLength(o));
}

/** LINDEX key index */
function lindexCommand(c: Client, argv: string[]): void {
  const o = lookupReadTyped(c, argv[1]!, 'list');
  if (o === null) return;
  if (o === undefined) {
    c.w.nullBulk();
    return;
  }
  const index = parseInteger(argv[2]!);
  if (index === null) {
    c.w.error(ERR_NOT_INTEGER);
    return;
  }
  const v = listIndex(o, index);
  if (v === null) c.w.nullBulk();
  else c.w.bulk(v);
}

/** LSET key index element */
function lsetCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const o = lookupWriteTyped(c, key, 'list');
  if (o === null) return;
  if (o === undefined) {
    c.w.error(ERR_NO_SUCH_KEY);
    return;
  }
  const index = parseInteger(argv[2]!);
  if (index === null) {
    c.w.error(ERR_NOT_INTEGER);
    return;
  }
  const v = argv[3]!;
  const lim = listLimits(c.server.config.values);
  listPrepareGrow(o, v.length, 1, lim);
  if (!listReplace(o, index, v)) {
    c.w.error(ERR_INDEX_OUT_OF_RANGE);
    return;
  }
  c.w.ok();
  const db = c.db;
  db.ks.signalModified(db, key);
  db.ks.notify('l', 'lset', key, db.id);
  db.ks.dirty++;
  // A big element may have been replaced by a small one: the growing case was handled above.
  listTryShrink(o, lim);
}

/** Parses the two indexes of LRANGE and LTRIM; null after an error reply. */
function parseRange(c: Client, argv: string[]): [number, number] | null {
  const start = parseInteger(argv[2]!);
  const end = parseInteger(argv[3]!);
  if (start === null || end === null) {
    c.w.error(ERR_NOT_INTEGER);
    return null;
  }
  return [start, end];
}

/** LRANGE key start stop */
function lrangeCommand(c: Client, argv: string[]): void {
  const r = parseRange(c, argv);
  if (r === null) return;
  const o = lookupReadTyped(c, argv[1]!, 'list');
  if (o === null) return;
  if (o === undefined) {
    c.w.array(0);
    return;
  }
  replyListRange(c, o, r[0], r[1], false);
}

/** LTRIM key start stop */
function ltrimCommand(c: Client, argv: string[]): void {
  const r = parseRange(c, argv);
  if (r === null) return;
  const key = argv[1]!;
  const o = lookupWriteTyped(c, key, 'list');
  if (o === null) return;
  if (o === undefined) {
    c.w.ok();
    return;
  }
  let [start, end] = r;
  const len = listLength(o);
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  let ltrim: number;
  let rtrim: number;
  if (start > end || start >= len) {
    ltrim = len;
    rtrim = 0;
  } else {
    if (end >= len) end = len - 1;
    ltrim = start;
    rtrim = len - end - 1;
  }
  listDelRange(o, 0, ltrim);
  listDelRange(o, -rtrim, rtrim);
  const db = c.db;
  const ks = db.ks;
  ks.notify('l', 'ltrim', key, db.id);
  if (listLength(o) === 0) {
    db.delete(key);
    ks.dirty--;
    ks.notify('g', 'del', key, db.id);
  } else {
    listTryShrink(o, listLimits(c.server.config.values));
    ks.signalModified(db, key);
  }
  ks.dirty += ltrim + rtrim;
  c.w.ok();
}

/** LREM key count element */
function lremCommand(c: Client, argv: string[]): void {
  let toRemove = parseInteger(argv[2]!);
  if (toRemove === null) {
    c.w.error(ERR_NOT_INTEGER);
    return;
  }
  const key = argv[1]!;
  const o = lookupWriteTyped(c, key, 'list');
  if (o === null) return;
  if (o === undefined) {
    c.w.integer(0);
    return;
  }
  const v = argv[3]!;
  const forward = toRemove >= 0;
  if (!forward) toRemove = -toRemove;
  const it = new ListIter(o, forward ? 0 : -1, forward);
  let removed = 0;
  for (let e = it.next(); e !== null; e = it.next()) {
    if (e !== v) continue;
    it.deleteCurrent();
    removed++;
    if (toRemove !== 0 && removed === toRemove) break;
  }
  it.release();
  const db = c.db;
  const ks = db.ks;
  if (removed > 0) ks.notify('l', 'lrem', key, db.id);
  if (listLength(o) === 0) {
    db.delete(key);
    ks.dirty--;
    ks.notify('g', 'del', key, db.id);
  } else if (removed > 0) {
    listTryShrink(o, listLimits(c.server.config.values));
    ks.signalModified(db, key);
  }
  ks.dirty += removed;
  c.w.integer(removed);
}

/** LINSERT key BEFORE|AFTER pivot element */
function linsertCommand(c: Client, argv: string[]): void {
  const where = argv[2]!.toLowerCase();
  if (where !== 'before' && where !== 'after') {
    c.w.error(ERR_SYNTAX);
    return;
  }
  const key = argv[1]!;
  const o = lookupWriteTyped(c, key, 'list');
  if (o === null) return;
  if (o === undefined) {
    c.w.integer(0);
    return;
  }
  const pivot = argv[3]!;
  const v = argv[4]!;
  // As Redis: assume the insert happens and convert first (no conversion inside the walk).
  listPrepareGrow(o, v.length, 1, listLimits(c.server.config.values));
  const it = new ListIter(o, 0, true);
  let inserted = false;
  for (let e = it.next(); e !== null; e = it.next()) {
    if (e === pivot) {
      it.insertAtCurrent(v, where === 'after');
      inserted = true;
      break;
    }
  }
  it.release();
  if (!inserted) {
    c.w.integer(-1);
    return;
  }
  const db = c.db;
  db.ks.signalModified(db, key);
  db.ks.notify('l', 'linsert', key, db.id);
  db.ks.dirty++;
  c.w.integer(listLength(o));
}

export const handlers: Record<string, Handler> = {
  lpush: lpushCommand,
  rpush: rpushCommand,
  lpushx: lpushxCommand,
  rpushx: rpushxCommand,
  lpop: lpopCommand,
  rpop: rpopCommand,
  llen: llenCommand,
  lindex: lindexCommand,
  lset: lsetCommand,
  lrange: lrangeCommand,
  ltrim: ltrimCommand,
  lrem: lremCommand,
  linsert: linsertCommand,
};
