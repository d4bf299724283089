// The sorted set type (Redis's t_zset.c type API): picks and converts the encoding, and offers
// encoding-agnostic operations to the command handlers, which never see a listpack or a skiplist.
//
// Encodings, with Redis 7.2's rules:
//  - `listpack`: one Listpack of member,score pairs in score order, while the set has at most
//    zset-max-listpack-entries members, none longer than zset-max-listpack-value bytes.
//  - `skiplist`: a ZSkiplist (ordered, with spans for ranks) plus a Map member → score for O(1)
//    ZSCORE, as Redis pairs zsl with a dict. The skiplist only goes back to a listpack where Redis
//    converts back (STORE results: zsetConvertToListpackIfNeeded), never on deletes.
//
// Results that would need a tuple (new score, score of a rank) go through module-level out
// fields instead, so ZADD, ZSCORE and ZRANK allocate nothing per call. One executor thread.

import { Listpack } from '../encoding/listpack.ts';
import type { LpValue } from '../encoding/listpack.ts';
import { levelOf, ZSkiplist } from '../encoding/skiplist.ts';
import { registerDuplicator } from './duplicate.ts';
import { RObject } from './object.ts';
import type { SizeModel } from './set.ts';
import { lpDeletePair, lpFindMember, lpInsertSorted, lpNextPair, lpScoreAt, lpScoreValue } from './zset-listpack.ts';

/** The payload of a skiplist-encoded sorted set. */
export class SkiplistZset {
  readonly dict = new Map<string, number>();
  readonly zsl = new ZSkiplist();
}

/** The listpack limits in force (zset-max-listpack-entries / -value). */
export interface ZsetLimits {
  entries: number;
  value: number;
}

// ZADD input flags (Redis's ZADD_IN_*).
export const ZADD_INCR = 1;
export const ZADD_NX = 2;
export const ZADD_XX = 4;
export const ZADD_GT = 8;
export const ZADD_LT = 16;
// ZADD output flags (ZADD_OUT_*).
export const ZADD_OUT_NOP = 1;
export const ZADD_OUT_NAN = 2;
export const ZADD_OUT_ADDED = 4;
export const ZADD_OUT_UPDATED = 8;

/** Out fields: the score after the last zsetAdd, and the score of the last zsetRank hit. */
export const zsetOut = { score: 0 };

/** A new empty sorted set sized for the hints, as zsetTypeCreate. */
export function zsetCreate(sizeHint: number, valLenHint: number, lim: ZsetLimits, lru: number): RObject {
  if (sizeHint <= lim.entries && valLenHint <= lim.value) return new RObject('zset', 'listpack', new Listpack(), lru);
  return new RObject('zset', 'skiplist', new SkiplistZset(), lru);
}

export function zsetLength(o: RObject): number {
  return o.enc === 'listpack' ? (o.value as Listpack).length >> 1 : (o.value as SkiplistZset).zsl.length;
}

/** The member's score, or undefined. */
export function zsetScore(o: RObject, member: string): number | undefined {
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    const p = lpFindMember(lp, member);
    return p < 0 ? undefined : lpScoreAt(lp, lp.next(p));
  }
  return (o.value as SkiplistZset).dict.get(member);
}

/** Converts between the encodings (zsetConvert). */
export function zsetConvert(o: RObject, toSkiplist: boolean): void {
  if (toSkiplist) {
    if (o.enc === 'skiplist') return;
    const lp = o.value as Listpack;
    const z = new SkiplistZset();
    for (let p = lp.first(); p >= 0; p = lpNextPair(lp, p)) {
      const m = lp.get(p);
      const s = lpScoreAt(lp, lp.next(p));
      z.zsl.insert(s, m);
      z.dict.set(m, s);
    }
    o.value = z;
    o.enc = 'skiplist';
    return;
  }
  if (o.enc === 'listpack') return;
  const z = o.value as SkiplistZset;
  const values: LpValue[] = [];
  for (let n = z.zsl.first(); n !== null; n = n.n0) values.push(n.member, lpScoreValue(n.score));
  const lp = new Listpack();
  lp.appendMany(values);
  o.value = lp;
  o.enc = 'listpack';
}

/** Back to a listpack when a skiplist result is small enough (zsetConvertToListpackIfNeeded). */
export function zsetConvertToListpackIfNeeded(o: RObject, maxElemLen: number, lim: ZsetLimits): void {
  if (o.enc !== 'skiplist') return;
  if ((o.value as SkiplistZset).zsl.length <= lim.entries && maxElemLen <= lim.value) zsetConvert(o, false);
}

/**
 * Adds or updates a member (zsetAdd) under ZADD_* flags; returns ZADD_OUT_* flags, with the
 * resulting score in zsetOut.score. ZADD_OUT_NAN means the increment produced NaN (nothing done).
 */
export function zsetAdd(o: RObject, score: number, member: string, flags: number, lim: ZsetLimits): number {
  const incr = (flags & ZADD_INCR) !== 0;
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    const p = lpFindMember(lp, member);
    if (p >= 0) {
      if ((flags & ZADD_NX) !== 0) return ZADD_OUT_NOP;
      const cur = lpScoreAt(lp, lp.next(p));
      const next = updatedScore(cur, score, flags, incr);
      if (next === null) return ZADD_OUT_NOP;
      if (Number.isNaN(next)) return ZADD_OUT_NAN;
      zsetOut.score = next;
      if (next === cur) return 0;
      lpDeletePair(lp, p);
      lpInsertSorted(lp, member, next);
      return ZADD_OUT_UPDATED;
    }
    if ((flags & ZADD_XX) !== 0) return ZADD_OUT_NOP;
    if ((lp.length >> 1) + 1 > lim.entries || member.length > lim.value) {
      zsetConvert(o, true);
    } else {
      lpInsertSorted(lp, member, score);
      zsetOut.score = score;
      return ZADD_OUT_ADDED;
    }
  }
  const z = o.value as SkiplistZset;
  const cur = z.dict.get(member);
  if (cur !== undefined) {
    if ((flags & ZADD_NX) !== 0) return ZADD_OUT_NOP;
    const next = updatedScore(cur, score, flags, incr);
    if (next === null) return ZADD_OUT_NOP;
    if (Number.isNaN(next)) return ZADD_OUT_NAN;
    zsetOut.score = next;
    if (next === cur) return 0;
    z.zsl.updateScore(cur, member, next);
    z.dict.set(member, next);
    return ZADD_OUT_UPDATED;
  }
  if ((flags & ZADD_XX) !== 0) return ZADD_OUT_NOP;
  z.zsl.insert(score, member);
  z.dict.set(member, score);
  zsetOut.score = score;
  return ZADD_OUT_ADDED;
}

/** The score an existing member gets, null when GT/LT refuse it, NaN when INCR makes NaN. */
function updatedScore(cur: number, score: number, flags: number, incr: boolean): number | null {
  if (incr) score += cur;
  if (Number.isNaN(score)) return score;
  if (((flags & ZADD_LT) !== 0 && score >= cur) || ((flags & ZADD_GT) !== 0 && score <= cur)) return null;
  return score;
}

/** Removes a member; false when absent. */
export function zsetDel(o: RObject, member: string): boolean {
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    const p = lpFindMember(lp, member);
    if (p < 0) return false;
    lpDeletePair(lp, p);
    return true;
  }
  const z = o.value as SkiplistZset;
  const s = z.dict.get(member);
  if (s === undefined) return false;
  z.dict.delete(member);
  z.zsl.delete(s, member);
  return true;
}

/** 0-based rank of a member (from the top when reverse), or -1; its score in zsetOut.score. */
export function zsetRank(o: RObject, member: string, reverse: boolean): number {
  const len = zsetLength(o);
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    let rank = 0;
    for (let p = lp.first(); p >= 0; p = lpNextPair(lp, p), rank++) {
      if (lp.equals(p, member)) {
        zsetOut.score = lpScoreAt(lp, lp.next(p));
        return reverse ? len - 1 - rank : rank;
      }
    }
    return -1;
  }
  const z = o.value as SkiplistZset;
  const s = z.dict.get(member);
  if (s === undefined) return -1;
  const r = z.zsl.getRank(s, member);
  zsetOut.score = s;
  return reverse ? len - r : r - 1;
}

/** Calls fn for every member in score order. */
export function zsetForEach(o: RObject, fn: (member: string, score: number) => void): void {
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    for (let p = lp.first(); p >= 0; p = lpNextPair(lp, p)) fn(lp.get(p), lpScoreAt(lp, lp.next(p)));
    return;
  }
  const z = o.value as SkiplistZset;
  for (let n = z.zsl.first(); n !== null; n = n.n0) fn(n.member, n.score);
}

/** Every member and score in order, as two arrays. */
export function zsetToArrays(o: RObject): { members: string[]; scores: number[] } {
  const members: string[] = [];
  const scores: number[] = [];
  zsetForEach(o, (m, s) => {
    members.push(m);
    scores.push(s);
  });
  return { members, scores };
}

/** The member at 0-based rank (its score in zsetOut.score), or null. */
export function zsetAt(o: RObject, rank: number): string | null {
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    const p = lp.seek(rank * 2);
    if (p < 0) return null;
    zsetOut.score = lpScoreAt(lp, lp.next(p));
    return lp.get(p);
  }
  const n = (o.value as SkiplistZset).zsl.getByRank(rank + 1);
  if (n === null) return null;
  zsetOut.score = n.score;
  return n.member;
}

/** The skiplist payload's dict, for ZSCAN's cursor walk; null for a listpack. */
export function zsetDict(o: RObject): Map<string, number> | null {
  return o.enc === 'skiplist' ? (o.value as SkiplistZset).dict : null;
}

/** A deep copy in the same encoding (COPY). */
export function zsetDup(o: RObject, lru: number): RObject {
  if (o.enc === 'listpack') return new RObject('zset', 'listpack', (o.value as Listpack).clone(), lru);
  const src = o.value as SkiplistZset;
  const z = new SkiplistZset();
  for (let n = src.zsl.first(); n !== null; n = n.n0) {
    z.zsl.insert(n.score, n.member);
    z.dict.set(n.member, n.score);
  }
  return new RObject('zset', 'skiplist', z, lru);
}

registerDuplicator('zset', zsetDup);

/**
 * Estimated bytes of a sorted set value in Redis's terms, for MEMORY USAGE (same signature as the
 * set and hash estimates): a listpack is its bytes; a skiplist counts the zset, dict and skiplist
 * headers and the bucket array, then per member a skiplist node (24 bytes plus 16 per level), its
 * sds and a dict entry, averaged over the first `samples` members (0 = all) and scaled to the set.
 */
export function zsetMemoryUsage(o: RObject, samples: number, sizes: SizeModel): number {
  const ROBJ = 16;
  if (o.enc === 'listpack') return ROBJ + sizes.alloc((o.value as Listpack).bytes);
  const z = o.value as SkiplistZset;
  const len = z.zsl.length;
  let buckets = 4;
  while (buckets < len) buckets *= 2;
  // zset struct, dict struct, the skiplist struct and its 32-level header node.
  const fixed = sizes.alloc(16) + sizes.alloc(56) + sizes.alloc(32) + sizes.alloc(24 + 32 * 16);
  let seen = 0;
  let bytes = 0;
  for (let n = z.zsl.first(); n !== null && (samples <= 0 || seen < samples); n = n.n0) {
    bytes += sizes.alloc(24 + levelOf(n) * 16) + sizes.sds(n.member.length) + 24;
    seen++;
  }
  return ROBJ + fixed + sizes.alloc(buckets * 8) + (seen === 0 ? 0 : Math.round((bytes / seen) * len));
}
