import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lzfDecompress } from './lzf.ts';
import { Quicklist } from './quicklist.ts';
import { quicklistBulkRange, quicklistPushMany } from './quicklist-bulk.ts';
import { nodeExceedsLimit } from './quicklist-node.ts';
import type { QNode } from './quicklist-node.ts';

const SEED = 20261122;

function nodes(ql: Quicklist): QNode[] {
  const out: QNode[] = [];
  for (let n = ql.head; n !== null; n = n.next) out.push(n);
  return out;
}

/** Counts agree, no node is over its limit, none is left decompressed for use. */
function check(ql: Quicklist): void {
  const ns = nodes(ql);
  assert.equal(ns.length, ql.nodeCount);
  assert.equal(ns.reduce((a, n) => a + n.count, 0), ql.count);
  for (const n of ns) {
    assert.equal(n.recompress, false);
    if (!n.isPlain && !n.isCompressed) assert.equal(n.list.bytes, n.sz);
    if (!n.isPlain && n.count > 1) assert.ok(!nodeExceedsLimit(ql.fill, n.sz, n.count));
  }
}

describe('quicklist bulk push and range', () => {
  /** Node by node: kind, count and the raw listpack bytes (decompressed). */
  function layout(ql: Quicklist): string[] {
    return nodes(ql).map((n) => {
      if (n.isPlain) return 'plain:' + n.plain!;
      const raw = n.isCompressed ? lzfDecompress(n.lzf!, n.sz)!.latin1Slice(0, n.sz) : n.list.raw;
      return `${n.count}:${raw}`;
    });
  }
  const valueArb = fc.oneof(
    fc.string({ unit: 'binary-ascii', maxLength: 12 }),
    fc.integer({ min: -70000, max: 70000 }).map(String),
    fc.nat({ max: 900 }).map((n) => 'v'.repeat(n)),
  );

  it('pushMany places values exactly as one push each', () => {
    fc.assert(fc.property(
      fc.constantFrom(-2, -1, 1, 2, 5, 100), fc.constantFrom(0, 1, 2), fc.array(fc.tuple(fc.boolean(), fc.array(valueArb, { maxLength: 40 })), { maxLength: 12 }),
      (fill, depth, batches) => {
        const a = new Quicklist(fill, depth, 800);
        const b = new Quicklist(fill, depth, 800);
        for (const [head, values] of batches) {
          quicklistPushMany(a, values, 0, values.length, head);
          for (const v of values) b.push(v, head);
          check(a);
        }
        assert.deepEqual(layout(a), layout(b));
        assert.equal(a.count, b.count);
      }), { seed: SEED, numRuns: 150 });
  });

  it('bulkRange hands out the same elements as the iterator, both ways, and recompresses', () => {
    fc.assert(fc.property(fc.constantFrom(-1, 3, 7), fc.array(valueArb, { minLength: 1, maxLength: 120 }), fc.nat(), fc.nat(), fc.boolean(),
      (fill, values, s0, n0, forward) => {
        const ql = new Quicklist(fill, 1, 800);
        quicklistPushMany(ql, values, 0, values.length, false);
        const start = s0 % values.length;
        const n = 1 + (n0 % values.length);
        const got: string[] = [];
        quicklistBulkRange(ql, start, n, forward, { bulk: (s) => got.push(s), bulkSlice: (s, a, b) => got.push(s.slice(a, b)) });
        const want = forward ? values.slice(start, start + n) : values.slice(Math.max(0, start - n + 1), start + 1).reverse();
        assert.deepEqual(got, want);
        check(ql);
      }), { seed: SEED + 1, numRuns: 150 });
  });
});

describe('quicklist deferred end pushes and pops', () => {
  const opArb = fc.oneof(
    fc.record({ t: fc.constant('push' as const), head: fc.boolean(), v: fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 10 }), fc.integer({ min: -99999, max: 99999 }).map(String), fc.nat({ max: 600 }).map((n) => 'w'.repeat(n))) }),
    fc.record({ t: fc.constant('pop' as const), head: fc.boolean() }),
    fc.record({ t: fc.constant('read' as const), i: fc.integer({ min: -50, max: 50 }) }),
  );

  it('agree with an array model over long unobserved runs, and sz stays exact', () => {
    fc.assert(fc.property(fc.constantFrom(-2, -1, 4, 50), fc.constantFrom(0, 1), fc.array(opArb, { maxLength: 400 }), (fill, depth, ops) => {
      const ql = new Quicklist(fill, depth, 500);
      const model: string[] = [];
      for (const op of ops) {
        if (op.t === 'push') {
          ql.push(op.v, op.head);
          if (op.head) model.unshift(op.v);
          else model.push(op.v);
        } else if (op.t === 'pop') {
          const got = op.head ? ql.popHead() : ql.popTail();
          const want = (op.head ? model.shift() : model.pop()) ?? null;
          assert.equal(got, want);
        } else if (op.i % 7 === 0) { // now and then an observer, which applies what was deferred
          assert.equal(ql.index(op.i), model.at(op.i) ?? null);
        }
        assert.equal(ql.count, model.length);
      }
      const got: string[] = [];
      quicklistBulkRange(ql, 0, model.length, true, { bulk: (s) => got.push(s), bulkSlice: (s, a, b) => got.push(s.slice(a, b)) });
      assert.deepEqual(got, model);
      check(ql);
    }), { seed: SEED + 2, numRuns: 150 });
  });

  it('long unobserved runs on full nodes (hundreds deferred at once) apply exactly', () => {
    const ql = new Quicklist(-2, 0);
    const model: string[] = [];
    for (let i = 0; i < 20000; i++) {
      // Strings, integers of every width, and now and then a pop, at both ends.
      const v = i % 3 === 0 ? `v${i}` : i % 3 === 1 ? String(i * 7919 - 70000) : String(i * 104729);
      const head = i % 5 < 2;
      ql.push(v, head);
      if (head) model.unshift(v);
      else model.push(v);
      if (i % 11 === 0) assert.equal(ql.popTail(), model.pop() ?? null);
      if (i % 13 === 0) assert.equal(ql.popHead(), model.shift() ?? null);
    }
    assert.equal(ql.count, model.length);
    const got: string[] = [];
    quicklistBulkRange(ql, 0, model.length, true, { bulk: (s) => got.push(s), bulkSlice: (s, a, b) => got.push(s.slice(a, b)) });
    assert.deepEqual(got, model);
    check(ql);
  });
});
