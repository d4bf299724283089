// Random picks from sets for SRANDMEMBER and SPOP with a count, following Redis 7.2's strategies
// (t_set.c) so that the encodings they leave behind are Redis's: the listpack paths sample in
// stored order with one pass, the others pick one random member at a time.

import { intsetRandom } from '../encoding/intset.ts';
import type { Listpack } from '../encoding/listpack.ts';
import type { DenseSet } from './dense.ts';
import type { RObject } from './object.ts';
import {
  createIntsetSet, createListpackSet, setAdd, setMembers, setPopRandom, setRandomMember, setRemove, setSize,
  type SetLimits,
} from './set.ts';

/** SPOP's switch to "build the remaining set" when fewer than count/5 members stay. */
const SPOP_MOVE_STRATEGY_MUL = 5;
/** SRANDMEMBER's switch to "copy, then remove" when count is over a third of the set. */
const SRANDMEMBER_SUB_STRATEGY_MUL = 3;

/**
 * Indexes 0 <= i < n chosen uniformly without replacement, `k` of them, ascending (selection
 * sampling, Knuth's algorithm S): what Redis's lpNextRandom walk produces.
 */
export function sampleIndexesInOrder(n: number, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n && k > 0; i++) {
    if (Math.random() * (n - i) < k) {
      out.push(i);
      k--;
    }
  }
  return out;
}

/** Members at the given ascending indexes of a listpack, with their offsets. */
function listpackAt(lp: Listpack, idx: number[]): { values: string[]; offsets: number[] } {
  const values: string[] = [];
  const offsets: number[] = [];
  let j = 0;
  let i = 0;
  for (let p = lp.first(); p >= 0 && j < idx.length; p = lp.next(p), i++) {
    if (i === idx[j]) {
      values.push(lp.get(p));
      offsets.push(p);
      j++;
    }
  }
  return { values, offsets };
}

/** Deletes entries at ascending offsets (from the last, so earlier offsets stay valid). */
function deleteOffsets(lp: Listpack, offsets: number[]): void {
  for (let i = offsets.length - 1; i >= 0; i--) lp.delete(offsets[i]!);
}

/**
 * Visits `count` members picked uniformly with replacement (SRANDMEMBER with a negative count).
 * The visitor returns false to stop early (the reply grew too large).
 */
export function setRandomMembers(o: RObject, count: number, visit: (m: string) => boolean): void {
  if (o.enc === 'hashtable') {
    const d = o.value as DenseSet;
    for (let i = 0; i < count; i++) if (!visit(d.random())) return;
    return;
  }
  if (o.enc === 'intset') {
    const is = o.value as string;
    for (let i = 0; i < count; i++) if (!visit(String(intsetRandom(is)!))) return;
    return;
  }
  const all = (o.value as Listpack).toArray();
  for (let i = 0; i < count; i++) if (!visit(all[Math.floor(Math.random() * all.length)]!)) return;
}

/** `count` distinct members, 0 < count < size (SRANDMEMBER with a positive count). */
export function setSampleUnique(o: RObject, count: number): string[] {
  const size = setSize(o);
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    return listpackAt(lp, sampleIndexesInOrder(size, count)).values;
  }
  if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
    // Copy everything, then remove random members until count are left.
    const all = setMembers(o);
    let n = all.length;
    while (n > count) {
      const i = Math.floor(Math.random() * n);
      all[i] = all[--n]!;
    }
    all.length = count;
    return all;
  }
  const picked = new Set<string>();
  while (picked.size < count) picked.add(setRandomMember(o));
  return [...picked];
}

/**
 * Removes `count` random members, 0 < count < size, and returns them in reply order (SPOP with a
 * count). When few members remain, Redis builds a new set from the survivors and stores it in
 * place of the old one: a listpack or intset again, even if the old set was a hashtable.
 */
export function setPopMany(o: RObject, count: number, lim: SetLimits): string[] {
  const size = setSize(o);
  const remaining = size - count;
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    if (o.enc === 'listpack') {
      const lp = o.value as Listpack;
      const { values, offsets } = listpackAt(lp, sampleIndexesInOrder(size, count));
      deleteOffsets(lp, offsets);
      return values;
    }
    const out = new Array<string>(count);
    for (let i = 0; i < count; i++) out[i] = setPopRandom(o);
    return out;
  }
  let next: RObject | null = null;
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    next = createListpackSet(o.lru);
    const { values, offsets } = listpackAt(lp, sampleIndexesInOrder(size, remaining));
    for (const m of values) setAdd(next, m, lim);
    deleteOffsets(lp, offsets);
  } else {
    const wasIntset = o.enc === 'intset';
    for (let i = 0; i < remaining; i++) {
      const m = setRandomMember(o);
      next ??= wasIntset ? createIntsetSet(o.lru) : createListpackSet(o.lru);
      setAdd(next, m, lim);
      setRemove(o, m);
    }
  }
  const popped = setMembers(o);
  o.value = next!.value;
  o.enc = next!.enc;
  return popped;
}
