// Plain sets as inputs of ZUNION/ZINTER/ZDIFF, where every member scores 1 (Redis's zui* iterator
// over a set), read through the set type's own API.

import type { RObject } from './object.ts';
import { setMembers } from './set.ts';

/** The members of a set object, each mapped to the score 1. */
export function setAsZsetInput(o: RObject): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of setMembers(o)) out.set(m, 1);
  return out;
}
