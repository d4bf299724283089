// Intersection, union and difference of sets, built the way Redis 7.2 builds them (t_set.c), so
// that replies come in Redis's order and STORE results get Redis's encodings: the union/diff
// result starts as an empty intset and converts as members arrive; an intersection stored starts
// as an intset when the smallest input is one, else as a listpack, and ends as an intset when
// every member is an integer.

import { parseIntsetValue } from '../encoding/intset.ts';
import type { RObject } from './object.ts';
import {
  createIntsetSet, createListpackSet, setAdd, setHas, setMaybeToIntset, setMembers, setRemove, setSize,
  type SetLimits,
} from './set.ts';

/** Inputs ordered by ascending size (stable, as glibc's merge-sorting qsort). */
function bySize(sets: RObject[]): RObject[] {
  return sets.slice().sort((a, b) => setSize(a) - setSize(b));
}

/**
 * Visits the members common to every set, in the iteration order of the smallest; the visitor
 * returns false to stop (SINTERCARD's LIMIT).
 */
export function setInter(sets: RObject[], visit: (m: string) => boolean): void {
  const sorted = bySize(sets);
  const first = sorted[0]!;
  for (const m of setMembers(first)) {
    let j = 1;
    for (; j < sorted.length; j++) {
      const s = sorted[j]!;
      if (s !== first && !setHas(s, m)) break;
    }
    if (j === sorted.length && !visit(m)) return;
  }
}

/** The intersection as a new set object for SINTERSTORE (possibly empty). */
export function setInterStore(sets: RObject[], lim: SetLimits, lru: number): RObject {
  const smallest = bySize(sets)[0]!;
  const dst = smallest.enc === 'intset' ? createIntsetSet(lru) : createListpackSet(lru);
  let onlyIntegers = true;
  setInter(sets, (m) => {
    if (onlyIntegers && parseIntsetValue(m) === null) onlyIntegers = false;
    setAdd(dst, m, lim);
    return true;
  });
  if (onlyIntegers && setSize(dst) > 0) setMaybeToIntset(dst, lim);
  return dst;
}

/**
 * SUNION/SDIFF and their STORE forms: the result as a new set object (possibly empty). Missing
 * keys are null and count as empty sets. For a difference Redis picks between testing each member
 * of the first set against the others (sorted by decreasing size) and copying the first set then
 * removing the others' members, whichever looks cheaper; the choice shows in the reply order.
 */
export function setUnionDiff(sets: (RObject | null)[], op: 'union' | 'diff', lim: SetLimits, lru: number): RObject {
  const dst = createIntsetSet(lru);
  const first = sets[0] ?? null;
  let sameSet = false;
  for (let j = 1; j < sets.length; j++) if (first !== null && sets[j] === first) sameSet = true;
  if (op === 'union') {
    for (const s of sets) {
      if (s === null) continue;
      for (const m of setMembers(s)) setAdd(dst, m, lim);
    }
    return dst;
  }
  if (first === null || sameSet) return dst;
  let one = 0;
  let two = 0;
  for (const s of sets) {
    if (s === null) continue;
    one += setSize(first);
    two += setSize(s);
  }
  one = Math.floor(one / 2);
  if (one <= two) {
    const others = sets.slice(1).sort((a, b) => (b === null ? 0 : setSize(b)) - (a === null ? 0 : setSize(a)));
    for (const m of setMembers(first)) {
      let found = false;
      for (const s of others) {
        if (s !== null && setHas(s, m)) {
          found = true;
          break;
        }
      }
      if (!found) setAdd(dst, m, lim);
    }
    return dst;
  }
  let card = 0;
  for (let j = 0; j < sets.length; j++) {
    const s = sets[j];
    if (s === null || s === undefined) continue;
    for (const m of setMembers(s)) {
      if (j === 0) card += setAdd(dst, m, lim) ? 1 : 0;
      else card -= setRemove(dst, m) ? 1 : 0;
    }
    if (card === 0) break;
  }
  return dst;
}
