// Idle-time major garbage collection. V8 starts a major GC's marking only when the mutator's own
// allocation finds the old generation past its limit; a keyspace grows by promotion instead (every
// stored value is allocated young and copied to old space by a scavenge), which never checks that
// limit. So after a bulk load the heap sits far past it, and the first old-space allocation of the
// next burst starts marking with the limit already overshot by hundreds of MB: V8 then finalizes at
// once and marks nearly the whole heap in one pause (0.1-0.4 s at 5M keys, bench/stall.ts). V8
// leaves idle-time collection to its embedder (Chrome calls it between frames; Node does not), so
// the server does it: once no command has run for a second and the heap has grown well past what
// the last major GC left, one full collection runs while nobody waits, and the limit V8 computes
// from it gives the next burst room. A heap that has not grown much is left alone, so small
// datasets never see it. An embedding application shares the heap: the pause it may see is the
// one V8 owed it anyway, moved to a moment the server is idle. Several servers in one process
// each watch V8's major GCs, so one collection satisfies all of them. Owned by the executor
// thread; the cron calls tick().

import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

/** How long no command must have run before the server counts as idle. */
export const IDLE_MS = 1000;
/** Growth since the last major GC that makes an idle collection worth its pause: this many bytes... */
export const MIN_GROWTH_BYTES = 64 * 1024 * 1024;
/** ...and at least this fraction of what the last major GC left. */
export const MIN_GROWTH_RATIO = 0.5;

export interface IdleGcHooks {
  /** Bytes the V8 heap holds now. */
  heapUsed(): number;
  /** Runs a full collection; false when none could run. */
  collect(): boolean;
}

export class IdleGc {
  readonly #hooks: IdleGcHooks;
  /** Heap bytes after the last major GC (ours or V8's). */
  #baseline: number;
  #lastCommands = -1;
  #lastActive = 0;
  /** Collections this idle-time policy ran (the tests read it). */
  runs = 0;

  constructor(hooks: IdleGcHooks) {
    this.#hooks = hooks;
    this.#baseline = hooks.heapUsed();
  }

  /** A major GC happened (V8's own): what it left is the new baseline. */
  noteMajorGc(): void {
    this.#baseline = this.#hooks.heapUsed();
  }

  /**
   * Called from the cron with a monotonic time (ms) and the command counter; returns the bytes
   * freed when it ran a collection, or -1 when it did not.
   */
  tick(nowMs: number, commands: number): number {
    if (commands !== this.#lastCommands) {
      this.#lastCommands = commands;
      this.#lastActive = nowMs;
      return -1;
    }
    if (nowMs - this.#lastActive < IDLE_MS) return -1;
    const used = this.#hooks.heapUsed();
    const growth = used - this.#baseline;
    if (growth < MIN_GROWTH_BYTES || growth < this.#baseline * MIN_GROWTH_RATIO) return -1;
    if (!this.#hooks.collect()) {
      this.#baseline = used; // no collector: do not ask again for this growth
      return -1;
    }
    this.runs++;
    this.#baseline = this.#hooks.heapUsed();
    return used - this.#baseline;
  }
}

/** The server's hooks: V8's heap statistics and the given full collection. */
export function v8Hooks(collect: () => boolean): IdleGcHooks {
  return { heapUsed: () => getHeapStatistics().used_heap_size, collect };
}

/** Tells `gc` about every major collection V8 runs; returns the function that stops it. */
export function watchMajorGcs(gc: IdleGc): () => void {
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } | null }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gc.noteMajorGc();
        return;
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}
