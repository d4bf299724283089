// Unit tests for the keyspace's Dict against a Map as the model: growth and shrinking with
// incremental rehashing, slot reuse, SCAN's guarantee while the table changes size, random keys.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xorshift as rng } from '../util/xorshift.ts';
import { Dict, hashKey } from './dict.ts';


function entries<V>(d: Dict<V>): Map<string, V> {
  const out = new Map<string, V>();
  d.forEach((v, k) => {
    assert.equal(out.has(k), false, `forEach visits ${k} once`);
    out.set(k, v);
  });
  return out;
}

/** Every key a full scan from cursor 0 visits, with how many times. */
function scanAll<V>(d: Dict<V>, between?: () => void): Map<string, number> {
  const seen = new Map<string, number>();
  let cur = 0;
  do {
    cur = d.scan(cur, (k) => seen.set(k, (seen.get(k) ?? 0) + 1));
    between?.();
  } while (cur !== 0);
  return seen;
}

describe('Dict', () => {
  it('agrees with a Map through random inserts, swaps, updates and deletes while growing and shrinking', () => {
    const rand = rng(12345);
    const d = new Dict<number>();
    const m = new Map<string, number>();
    let rehashes = 0;
    let maxBuckets = 0;
    for (let step = 0; step < 90000; step++) {
      // Grow for the first half, then shrink: the table expands and later contracts.
      const p = rand();
      const growing = step < 30000;
      const key = `k${Math.floor(rand() * 20000)}`;
      if (p < (growing ? 0.35 : 0.025)) {
        d.set(key, step);
        m.set(key, step);
      } else if (p < (growing ? 0.7 : 0.05)) {
        // swap: set that returns what it replaced (undefined for a new key).
        assert.equal(d.swap(key, step), m.get(key), `swap ${key}`);
        m.set(key, step);
      } else if (p < (growing ? 0.85 : 0.95)) {
        // delete, or take: delete that returns the value it removed.
        if ((step & 1) === 0) assert.equal(d.delete(key), m.delete(key), `delete ${key}`);
        else {
          assert.equal(d.take(key), m.get(key), `take ${key}`);
          m.delete(key);
        }
      } else {
        assert.equal(d.get(key), m.get(key), `get ${key}`);
        assert.equal(d.has(key), m.has(key));
      }
      if (d.rehashing) rehashes++;
      maxBuckets = Math.max(maxBuckets, d.buckets[0]);
      assert.equal(d.size, m.size);
    }
    assert.ok(rehashes > 0, 'some operations ran while rehashing');
    assert.ok(maxBuckets >= 8192, `grew to ${maxBuckets} buckets`);
    while (d.rehashing) d.rehashMilliseconds(10);
    assert.ok(d.buckets[0] < maxBuckets, 'shrank again');
    assert.deepEqual(entries(d), m);
    for (const [k, v] of m) assert.equal(d.get(k), v);
  });

  it('reuses deleted slots: replacing keys does not grow the entry storage', () => {
    const d = new Dict<number>();
    for (let i = 0; i < 10000; i++) d.set(`key:${i}`, i);
    const allocated = d.allocated;
    for (let i = 0; i < 100000; i++) {
      assert.equal(d.delete(`key:${i}`), true);
      d.set(`key:${i + 10000}`, i);
    }
    assert.equal(d.size, 10000);
    assert.equal(d.allocated, allocated);
    assert.equal(d.get('key:109999'), 99999);
    assert.equal(d.get('key:0'), undefined);
  });

  it('rehashes in steps: both tables answer lookups until the move completes', () => {
    const d = new Dict<string>();
    for (let i = 0; i < 1024; i++) d.set(`a${i}`, `v${i}`);
    // The 1025th key needs a larger table; entries then move a few buckets per operation.
    d.set('last', 'x');
    assert.equal(d.rehashing, true);
    assert.deepEqual(d.buckets, [1024, 2048]);
    for (let i = 0; i < 1024; i += 97) assert.equal(d.get(`a${i}`), `v${i}`);
    assert.equal(d.rehashing, true, 'a few lookups moved only a few buckets');
    assert.equal(d.rehashMilliseconds(1000), true);
    assert.equal(d.rehashing, false);
    assert.deepEqual(d.buckets, [2048, 0]);
    assert.equal(d.rehashMilliseconds(1), false, 'nothing left to do');
    assert.equal(entries(d).size, 1025);
  });

  it('scan visits every key present throughout, while the table grows and while it shrinks', () => {
    for (const seed of [1, 2, 3]) {
      const rand = rng(seed);
      const d = new Dict<number>();
      for (let i = 0; i < 3000; i++) d.set(`stay${i}`, i);
      let n = 0;
      // Growing: many inserts between calls, across several expansions (bounded: a table that
      // keeps doubling faster than the cursor advances is never walked to the end).
      const grown = scanAll(d, () => {
        for (let j = 0; j < 200 && n < 30000; j++) d.set(`new${n++}`, j);
      });
      assert.ok(n > 6000, `${n} inserted during the scan`);
      for (let i = 0; i < 3000; i++) assert.ok(grown.has(`stay${i}`), `growing, seed ${seed}: stay${i}`);
      // Shrinking: delete the others between calls.
      const others: string[] = [];
      d.forEach((_v, k) => {
        if (k.startsWith('new')) others.push(k);
      });
      const shrunk = scanAll(d, () => {
        for (let j = 0; j < 400 && others.length > 0; j++) {
          const at = Math.floor(rand() * others.length);
          d.delete(others[at]!);
          others[at] = others[others.length - 1]!;
          others.pop();
        }
      });
      for (let i = 0; i < 3000; i++) assert.ok(shrunk.has(`stay${i}`), `shrinking, seed ${seed}: stay${i}`);
    }
  });

  it('scan of a table that does not change visits each key exactly once and ends at 0', () => {
    const d = new Dict<number>();
    for (let i = 0; i < 5000; i++) d.set(`x${i}`, i);
    while (d.rehashing) d.rehashMilliseconds(10);
    const seen = scanAll(d);
    assert.equal(seen.size, 5000);
    for (const c of seen.values()) assert.equal(c, 1);
    assert.equal(new Dict<number>().scan(0, () => assert.fail('empty')), 0);
    // A cursor with every bit set names the last bucket and ends the walk.
    assert.equal(d.scan(0xffffffff, () => {}), 0);
  });

  it('randomKey returns every key of a small dict, and undefined when empty', () => {
    const d = new Dict<number>();
    assert.equal(d.randomKey(), undefined);
    for (let i = 0; i < 20; i++) d.set(`r${i}`, i);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(d.randomKey()!);
    assert.equal(seen.size, 20);
    // While rehashing too.
    for (let i = 20; i < 33; i++) d.set(`r${i}`, i);
    assert.equal(d.rehashing, true);
    for (let i = 0; i < 100; i++) assert.ok(d.has(d.randomKey()!));
  });

  it('keys are bytes: every latin1 char counts and the empty key is a key', () => {
    const d = new Dict<number>();
    for (let c = 0; c < 256; c++) d.set(String.fromCharCode(c), c);
    d.set('', -1);
    d.set('\x00\x00', -2);
    assert.equal(d.size, 258);
    assert.equal(d.get('\x00'), 0);
    assert.equal(d.get('\xff'), 255);
    assert.equal(d.get(''), -1);
    assert.equal(d.get('\x00\x00'), -2);
    assert.notEqual(hashKey('ab', 7), hashKey('ba', 7));
    assert.equal(hashKey('key:1', 7), hashKey('key:1', 7));
  });

  it('spreads sequential keys evenly over the buckets', () => {
    const buckets = new Int32Array(1 << 16);
    // A fixed seed, so the figures below are the same in every run.
    for (let i = 0; i < 1 << 16; i++) buckets[hashKey(`key:${String(i).padStart(12, '0')}`, 0x9747b28c) & 0xffff]!++;
    let longest = 0;
    let empty = 0;
    for (const b of buckets) {
      longest = Math.max(longest, b);
      if (b === 0) empty++;
    }
    // A uniform hash leaves ~1/e of the buckets empty and no chain much longer than 8.
    assert.ok(empty > 0.33 * buckets.length && empty < 0.41 * buckets.length, `${empty} empty`);
    assert.ok(longest <= 10, `longest chain ${longest}`);
  });
});
