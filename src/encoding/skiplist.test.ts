import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LEX_MAX, LEX_MIN, ZSkiplist, levelOf, lexCompare } from './skiplist.ts';
import type { ZLexRangeSpec, ZNode, ZRangeSpec } from './skiplist.ts';
import { xorshift as rng } from '../util/xorshift.ts';

const SEED = 20261121;


interface Item { score: number; member: string }

function order(a: Item, b: Item): number {
  if (a.score !== b.score) return a.score < b.score ? -1 : 1;
  return a.member === b.member ? 0 : a.member < b.member ? -1 : 1;
}

function items(zsl: ZSkiplist): Item[] {
  const out: Item[] = [];
  for (let n = zsl.first(); n !== null; n = n.n0) out.push({ score: n.score, member: n.member });
  return out;
}

/**
 * Checks links, back links, tail, length, that every level's spans add up to ranks, and that each
 * node is linked on exactly levelOf(node) levels.
 */
function checkStructure(zsl: ZSkiplist): void {
  const ranks = new Map<ZNode, number>();
  const linkedOn = new Map<ZNode, number>();
  let r = 0;
  let prev: ZNode | null = null;
  for (let n = zsl.first(); n !== null; n = n.n0) {
    ranks.set(n, ++r);
    assert.equal(n.backward, prev);
    prev = n;
  }
  assert.equal(zsl.tail, prev);
  assert.equal(zsl.length, r);
  for (let i = 0; i < zsl.level; i++) {
    let x: ZNode = zsl.header;
    let rank = 0;
    for (;;) {
      const f = i === 0 ? x.n0 : (x.up[2 * i - 2] as ZNode | null);
      if (f === null) break;
      rank += i === 0 ? x.s0 : (x.up[2 * i - 1] as number);
      assert.equal(rank, ranks.get(f), `span at level ${i}`);
      linkedOn.set(f, (linkedOn.get(f) ?? 0) + 1);
      x = f;
    }
  }
  for (let i = Math.max(zsl.level, 1); i < 32; i++) assert.equal(zsl.header.up[2 * i - 2] ?? null, null);
  for (const [n, levels] of linkedOn) assert.equal(levels, levelOf(n), 'levels a node is linked on');
}

const member = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\u0000', '\u00ff', 'z'), maxLength: 3 });
const score = fc.oneof(
  fc.constantFrom(0, 1, 1, 2, -1, Infinity, -Infinity, 0.5),
  fc.integer({ min: -5, max: 5 }),
);

describe('skiplist', () => {
  it('orders by score, then member bytes; ranks are 1-based', () => {
    const zsl = new ZSkiplist(rng(1));
    zsl.insert(1, 'b');
    zsl.insert(1, 'a');
    zsl.insert(-Infinity, 'z');
    zsl.insert(Infinity, 'm');
    zsl.insert(1, '\u00ff');
    zsl.insert(1, 'ab');
    assert.deepEqual(items(zsl).map((i) => i.member), ['z', 'a', 'ab', 'b', '\u00ff', 'm']);
    assert.equal(zsl.getRank(1, 'ab'), 3);
    assert.equal(zsl.getRank(1, 'zz'), 0);
    assert.equal(zsl.getByRank(1)!.member, 'z');
    assert.equal(zsl.getByRank(6)!.member, 'm');
    assert.equal(zsl.getByRank(7), null);
    assert.equal(zsl.getByRank(0), null);
    checkStructure(zsl);
  });

  it('updates a score in place when the order holds, otherwise moves the node', () => {
    const zsl = new ZSkiplist(rng(2));
    const a = zsl.insert(1, 'a');
    zsl.insert(2, 'b');
    zsl.insert(3, 'c');
    assert.equal(zsl.updateScore(1, 'a', 1.5), a);
    assert.equal(zsl.updateScore(1.5, 'a', 10), a);
    assert.deepEqual(items(zsl).map((i) => i.member), ['b', 'c', 'a']);
    assert.throws(() => zsl.updateScore(3, 'a', 1));
    checkStructure(zsl);
  });

  it('answers score ranges with exclusive bounds and infinities', () => {
    const zsl = new ZSkiplist(rng(3));
    for (const [s, m] of [[1, 'a'], [2, 'b'], [2, 'c'], [3, 'd'], [Infinity, 'e']] as const) zsl.insert(s, m);
    const r = (min: number, max: number, minex = false, maxex = false): ZRangeSpec => ({ min, max, minex, maxex });
    assert.equal(zsl.firstInRange(r(2, 3))!.member, 'b');
    assert.equal(zsl.lastInRange(r(2, 3))!.member, 'd');
    assert.equal(zsl.firstInRange(r(2, 3, true))!.member, 'd');
    assert.equal(zsl.lastInRange(r(1, 3, false, true))!.member, 'c');
    assert.equal(zsl.firstInRange(r(2, 2, true, false)), null);
    assert.equal(zsl.firstInRange(r(3, 2)), null);
    assert.equal(zsl.firstInRange(r(3.5, Infinity, false, true)), null);
    assert.equal(zsl.firstInRange(r(3.5, Infinity, true))!.member, 'e');
    assert.equal(zsl.lastInRange(r(-Infinity, Infinity))!.member, 'e');
    assert.equal(zsl.firstInRange(r(1.1, 1.9)), null);
    const gone: string[] = [];
    assert.equal(zsl.deleteRangeByScore(r(2, Infinity, false, true), (m) => gone.push(m)), 3);
    assert.deepEqual(gone, ['b', 'c', 'd']);
    checkStructure(zsl);
  });

  it('answers lex ranges with - and +', () => {
    const zsl = new ZSkiplist(rng(4));
    for (const m of ['a', 'b', 'c', 'd']) zsl.insert(0, m);
    const r = (min: string, max: string, minex = false, maxex = false): ZLexRangeSpec => ({ min, max, minex, maxex });
    assert.equal(zsl.firstInLexRange(r(LEX_MIN, LEX_MAX))!.member, 'a');
    assert.equal(zsl.lastInLexRange(r(LEX_MIN, LEX_MAX))!.member, 'd');
    assert.equal(zsl.firstInLexRange(r('b', LEX_MAX, true))!.member, 'c');
    assert.equal(zsl.lastInLexRange(r(LEX_MIN, 'c', false, true))!.member, 'b');
    assert.equal(zsl.firstInLexRange(r(LEX_MAX, LEX_MIN)), null);
    assert.equal(zsl.firstInLexRange(r('b', 'b', true)), null);
    assert.equal(zsl.firstInLexRange(r('bb', 'bc')), null);
    assert.equal(lexCompare(LEX_MIN, ''), -1);
    assert.equal(lexCompare(LEX_MAX, '\u00ff\u00ff'), 1);
    assert.equal(zsl.deleteRangeByLex(r('b', 'c')), 2);
    assert.deepEqual(items(zsl).map((i) => i.member), ['a', 'd']);
    checkStructure(zsl);
  });

  it('deletes rank ranges', () => {
    const zsl = new ZSkiplist(rng(5));
    for (let i = 0; i < 50; i++) zsl.insert(i % 5, `m${i}`);
    const model = items(zsl);
    assert.equal(zsl.deleteRangeByRank(10, 20), 11);
    model.splice(9, 11);
    assert.deepEqual(items(zsl), model);
    assert.equal(zsl.deleteRangeByRank(1, 100), 39);
    assert.equal(zsl.length, 0);
    assert.equal(zsl.tail, null);
    assert.equal(zsl.level, 1);
    checkStructure(zsl);
  });

  it('agrees with a sorted-array model under random operations', () => {
    type Op =
      | { t: 'add'; m: string; s: number }
      | { t: 'del'; m: string }
      | { t: 'upd'; m: string; s: number }
      | { t: 'delScore'; r: ZRangeSpec }
      | { t: 'delRank'; a: number; b: number };
    const rangeArb = fc.record({ min: score, max: score, minex: fc.boolean(), maxex: fc.boolean() });
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ t: fc.constant('add' as const), m: member, s: score }) },
      { weight: 2, arbitrary: fc.record({ t: fc.constant('del' as const), m: member }) },
      { weight: 3, arbitrary: fc.record({ t: fc.constant('upd' as const), m: member, s: score }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('delScore' as const), r: rangeArb }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('delRank' as const), a: fc.nat(30), b: fc.nat(30) }) },
    );
    fc.assert(fc.property(fc.array(opArb, { maxLength: 150, size: 'max' }), fc.nat(), rangeArb, (ops, seed, q) => {
      const zsl = new ZSkiplist(rng(seed));
      const dict = new Map<string, number>();
      for (const op of ops) {
        if (op.t === 'add') {
          if (dict.has(op.m)) continue;
          zsl.insert(op.s, op.m);
          dict.set(op.m, op.s);
        } else if (op.t === 'del') {
          const s = dict.get(op.m);
          assert.equal(zsl.delete(s ?? 0, op.m), s !== undefined);
          dict.delete(op.m);
        } else if (op.t === 'upd') {
          const s = dict.get(op.m);
          if (s === undefined) continue;
          zsl.updateScore(s, op.m, op.s);
          dict.set(op.m, op.s);
        } else if (op.t === 'delScore') {
          const r = op.r;
          const expect = [...dict].filter(([, s]) => (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max));
          const gone: string[] = [];
          assert.equal(zsl.deleteRangeByScore(r, (m) => gone.push(m)), expect.length);
          assert.deepEqual(gone.sort(), expect.map(([m]) => m).sort());
          for (const m of gone) dict.delete(m);
        } else {
          const sorted = [...dict].map(([m, s]) => ({ member: m, score: s })).sort(order);
          const start = Math.min(op.a, op.b) + 1;
          const end = Math.max(op.a, op.b) + 1;
          const expect = sorted.slice(start - 1, end).map((i) => i.member);
          const gone: string[] = [];
          assert.equal(zsl.deleteRangeByRank(start, end, (m) => gone.push(m)), expect.length);
          assert.deepEqual(gone, expect);
          for (const m of gone) dict.delete(m);
        }
      }
      const model = [...dict].map(([m, s]) => ({ member: m, score: s })).sort(order);
      assert.deepEqual(items(zsl), model);
      const back: string[] = [];
      for (let n = zsl.last(); n !== null; n = n.backward) back.push(n.member);
      assert.deepEqual(back, model.map((i) => i.member).reverse());
      model.forEach((it, i) => {
        assert.equal(zsl.getRank(it.score, it.member), i + 1);
        assert.equal(zsl.getByRank(i + 1)!.member, it.member);
      });
      checkStructure(zsl);
      const inRange = model.filter((i) => (q.minex ? i.score > q.min : i.score >= q.min) && (q.maxex ? i.score < q.max : i.score <= q.max));
      assert.equal(zsl.firstInRange(q)?.member ?? null, inRange[0]?.member ?? null);
      assert.equal(zsl.lastInRange(q)?.member ?? null, inRange[inRange.length - 1]?.member ?? null);
    }), { seed: SEED, numRuns: 200 });
  });

  it('answers lex ranges like a filtered sorted array when scores are equal', () => {
    const bound = fc.oneof(member, fc.constantFrom(LEX_MIN, LEX_MAX));
    const rangeArb = fc.record({ min: bound, max: bound, minex: fc.boolean(), maxex: fc.boolean() });
    fc.assert(fc.property(fc.uniqueArray(member, { maxLength: 40 }), rangeArb, (members, r) => {
      const zsl = new ZSkiplist(rng(members.length + 7));
      for (const m of members) zsl.insert(0, m);
      const sorted = [...members].sort((a, b) => lexCompare(a, b));
      const inRange = sorted.filter((m) => {
        const lo = lexCompare(m, r.min);
        const hi = lexCompare(m, r.max);
        return (r.minex ? lo > 0 : lo >= 0) && (r.maxex ? hi < 0 : hi <= 0);
      });
      assert.equal(zsl.firstInLexRange(r)?.member ?? null, inRange[0] ?? null);
      assert.equal(zsl.lastInLexRange(r)?.member ?? null, inRange[inRange.length - 1] ?? null);
      assert.equal(zsl.deleteRangeByLex(r), inRange.length);
      assert.equal(zsl.length, members.length - inRange.length);
      checkStructure(zsl);
    }), { seed: SEED, numRuns: 300 });
  });
});
