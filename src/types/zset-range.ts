// Range operations on sorted sets, encoding-agnostic for the handlers: parsing score and lex
// intervals as Redis's zslParseRange / zslParseLexRange, collecting ranges by rank, score or lex
// (forward or reverse, with LIMIT's offset and count), counting and deleting ranges, and popping
// from either end.

import type { Listpack } from '../encoding/listpack.ts';
import {
  LEX_MAX, LEX_MIN, lexCompare, lexGteMin, lexLteMax, valueGteMin, valueLteMax, type ZLexRangeSpec, type ZNode, type ZRangeSpec,
} from '../encoding/skiplist.ts';
import { parseStrtodFull } from '../util/numbers.ts';
import type { RObject } from './object.ts';
import { lpDeletePair, lpLastPair, lpNextPair, lpPrevPair, lpScoreAt } from './zset-listpack.ts';
import { zsetLength, zsetOut, type SkiplistZset } from './zset.ts';

export type { ZLexRangeSpec, ZRangeSpec } from '../encoding/skiplist.ts';

/** Members and scores of a range, in reply order. */
export interface ZRangeResult {
  members: string[];
  scores: number[];
}

export function newRangeResult(): ZRangeResult {
  return { members: [], scores: [] };
}

/** A score interval from ZRANGEBYSCORE-style arguments ("(" = exclusive), or null when invalid. */
export function parseScoreRange(min: string, max: string): ZRangeSpec | null {
  const minex = min.charCodeAt(0) === 40;
  const maxex = max.charCodeAt(0) === 40;
  const lo = parseStrtodFull(minex ? min.slice(1) : min);
  const hi = parseStrtodFull(maxex ? max.slice(1) : max);
  if (lo === null || hi === null) return null;
  return { min: lo, max: hi, minex, maxex };
}

/** One end of a lex interval: "-", "+", "[x" or "(x". */
function lexItem(s: string): { v: string; ex: boolean } | null {
  const c = s.charCodeAt(0);
  if (c === 43 || c === 45) return s.length === 1 ? { v: c === 43 ? LEX_MAX : LEX_MIN, ex: true } : null;
  if (c === 40) return { v: s.slice(1), ex: true };
  if (c === 91) return { v: s.slice(1), ex: false };
  return null;
}

/** A member interval from ZRANGEBYLEX-style arguments, or null when invalid. */
export function parseLexRange(min: string, max: string): ZLexRangeSpec | null {
  const a = lexItem(min);
  const b = lexItem(max);
  if (a === null || b === null) return null;
  return { min: a.v, max: b.v, minex: a.ex, maxex: b.ex };
}

/** Ranks start..end (0-based, already clamped, inclusive), from the top when reverse. */
export function zsetRangeByRank(o: RObject, start: number, end: number, reverse: boolean, out: ZRangeResult): void {
  const len = zsetLength(o);
  let n = end - start + 1;
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    let p = lp.seek((reverse ? len - 1 - start : start) * 2);
    while (p >= 0 && n-- > 0) {
      out.members.push(lp.get(p));
      out.scores.push(lpScoreAt(lp, lp.next(p)));
      p = reverse ? lpPrevPair(lp, p) : lpNextPair(lp, p);
    }
    return;
  }
  const zsl = (o.value as SkiplistZset).zsl;
  let x = zsl.getByRank(reverse ? len - start : start + 1);
  while (x !== null && n-- > 0) {
    out.members.push(x.member);
    out.scores.push(x.score);
    x = reverse ? x.backward : x.n0;
  }
}

/** A walk over a listpack or skiplist with a membership test, shared by the score and lex ranges. */
interface Bounds {
  /** True when (member, score) has passed the far end of the range. */
  past(member: string, score: number): boolean;
  /** True when (member, score) is at or beyond the near end. */
  reached(member: string, score: number): boolean;
}

function scoreBounds(r: ZRangeSpec, reverse: boolean): Bounds {
  return reverse
    ? { past: (_m, s) => !valueGteMin(s, r), reached: (_m, s) => valueLteMax(s, r) }
    : { past: (_m, s) => !valueLteMax(s, r), reached: (_m, s) => valueGteMin(s, r) };
}

function lexBounds(r: ZLexRangeSpec, reverse: boolean): Bounds {
  return reverse
    ? { past: (m) => !lexGteMin(m, r), reached: (m) => lexLteMax(m, r) }
    : { past: (m) => !lexLteMax(m, r), reached: (m) => lexGteMin(m, r) };
}

/**
 * Collects the members in a score range (ZRANGEBYSCORE and friends): skips `offset` of them
 * (a negative offset yields nothing, as in Redis), then takes up to `limit` (negative = all).
 */
export function zsetRangeByScore(o: RObject, r: ZRangeSpec, reverse: boolean, offset: number, limit: number, out: ZRangeResult): void {
  if (offset > 0 && offset >= zsetLength(o)) return;
  if (o.enc === 'skiplist') {
    const zsl = (o.value as SkiplistZset).zsl;
    walkNodes(reverse ? zsl.lastInRange(r) : zsl.firstInRange(r), scoreBounds(r, reverse), reverse, offset, limit, out);
    return;
  }
  if (r.min > r.max || (r.min === r.max && (r.minex || r.maxex))) return;
  walkListpack(o.value as Listpack, scoreBounds(r, reverse), reverse, offset, limit, out);
}

/** Collects the members in a lex range (ZRANGEBYLEX and friends), with offset and limit. */
export function zsetRangeByLex(o: RObject, r: ZLexRangeSpec, reverse: boolean, offset: number, limit: number, out: ZRangeResult): void {
  if (offset > 0 && offset >= zsetLength(o)) return;
  if (o.enc === 'skiplist') {
    const zsl = (o.value as SkiplistZset).zsl;
    walkNodes(reverse ? zsl.lastInLexRange(r) : zsl.firstInLexRange(r), lexBounds(r, reverse), reverse, offset, limit, out);
    return;
  }
  const lp = o.value as Listpack;
  if (!lpIsInLexRange(lp, r)) return;
  walkListpack(lp, lexBounds(r, reverse), reverse, offset, limit, out);
}

/**
 * zzlIsInLexRange: the range is not empty, the last member is not below min and the first not
 * above max. With unequal scores the members are not in lex order, so this check (which the
 * skiplist makes too) decides results that a plain walk would not.
 */
function lpIsInLexRange(lp: Listpack, r: ZLexRangeSpec): boolean {
  const c = lexCompare(r.min, r.max);
  if (c > 0 || (c === 0 && (r.minex || r.maxex))) return false;
  const last = lpLastPair(lp);
  if (last < 0 || !lexGteMin(lp.get(last), r)) return false;
  return lexLteMax(lp.get(lp.first()), r);
}

function walkNodes(x: ZNode | null, b: Bounds, reverse: boolean, offset: number, limit: number, out: ZRangeResult): void {
  while (x !== null && offset !== 0) {
    x = reverse ? x.backward : x.n0;
    offset--;
  }
  while (x !== null && limit !== 0) {
    if (b.past(x.member, x.score)) break;
    out.members.push(x.member);
    out.scores.push(x.score);
    x = reverse ? x.backward : x.n0;
    limit--;
  }
}

function walkListpack(lp: Listpack, b: Bounds, reverse: boolean, offset: number, limit: number, out: ZRangeResult): void {
  let p = reverse ? lpLastPair(lp) : lp.first();
  // Find the first pair inside the near end.
  while (p >= 0) {
    const m = lp.get(p);
    const s = lpScoreAt(lp, lp.next(p));
    if (b.reached(m, s)) {
      if (b.past(m, s)) return;
      break;
    }
    p = reverse ? lpPrevPair(lp, p) : lpNextPair(lp, p);
  }
  while (p >= 0 && offset !== 0) {
    p = reverse ? lpPrevPair(lp, p) : lpNextPair(lp, p);
    offset--;
  }
  while (p >= 0 && limit !== 0) {
    const m = lp.get(p);
    const s = lpScoreAt(lp, lp.next(p));
    if (b.past(m, s)) break;
    out.members.push(m);
    out.scores.push(s);
    p = reverse ? lpPrevPair(lp, p) : lpNextPair(lp, p);
    limit--;
  }
}

/** How many members have scores in the range (ZCOUNT). */
export function zsetCount(o: RObject, r: ZRangeSpec): number {
  if (o.enc === 'skiplist') {
    const zsl = (o.value as SkiplistZset).zsl;
    const first = zsl.firstInRange(r);
    if (first === null) return 0;
    const last = zsl.lastInRange(r)!;
    return zsl.getRank(last.score, last.member) - zsl.getRank(first.score, first.member) + 1;
  }
  const out = newRangeResult();
  zsetRangeByScore(o, r, false, 0, -1, out);
  return out.members.length;
}

/** How many members fall in the lex range (ZLEXCOUNT). */
export function zsetLexCount(o: RObject, r: ZLexRangeSpec): number {
  if (o.enc === 'skiplist') {
    const zsl = (o.value as SkiplistZset).zsl;
    const first = zsl.firstInLexRange(r);
    if (first === null) return 0;
    const last = zsl.lastInLexRange(r)!;
    return zsl.getRank(last.score, last.member) - zsl.getRank(first.score, first.member) + 1;
  }
  const out = newRangeResult();
  zsetRangeByLex(o, r, false, 0, -1, out);
  return out.members.length;
}

/** Deletes ranks start..end (0-based, clamped, inclusive); returns how many went. */
export function zsetDeleteRangeByRank(o: RObject, start: number, end: number): number {
  if (o.enc === 'listpack') return (o.value as Listpack).deleteRange(start * 2, (end - start + 1) * 2) >> 1;
  const z = o.value as SkiplistZset;
  return z.zsl.deleteRangeByRank(start + 1, end + 1, (m) => z.dict.delete(m));
}

/** Deletes the members with scores in the range; returns how many went. */
export function zsetDeleteRangeByScore(o: RObject, r: ZRangeSpec): number {
  if (o.enc === 'listpack') return deleteListpackWhere(o.value as Listpack, scoreBounds(r, false));
  const z = o.value as SkiplistZset;
  return z.zsl.deleteRangeByScore(r, (m) => z.dict.delete(m));
}

/** Deletes the members in the lex range; returns how many went. */
export function zsetDeleteRangeByLex(o: RObject, r: ZLexRangeSpec): number {
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    return lpIsInLexRange(lp, r) ? deleteListpackWhere(lp, lexBounds(r, false)) : 0;
  }
  const z = o.value as SkiplistZset;
  return z.zsl.deleteRangeByLex(r, (m) => z.dict.delete(m));
}

function deleteListpackWhere(lp: Listpack, b: Bounds): number {
  let p = lp.first();
  while (p >= 0) {
    const m = lp.get(p);
    const s = lpScoreAt(lp, lp.next(p));
    if (b.reached(m, s)) {
      if (b.past(m, s)) return 0;
      break;
    }
    p = lpNextPair(lp, p);
  }
  let removed = 0;
  while (p >= 0) {
    const s = lpScoreAt(lp, lp.next(p));
    if (b.past(lp.get(p), s)) break;
    lpDeletePair(lp, p);
    removed++;
    if (p >= lp.bytes - 1) break;
  }
  return removed;
}

/** Removes and returns the lowest (or highest) member, its score in zsetOut.score; null when empty. */
export function zsetPopEdge(o: RObject, max: boolean): string | null {
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    const p = max ? lpLastPair(lp) : lp.first();
    if (p < 0) return null;
    const m = lp.get(p);
    zsetOut.score = lpScoreAt(lp, lp.next(p));
    lpDeletePair(lp, p);
    return m;
  }
  const z = o.value as SkiplistZset;
  const x = max ? z.zsl.last() : z.zsl.first();
  if (x === null) return null;
  const m = x.member;
  zsetOut.score = x.score;
  z.zsl.delete(x.score, m);
  z.dict.delete(m);
  return m;
}
