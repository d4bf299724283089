// Per-command latency histograms (latency-tracking): the same log-linear bucket layout as the HDR
// histogram Redis 7.2 uses (values in nanoseconds from 1 ns to 1 s, two significant digits: 256
// exact buckets, then 128 buckets per power of two), so that percentiles and LATENCY HISTOGRAM's
// bucket bounds come out as Redis reports them. Recording is an index computation and an
// increment. Owned by the executor thread.

import type { CommandStats } from '../commands/command.ts';

const MIN_NS = 1;
const MAX_NS = 1_000_000_000;
/** Sub-buckets per power of two above the first 256 values. */
const HALF = 128;
/** Index of MAX_NS (2^29 ≤ 1e9 < 2^30: bucket 22, last sub-bucket) + 1. */
const SLOTS = 24 * HALF;

export class LatencyHistogram {
  readonly counts = new Float64Array(SLOTS);
  total = 0;

  /** Records a duration in nanoseconds, clamped to [1 ns, 1 s] as Redis does. */
  record(ns: number): void {
    let v = ns < MIN_NS ? MIN_NS : ns > MAX_NS ? MAX_NS : Math.floor(ns);
    if (v < 2 * HALF) {
      this.counts[v]!++;
    } else {
      const bucket = 31 - Math.clz32(v) - 7;
      v = v >>> bucket; // 128..255
      this.counts[(bucket + 1) * HALF + v - HALF]!++;
    }
    this.total++;
  }

  /** The value at percentile p (0..100): the top of its bucket, as hdr_value_at_percentile. */
  valueAtPercentile(p: number): number {
    const want = Math.max(1, Math.floor((Math.min(p, 100) / 100) * this.total + 0.5));
    let acc = 0;
    for (let i = 0; i < SLOTS; i++) {
      acc += this.counts[i]!;
      if (acc >= want) return p === 0 ? lowestAt(i) : highestAt(i);
    }
    return 0;
  }

  /**
   * Cumulative counts at the powers of two from 1024 ns, in microseconds, as Redis's LATENCY
   * HISTOGRAM reports them (hdr log iterator, base 2): [usec, cumulative count] where it grew.
   */
  cumulativeBuckets(): [number, number][] {
    const out: [number, number][] = [];
    let acc = 0;
    let prev = 0;
    let i = 0;
    // Like hdr's iterator, stop at the last level inside the counts (2^29 ns): slower calls count
    // in `calls` but in no bucket.
    for (let level = 1024; level < 2 ** 30; level *= 2) {
      const idx = indexOf(level);
      for (; i <= idx; i++) acc += this.counts[i]!;
      if (acc > prev) out.push([Math.floor(highestAt(idx) / 1000), acc]);
      prev = acc;
      if (acc >= this.total) break;
    }
    return out;
  }
}

function indexOf(v: number): number {
  if (v < 2 * HALF) return v;
  const bucket = 31 - Math.clz32(v) - 7;
  return (bucket + 1) * HALF + (v >>> bucket) - HALF;
}

function lowestAt(i: number): number {
  if (i < 2 * HALF) return i;
  const bucket = Math.floor(i / HALF) - 1;
  return ((i % HALF) + HALF) * 2 ** bucket;
}

function highestAt(i: number): number {
  if (i < 2 * HALF) return i;
  const bucket = Math.floor(i / HALF) - 1;
  return lowestAt(i) + 2 ** bucket - 1;
}

/** Records one call; `usec` is the call's duration. Redis records whole microseconds, in ns. */
export function recordCommandLatency(st: CommandStats, usec: number): void {
  let h = st.hist;
  // CONFIG RESETSTAT zeroes the stats in place: a first call since then starts a new histogram.
  if (h === null || st.calls === 1) {
    h = new LatencyHistogram();
    st.hist = h;
  }
  h.record(Math.floor(usec) * 1000);
}

/** The command's histogram, or undefined when it has no calls recorded (since CONFIG RESETSTAT). */
export function commandHistogram(st: CommandStats): LatencyHistogram | undefined {
  if (st.calls === 0) return undefined;
  return st.hist ?? undefined;
}
