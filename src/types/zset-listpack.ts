// The listpack form of a sorted set (Redis's zzl* functions): entries alternate member, score,
// pairs kept in (score, member bytes) order. A score is stored as Redis 7.2's zzlInsertAt stores
// it: the d2string text, which the listpack turns into an integer entry when it is one; reading it
// back gives the same double. Only the type layer (zset*.ts) uses this module.

import type { Listpack, LpValue } from '../encoding/listpack.ts';
import { formatDouble } from '../util/numbers.ts';

/**
 * The listpack value of a score: integral scores as integers (zzlInsertAt's double2ll path, which
 * also turns -0 into 0), others as d2string text.
 */
export function lpScoreValue(score: number): string | number {
  return Number.isSafeInteger(score) ? (score === 0 ? 0 : score) : formatDouble(score);
}

/** The score stored at offset p. */
export function lpScoreAt(lp: Listpack, p: number): number {
  if (lp.isInt(p)) return lp.getInt(p);
  const s = lp.get(p);
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  return Number(s);
}

/** Offset of `member`'s entry (its score follows it), or -1. */
export function lpFindMember(lp: Listpack, member: string): number {
  const f = lp.first();
  return f < 0 ? -1 : lp.find(f, member, 1);
}

/** The member and score of one insert, reused: the pair goes into the listpack in one write. */
const pair: LpValue[] = ['', 0];

/** Inserts a member known to be absent at its place in score order (zzlInsert). */
export function lpInsertSorted(lp: Listpack, member: string, score: number): void {
  pair[0] = member;
  pair[1] = lpScoreValue(score);
  let at = -1;
  for (let p = lp.first(); p >= 0;) {
    const sp = lp.next(p);
    const s = lpScoreAt(lp, sp);
    if (s > score || (s === score && lp.get(p) > member)) {
      at = p;
      break;
    }
    p = lp.next(sp);
  }
  if (at < 0) lp.appendMany(pair);
  else lp.insertMany(at, pair, 0, 2, false);
  pair[0] = '';
}

/** Deletes the pair whose member entry is at p. */
export function lpDeletePair(lp: Listpack, p: number): void {
  lp.deleteRangeAt(p, 2);
}

/** Offset of the member entry of pair `rank` (0-based), or -1. */
export function lpSeekPair(lp: Listpack, rank: number): number {
  return lp.seek(rank * 2);
}

/** The member entry before the one at p (walking pairs backwards), or -1. */
export function lpPrevPair(lp: Listpack, p: number): number {
  const sp = lp.prev(p);
  return sp < 0 ? -1 : lp.prev(sp);
}

/** The member entry after the one at p, or -1. */
export function lpNextPair(lp: Listpack, p: number): number {
  const sp = lp.next(p);
  return sp < 0 ? -1 : lp.next(sp);
}

/** The member entry of the last pair, or -1. */
export function lpLastPair(lp: Listpack): number {
  const l = lp.last();
  return l < 0 ? -1 : lp.prev(l);
}
