// SORT and SORT_RO over lists, sets and sorted sets, as Redis's sort.c: BY with `*` patterns (a
// pattern without `*` means "do not sort"), `->field` hash dereferences, GET (with `#` for the
// element itself), LIMIT, ASC/DESC, ALPHA and STORE (SORT only). Values are read through the types'
// APIs. ALPHA compares bytes (Redis's strcoll under the C locale does the same).

import { ERR_NOT_INTEGER, ERR_SORT_SCORE, ERR_SYNTAX, ERR_WRONGTYPE } from '../protocol/errors.ts';
import type { Client } from '../server/client.ts';
import type { Database } from '../store/database.ts';
import { hashGet } from '../types/hash.ts';
import { listFromArray, listLength, listLimits, listToArray, ListIter } from '../types/list.ts';
import type { RObject } from '../types/object.ts';
import { setMembers, setSize } from '../types/set.ts';
import { stringValue } from '../types/string.ts';
import { zsetConvert, zsetLength, zsetToArrays } from '../types/zset.ts';
import { parseInteger, parseStrtodFull } from '../util/numbers.ts';
import type { Handler } from './command.ts';

/**
 * The value a BY or GET pattern names for one element (Redis's lookupKeyByPattern): `#` is the
 * element; otherwise the first `*` is replaced by it, and a `->field` after the `*` reads that
 * field of a hash. Null when the pattern has no `*`, the key is missing or of the wrong type.
 */
function lookupByPattern(c: Client, db: Database, pattern: string, elem: string): string | null {
  if (pattern === '#') return elem;
  const star = pattern.indexOf('*');
  if (star < 0) return null;
  const arrow = pattern.indexOf('->', star + 1);
  const hasField = arrow >= 0 && arrow + 2 < pattern.length;
  const keyEnd = hasField ? arrow : pattern.length;
  const key = pattern.slice(0, star) + elem + pattern.slice(star + 1, keyEnd);
  const o = db.lookupView(key, 0);
  if (o === undefined) return null;
  if (hasField) {
    if (o.type !== 'hash') return null;
    return hashGet(o, pattern.slice(arrow + 2)) ?? null;
  }
  return o.type === 'string' ? stringValue(o) : null;
}

/** strtod over the whole value, with ERANGE and NaN as errors: null when not a usable score. */
function sortScore(s: string): number | null {
  const v = parseStrtodFull(s);
  if (v === null || Number.isNaN(v)) return null;
  if (!Number.isFinite(v) && !/inf/i.test(s)) return null; // overflow (ERANGE)
  if (v === 0 && /^[^eE]*[1-9]/.test(s) && !/^\s*[+-]?0[xX]/.test(s)) return null; // underflow to zero
  return v;
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface SortItem {
  elem: string;
  score: number;
  /** The BY value compared under ALPHA, or null when the BY key is missing. */
  cmp: string | null;
}

/** The body of SORT and SORT_RO. */
function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  let desc = false;
  let alpha = false;
  let limitStart = 0;
  let limitCount = -1;
  let storeKey: string | null = null;
  let sortBy: string | null = null;
  let dontSort = false;
  const gets: string[] = [];
  for (let j = 2; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const left = argv.length - j - 1;
    if (opt === 'asc') desc = false;
    else if (opt === 'desc') desc = true;
    else if (opt === 'alpha') alpha = true;
    else if (opt === 'limit' && left >= 2) {
      const s = parseInteger(argv[j + 1]!);
      const n = parseInteger(argv[j + 2]!);
      if (s === null || n === null) {
        c.w.error(ERR_NOT_INTEGER);
        return;
      }
      limitStart = s;
      limitCount = n;
      j += 2;
    } else if (!readonly && opt === 'store' && left >= 1) {
      storeKey = argv[++j]!;
    } else if (opt === 'by' && left >= 1) {
      sortBy = argv[++j]!;
      if (!sortBy.includes('*')) dontSort = true;
    } else if (opt === 'get' && left >= 1) {
      gets.push(argv[++j]!);
    } else {
      c.w.error(ERR_SYNTAX);
      return;
    }
  }
  const db = c.db;
  const o = db.lookupRead(argv[1]!);
  if (o !== undefined && o.type !== 'set' && o.type !== 'list' && o.type !== 'zset') {
    c.w.error(ERR_WRONGTYPE);
    return;
  }
  // A set has no order of its own: when the result is stored, sort it so replicas agree.
  if (dontSort && o?.type === 'set' && storeKey !== null) {
    dontSort = false;
    alpha = true;
    sortBy = null;
  }
  if (o?.type === 'zset') zsetConvert(o, true); // as Redis: SORT leaves a sorted set as a skiplist
  const len = o === undefined ? 0 : o.type === 'list' ? listLength(o) : o.type === 'set' ? setSize(o) : zsetLength(o);
  let start = Math.min(Math.max(limitStart, 0), len);
  const count = Math.min(Math.max(limitCount, -1), len);
  let end = count < 0 ? len - 1 : start + count - 1;
  if (start >= len) {
    start = len - 1;
    end = len - 2;
  }
  if (end >= len) end = len - 1;

  const elems = loadElements(o, dontSort, desc, start, end);
  if (dontSort && o !== undefined && o.type !== 'set') {
    // Only the range was loaded, in order: the output loop must not offset it again.
    end -= start;
    start = 0;
  }
  const items: SortItem[] = elems.map((elem) => ({ elem, score: 0, cmp: null }));
  if (!dontSort) {
    let conversionError = false;
    for (const it of items) {
      let by: string | null = it.elem;
      if (sortBy !== null) {
        by = lookupByPattern(c, db, sortBy, it.elem);
        if (by === null) continue;
      }
      if (alpha) {
        if (sortBy !== null) it.cmp = by;
      } else {
        const v = sortScore(by);
        if (v === null) conversionError = true;
        else it.score = v;
      }
    }
    if (conversionError) {
      c.w.error(ERR_SORT_SCORE);
      return;
    }
    items.sort(comparator(alpha, sortBy !== null, desc));
  }
  const n = end >= start ? end - start + 1 : 0;
  const outputLen = gets.length > 0 ? gets.length * n : n;
  if (storeKey === null) {
    const w = c.w;
    w.array(outputLen);
    for (let j = start; j <= end; j++) {
      const elem = items[j]!.elem;
      if (gets.length === 0) w.bulk(elem);
      for (const g of gets) {
        const v = lookupByPattern(c, db, g, elem);
        if (v === null) w.nullBulk();
        else w.bulk(v);
      }
    }
    return;
  }
  const out: string[] = [];
  for (let j = start; j <= end; j++) {
    const elem = items[j]!.elem;
    if (gets.length === 0) out.push(elem);
    for (const g of gets) out.push(lookupByPattern(c, db, g, elem) ?? '');
  }
  const ks = db.ks;
  if (outputLen > 0) {
    db.set(storeKey, listFromArray(out, listLimits(c.server.config.values), ks.lruClock()));
    ks.notify('l', 'sortstore', storeKey, db.id);
    ks.dirty += outputLen - 1; // db.set counted one
  } else if (db.delete(storeKey)) {
    ks.notify('g', 'del', storeKey, db.id);
  }
  c.w.integer(outputLen);
}

/**
 * The elements to sort. With nothing to sort, lists and sorted sets give only the [start, end]
 * range, in their own order (reversed for DESC); everything else gives all elements.
 */
function loadElements(o: RObject | undefined, dontSort: boolean, desc: boolean, start: number, end: number): string[] {
  if (o === undefined) return [];
  if (o.type === 'set') return setMembers(o);
  if (!dontSort) return o.type === 'list' ? listToArray(o) : zsetToArrays(o).members;
  if (end < start) return [];
  const n = end - start + 1;
  if (o.type === 'list') {
    const len = listLength(o);
    const it = new ListIter(o, desc ? len - start - 1 : start, !desc);
    const out: string[] = [];
    for (let v = it.next(); v !== null && out.length < n; v = it.next()) out.push(v);
    it.release();
    return out;
  }
  const all = zsetToArrays(o).members;
  if (desc) all.reverse();
  return all.slice(start, start + n);
}

function comparator(alpha: boolean, byPattern: boolean, desc: boolean): (a: SortItem, b: SortItem) => number {
  const sign = desc ? -1 : 1;
  if (!alpha) {
    return (a, b) => sign * (a.score > b.score ? 1 : a.score < b.score ? -1 : byteCompare(a.elem, b.elem));
  }
  if (byPattern) {
    return (a, b) => {
      if (a.cmp === null || b.cmp === null) return sign * (a.cmp === b.cmp ? 0 : a.cmp === null ? -1 : 1);
      return sign * byteCompare(a.cmp, b.cmp);
    };
  }
  return (a, b) => sign * byteCompare(a.elem, b.elem);
}

/** SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE destination] */
function sortCommand(c: Client, argv: string[]): void {
  sortGeneric(c, argv, false);
}

/** SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] */
function sortRoCommand(c: Client, argv: string[]): void {
  sortGeneric(c, argv, true);
}

export const handlers: Record<string, Handler> = {
  sort: sortCommand,
  sort_ro: sortRoCommand,
};
