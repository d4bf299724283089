// An HDR-style latency histogram in microseconds, laid out as HdrHistogram lays its counts out
// (log buckets of linear sub-buckets, `precision` significant digits, lowest trackable value 10 µs),
// so that percentiles, min, max and mean come out as redis-benchmark prints them.

export class Histogram {
  readonly #unitMagnitude: number;
  readonly #subBucketHalfCountMagnitude: number;
  readonly #subBucketHalfCount: number;
  readonly #subBucketMask: number;
  readonly #counts: Float64Array;
  readonly #highest: number;
  total = 0;
  #min = Number.MAX_SAFE_INTEGER;
  #max = 0;

  constructor(precision = 3, lowest = 10, highest = 3_000_000) {
    const subBucketCount = 2 ** Math.ceil(Math.log2(2 * 10 ** precision));
    this.#unitMagnitude = Math.floor(Math.log2(lowest));
    this.#subBucketHalfCountMagnitude = Math.log2(subBucketCount) - 1;
    this.#subBucketHalfCount = subBucketCount / 2;
    this.#subBucketMask = (subBucketCount - 1) * 2 ** this.#unitMagnitude;
    let smallestUntrackable = subBucketCount * 2 ** this.#unitMagnitude;
    let buckets = 1;
    while (smallestUntrackable <= highest) {
      smallestUntrackable *= 2;
      buckets++;
    }
    this.#counts = new Float64Array((buckets + 1) * this.#subBucketHalfCount);
    this.#highest = highest;
  }

  #bucketIndex(v: number): number {
    const pow2ceiling = 32 - Math.clz32(v | this.#subBucketMask);
    return pow2ceiling - this.#unitMagnitude - (this.#subBucketHalfCountMagnitude + 1);
  }

  #index(v: number): number {
    const b = this.#bucketIndex(v);
    const sub = v >>> (b + this.#unitMagnitude);
    return ((b + 1) << this.#subBucketHalfCountMagnitude) + (sub - this.#subBucketHalfCount);
  }

  /** The lowest value of the bucket at counts index i. */
  #valueAt(i: number): number {
    let b = (i >> this.#subBucketHalfCountMagnitude) - 1;
    let sub = (i & (this.#subBucketHalfCount - 1)) + this.#subBucketHalfCount;
    if (b < 0) {
      sub -= this.#subBucketHalfCount;
      b = 0;
    }
    return sub * 2 ** (b + this.#unitMagnitude);
  }

  #rangeSize(v: number): number {
    const b = this.#bucketIndex(v);
    const sub = v >>> (b + this.#unitMagnitude);
    const adjusted = sub >= this.#subBucketHalfCount * 2 ? b + 1 : b;
    return 2 ** (this.#unitMagnitude + adjusted);
  }

  lowestEquivalent(v: number): number {
    return this.#valueAt(this.#index(v));
  }

  highestEquivalent(v: number): number {
    return this.lowestEquivalent(v) + this.#rangeSize(v) - 1;
  }

  /** Records a latency in microseconds (clamped to the highest trackable value). */
  record(us: number, count = 1): void {
    let v = us < 0 ? 0 : Math.round(us);
    if (v > this.#highest) v = this.#highest;
    this.#counts[this.#index(v)]! += count;
    this.total += count;
    if (v < this.#min) this.#min = v;
    if (v > this.#max) this.#max = v;
  }

  reset(): void {
    this.#counts.fill(0);
    this.total = 0;
    this.#min = Number.MAX_SAFE_INTEGER;
    this.#max = 0;
  }

  merge(other: Histogram): void {
    const oc = other.#counts;
    for (let i = 0; i < oc.length; i++) if (oc[i] !== 0) this.#counts[i]! += oc[i]!;
    this.total += other.total;
    if (other.total > 0) {
      this.#min = Math.min(this.#min, other.#min);
      this.#max = Math.max(this.#max, other.#max);
    }
  }

  /** Counts as a plain array (for passing between worker threads). */
  toJSON(): { counts: number[]; min: number; max: number; total: number } {
    return { counts: Array.from(this.#counts), min: this.#min, max: this.#max, total: this.total };
  }

  static fromJSON(j: { counts: number[]; min: number; max: number; total: number }, precision = 3): Histogram {
    const h = new Histogram(precision);
    h.#counts.set(j.counts);
    h.#min = j.min;
    h.#max = j.max;
    h.total = j.total;
    return h;
  }

  min(): number {
    return this.total === 0 ? 0 : this.lowestEquivalent(this.#min);
  }

  max(): number {
    return this.total === 0 ? 0 : this.highestEquivalent(this.#max);
  }

  mean(): number {
    if (this.total === 0) return NaN;
    let sum = 0;
    const c = this.#counts;
    for (let i = 0; i < c.length; i++) {
      if (c[i] === 0) continue;
      const v = this.#valueAt(i);
      sum += c[i]! * (this.lowestEquivalent(v) + Math.floor(this.#rangeSize(v) / 2));
    }
    return sum / this.total;
  }

  /** The highest equivalent value below which `p` percent of the recorded values fall. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const want = Math.max(1, Math.floor((Math.min(p, 100) / 100) * this.total + 0.5));
    let seen = 0;
    const c = this.#counts;
    for (let i = 0; i < c.length; i++) {
      seen += c[i]!;
      if (seen >= want) return this.highestEquivalent(this.#valueAt(i));
    }
    return this.max();
  }

  /** HdrHistogram's percentile iteration (one tick per half distance): [percentile, value, cumulative]. */
  percentileSteps(): [number, number, number][] {
    const out: [number, number, number][] = [];
    if (this.total === 0) return out;
    const c = this.#counts;
    let target = 0;
    let cum = 0;
    let last = 0;
    for (let i = 0; i < c.length; i++) {
      if (c[i] === 0) continue;
      cum += c[i]!;
      last = this.highestEquivalent(this.#valueAt(i));
      while (target <= (100 * cum) / this.total && target < 100) {
        out.push([target, last, cum]);
        const halfDistance = 2 ** (Math.trunc(Math.log2(100 / (100 - target))) + 1);
        target += 100 / halfDistance;
        if (cum === this.total) break;
      }
      if (cum === this.total) break;
    }
    out.push([100, last, this.total]);
    return out;
  }

  /** Linear steps of 100 µs (1 ms past 2 ms): [percentile, value, cumulative]. */
  linearSteps(): [number, number, number][] {
    const out: [number, number, number][] = [];
    if (this.total === 0) return out;
    const c = this.#counts;
    let level = 100;
    let step = 100;
    let cum = 0;
    let i = 0;
    while (cum < this.total) {
      const top = this.highestEquivalent(level);
      while (i < c.length && this.#valueAt(i) <= top) cum += c[i++]!;
      out.push([(cum / this.total) * 100, top, cum]);
      if (top > 2000) step = 1000;
      level += step;
    }
    return out;
  }
}
