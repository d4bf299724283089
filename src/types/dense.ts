// The `hashtable` encoding of sets and hashes: a Map from member (or field) to its slot in dense
// arrays. Redis's dict gives O(1) random elements by sampling buckets; a JS Map or Set has no such
// access, and SPOP, SRANDMEMBER and HRANDFIELD need it. Keeping members in a dense array with
// swap-remove (the last element moves into the freed slot, and its Map value is updated) makes a
// uniform random pick one array read, at the cost of one array slot per element.
//
// Memory, measured on Node 24 (x64, 100k members, heapUsed after GC, strings not counted since
// the Map key and the array slot share one string): DenseSet 46 bytes per member against 26 for
// a plain Set; DenseHash 55 bytes per field against 37 for a Map<string, string>, and 77 for a
// Map<string, {value, index}> (one JS object per element, which this layout avoids). The ~20
// bytes per element buy O(1) uniform random picks; Redis's dict entry plus bucket is ~32 bytes.
//
// Map.set on an existing key keeps its place in the Map's iteration order, so updating a moved
// member's slot never disturbs a SCAN walk over `index` (see store/scan.ts): the walk visits the
// Map, and the arrays are only a side index. Owned by the executor thread.

export class DenseSet {
  /** member -> slot in `members`. Walked by SSCAN. */
  readonly index = new Map<string, number>();
  readonly members: string[] = [];

  get size(): number {
    return this.members.length;
  }

  has(m: string): boolean {
    return this.index.has(m);
  }

  /** Adds m; false when it was already a member. */
  add(m: string): boolean {
    const idx = this.index;
    if (idx.has(m)) return false;
    idx.set(m, this.members.length);
    this.members.push(m);
    return true;
  }

  /** Removes m; false when it was not a member. */
  delete(m: string): boolean {
    const i = this.index.get(m);
    if (i === undefined) return false;
    this.#removeAt(i, m);
    return true;
  }

  /** A uniformly chosen member (the set must not be empty). */
  random(): string {
    return this.members[Math.floor(Math.random() * this.members.length)]!;
  }

  /** Removes and returns a uniformly chosen member (the set must not be empty). */
  popRandom(): string {
    const i = Math.floor(Math.random() * this.members.length);
    const m = this.members[i]!;
    this.#removeAt(i, m);
    return m;
  }

  clone(): DenseSet {
    const d = new DenseSet();
    for (const m of this.members) d.add(m);
    return d;
  }

  #removeAt(i: number, m: string): void {
    const members = this.members;
    const last = members.pop()!;
    this.index.delete(m);
    if (i < members.length) {
      members[i] = last;
      this.index.set(last, i);
    }
  }
}

/** Field -> value pairs with the same layout: `fields` and `values` are parallel arrays. */
export class DenseHash {
  /** field -> slot in `fields`/`values`. Walked by HSCAN. */
  readonly index = new Map<string, number>();
  readonly fields: string[] = [];
  readonly values: string[] = [];

  get size(): number {
    return this.fields.length;
  }

  get(f: string): string | undefined {
    const i = this.index.get(f);
    return i === undefined ? undefined : this.values[i];
  }

  has(f: string): boolean {
    return this.index.has(f);
  }

  /** Sets f to v; true when f already existed (an update). */
  set(f: string, v: string): boolean {
    const i = this.index.get(f);
    if (i !== undefined) {
      this.values[i] = v;
      return true;
    }
    this.index.set(f, this.fields.length);
    this.fields.push(f);
    this.values.push(v);
    return false;
  }

  /** Removes f; false when absent. */
  delete(f: string): boolean {
    const i = this.index.get(f);
    if (i === undefined) return false;
    const fields = this.fields;
    const values = this.values;
    const lastF = fields.pop()!;
    const lastV = values.pop()!;
    this.index.delete(f);
    if (i < fields.length) {
      fields[i] = lastF;
      values[i] = lastV;
      this.index.set(lastF, i);
    }
    return true;
  }

  /** The slot of a uniformly chosen field (the hash must not be empty). */
  randomSlot(): number {
    return Math.floor(Math.random() * this.fields.length);
  }

  clone(): DenseHash {
    const d = new DenseHash();
    const n = this.fields.length;
    for (let i = 0; i < n; i++) d.set(this.fields[i]!, this.values[i]!);
    return d;
  }
}
