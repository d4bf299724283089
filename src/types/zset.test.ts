// Unit tests for the sorted set type layer: seeded property tests (fast-check) that run random
// operations on a listpack-encoded and a skiplist-encoded set side by side with a plain model
// (a Map sorted on demand), checking ranks, scores, ranges with offset/limit in both directions,
// counts, range deletions and pops; plus conversions both ways.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LEX_MAX, LEX_MIN } from '../encoding/skiplist.ts';
import type { RObject } from './object.ts';
import {
  zsetAdd, zsetConvert, zsetConvertToListpackIfNeeded, zsetCreate, zsetDel, zsetLength, zsetOut, zsetRank, zsetScore,
  zsetToArrays, ZADD_GT, ZADD_INCR, ZADD_NX, ZADD_OUT_NAN, ZADD_XX,
} from './zset.ts';
import {
  newRangeResult, parseLexRange, parseScoreRange, zsetCount, zsetDeleteRangeByLex, zsetDeleteRangeByRank,
  zsetDeleteRangeByScore, zsetLexCount, zsetPopEdge, zsetRangeByLex, zsetRangeByRank, zsetRangeByScore,
  type ZLexRangeSpec, type ZRangeSpec,
} from './zset-range.ts';

const BIG = { entries: 1e9, value: 1e9 };
const SMALL = { entries: 0, value: 0 };

function both(): [RObject, RObject] {
  return [zsetCreate(0, 0, BIG, 0), zsetCreate(1, 0, SMALL, 0)];
}

/** The model's members in (score, bytes) order. */
function sorted(m: Map<string, number>): [string, number][] {
  return [...m].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const member = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '1', '0', '\u00ff'), maxLength: 3 });
const score = fc.oneof(fc.constantFrom(0, 1, -1, 0.5, 2.25, Infinity, -Infinity, 1e17), fc.integer({ min: -4, max: 4 }));
const op = fc.oneof(
  fc.record({ t: fc.constant('add' as const), m: member, s: score, f: fc.constantFrom(0, ZADD_NX, ZADD_XX, ZADD_GT, ZADD_INCR) }),
  fc.record({ t: fc.constant('del' as const), m: member }),
);

function inScore(s: number, r: ZRangeSpec): boolean {
  return (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max);
}

describe('zset type layer', () => {
  it('listpack and skiplist agree with a model under random adds and deletes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: -6, max: 6 }), fc.integer({ min: -6, max: 6 }),
        fc.integer({ min: -1, max: 4 }), fc.integer({ min: -1, max: 5 }), fc.boolean(), (ops, a, b, off, lim, rev) => {
          const objs = both();
          const model = new Map<string, number>();
          for (const o of ops) {
            if (o.t === 'add') {
              const cur = model.get(o.m);
              let next = o.s;
              if (o.f === ZADD_INCR && cur !== undefined) next = cur + o.s;
              const skip = (o.f === ZADD_NX && cur !== undefined) || (o.f === ZADD_XX && cur === undefined) ||
                (o.f === ZADD_GT && cur !== undefined && next <= cur) || Number.isNaN(next);
              for (const z of objs) {
                const out = zsetAdd(z, o.s, o.m, o.f, BIG);
                assert.equal((out & ZADD_OUT_NAN) !== 0, Number.isNaN(next));
              }
              if (!skip) model.set(o.m, next === 0 ? 0 : next);
            } else {
              for (const z of objs) assert.equal(zsetDel(z, o.m), model.has(o.m));
              model.delete(o.m);
            }
          }
          const want = sorted(model);
          for (const z of objs) {
            assert.equal(zsetLength(z), want.length);
            const arr = zsetToArrays(z);
            assert.deepEqual(arr.members, want.map((e) => e[0]));
            assert.deepEqual(arr.scores, want.map((e) => e[1]));
            want.forEach(([m, s], i) => {
              assert.equal(zsetScore(z, m), s);
              assert.equal(zsetRank(z, m, false), i);
              assert.equal(zsetOut.score, s);
              assert.equal(zsetRank(z, m, true), want.length - 1 - i);
            });
            // Ranks a..b clamped as the commands do.
            const len = want.length;
            let st = a < 0 ? a + len : a;
            let en = b < 0 ? b + len : b;
            if (st < 0) st = 0;
            if (en >= len) en = len - 1;
            if (st <= en && st < len) {
              const out = newRangeResult();
              zsetRangeByRank(z, st, en, rev, out);
              const exp = (rev ? [...want].reverse() : want).slice(st, en + 1).map((e) => e[0]);
              assert.deepEqual(out.members, exp);
            }
            // Score range [min(a,b), max(a,b)) with offset/limit.
            const r: ZRangeSpec = { min: Math.min(a, b), max: Math.max(a, b), minex: false, maxex: true };
            const inRange = want.filter((e) => inScore(e[1], r));
            const ordered = rev ? inRange.reverse() : inRange;
            const exp = off < 0 || (off > 0 && off >= len) ? [] : ordered.slice(off, lim < 0 ? undefined : off + lim);
            const out = newRangeResult();
            zsetRangeByScore(z, r, rev, off, lim, out);
            assert.deepEqual(out.members, exp.map((e) => e[0]));
            assert.equal(zsetCount(z, r), want.filter((e) => inScore(e[1], r)).length);
          }
        }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('lex ranges, counts and deletions on equal scores, both encodings', () => {
    fc.assert(
      fc.property(fc.uniqueArray(member, { maxLength: 20 }), member, member, fc.boolean(), fc.boolean(), fc.boolean(),
        (ms, lo, hi, loEx, hiEx, rev) => {
          const r: ZLexRangeSpec = { min: lo === '' ? LEX_MIN : lo, max: hi === '' ? LEX_MAX : hi, minex: loEx, maxex: hiEx };
          const inLex = (m: string): boolean => {
            const geMin = r.min === LEX_MIN || (r.minex ? m > r.min : m >= r.min);
            const leMax = r.max === LEX_MAX || (r.maxex ? m < r.max : m <= r.max);
            return geMin && leMax;
          };
          const all = [...ms].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
          const exp = all.filter(inLex);
          for (const z of both()) {
            for (const m of ms) zsetAdd(z, 0, m, 0, BIG);
            const out = newRangeResult();
            zsetRangeByLex(z, r, rev, 0, -1, out);
            assert.deepEqual(out.members, rev ? [...exp].reverse() : exp);
            assert.equal(zsetLexCount(z, r), exp.length);
            assert.equal(zsetDeleteRangeByLex(z, r), exp.length);
            assert.deepEqual(zsetToArrays(z).members, all.filter((m) => !inLex(m)));
          }
        }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('deletes rank and score ranges, pops both ends', () => {
    for (const z of both()) {
      for (let i = 0; i < 10; i++) zsetAdd(z, i, `m${i}`, 0, BIG);
      assert.equal(zsetDeleteRangeByRank(z, 0, 1), 2);
      assert.equal(zsetDeleteRangeByScore(z, parseScoreRange('(4', '6')!), 2);
      assert.deepEqual(zsetToArrays(z).members, ['m2', 'm3', 'm4', 'm7', 'm8', 'm9']);
      assert.equal(zsetPopEdge(z, true), 'm9');
      assert.equal(zsetOut.score, 9);
      assert.equal(zsetPopEdge(z, false), 'm2');
      assert.equal(zsetLength(z), 4);
    }
  });

  it('converts both ways, keeping order and scores', () => {
    const z = zsetCreate(0, 0, BIG, 0);
    for (const [s, m] of [[1.5, 'b'], [-Infinity, 'lo'], [1e17, 'big'], [0.1, 'a'], [-0, 'z']] as const) zsetAdd(z, s, m, 0, BIG);
    const before = zsetToArrays(z);
    zsetConvert(z, true);
    assert.equal(z.enc, 'skiplist');
    assert.deepEqual(zsetToArrays(z), before);
    zsetConvertToListpackIfNeeded(z, 3, { entries: 4, value: 64 });
    assert.equal(z.enc, 'skiplist', 'too many members to convert back');
    zsetConvertToListpackIfNeeded(z, 3, { entries: 5, value: 64 });
    assert.equal(z.enc, 'listpack');
    assert.deepEqual(zsetToArrays(z), before);
  });

  it('parses ranges as Redis does', () => {
    assert.deepEqual(parseScoreRange('(1', '+inf'), { min: 1, max: Infinity, minex: true, maxex: false });
    assert.deepEqual(parseScoreRange('', '('), { min: 0, max: 0, minex: false, maxex: true });
    assert.equal(parseScoreRange('nan', '1'), null);
    assert.equal(parseScoreRange('1', '(x'), null);
    assert.deepEqual(parseLexRange('-', '(b'), { min: LEX_MIN, max: 'b', minex: true, maxex: true });
    assert.equal(parseLexRange('a', '+'), null);
    assert.equal(parseLexRange('-x', '+'), null);
  });
});
