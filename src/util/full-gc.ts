// A full garbage collection on demand, for MEMORY PURGE: the nearest thing V8 has to Redis asking
// jemalloc to return dirty pages. The collector's `gc` function is taken once, without exposing a
// global: the flag is switched on only while a fresh context is created to read it from.
// Owned by the executor thread.

import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | null | undefined;

/** Runs a full, synchronous collection; false when V8 would not hand out its gc function. */
export function fullGc(): boolean {
  if (collect === undefined) {
    collect = null;
    try {
      v8.setFlagsFromString('--expose-gc');
      const f: unknown = vm.runInNewContext('typeof gc === "function" ? gc : null');
      if (typeof f === 'function') collect = f as () => void;
    } catch {
      // left null: MEMORY PURGE then only replies OK, as it did before
    } finally {
      v8.setFlagsFromString('--no-expose-gc');
    }
  }
  if (collect === null) return false;
  collect();
  return true;
}
