// Plain sets as inputs of ZUNION/ZINTER/ZDIFF, where every member scores 1 (Redis's zui* iterator
// over a set). This reads the set encodings directly (intset, listpack, hashtable as a JS Set or
// Map), so that the sorted set commands work whatever the set type module exposes.
// TODO(#3): use the set type's own iteration API once it exists.

import { IntSet } from '../encoding/intset.ts';
import { Listpack } from '../encoding/listpack.ts';
import type { RObject } from './object.ts';

/** The members of a set object, each mapped to the score 1. */
export function setAsZsetInput(o: RObject): Map<string, number> {
  const out = new Map<string, number>();
  const v = o.value;
  if (v instanceof IntSet) {
    for (const x of v.toArray()) out.set(String(x), 1);
  } else if (v instanceof Listpack) {
    for (const m of v.toArray()) out.set(m, 1);
  } else if (v instanceof Set || v instanceof Map) {
    for (const m of v.keys()) out.set(String(m), 1);
  } else if (v !== null && typeof v === 'object' && Symbol.iterator in v) {
    for (const m of v as Iterable<unknown>) out.set(String(Array.isArray(m) ? m[0] : m), 1);
  }
  return out;
}
