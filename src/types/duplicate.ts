// Deep copies of values for COPY. Strings are immutable JS strings (or numbers) and copy for free;
// each aggregate type registers its own duplicator here when it arrives, so this module never
// needs to know their payloads.

import { RObject, type ObjType } from './object.ts';

export type Duplicator = (o: RObject, lru: number) => RObject;

const duplicators = new Map<ObjType, Duplicator>([
  ['string', (o, lru) => new RObject('string', o.enc, o.value, lru)],
]);

/** Registers how to deep-copy values of a type (called once by the type's module). */
export function registerDuplicator(type: ObjType, fn: Duplicator): void {
  duplicators.set(type, fn);
}

/**
 * A deep copy of `o` with a fresh LRU clock, in the same encoding (as Redis's COPY), or null
 * when no duplicator is registered for its type.
 */
export function duplicateObject(o: RObject, lru: number): RObject | null {
  const fn = duplicators.get(o.type);
  return fn === undefined ? null : fn(o, lru);
}
