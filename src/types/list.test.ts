// Seeded property tests of the list type module against a plain array: whatever the sequence of
// pushes, pops, inserts, removals, replacements and range deletions, and whatever conversions it
// triggers (listpack <-> quicklist, compressed interior nodes), the contents agree and the
// encoding follows Redis 7.2's rules: a listpack never breaks the limit, a quicklist only goes
// back once it is one node within half of it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Quicklist } from '../encoding/quicklist.ts';
import type { Listpack } from '../encoding/listpack.ts';
import { nodeExceedsLimit } from '../encoding/quicklist-node.ts';
import {
  createList, duplicateList, listDelRange, listFromArray, listIndex, ListIter, listLength, listMemoryUsage, listPop,
  listPrepareGrow, listPush, listReplace, listToArray, listTryShrink, type ListLimits,
} from './list.ts';

const value = fc.oneof(
  fc.constantFrom('a', 'b', '', '1', '-7', '9223372036854775808', '007'),
  fc.integer({ min: 0, max: 200 }).map((n) => 'v'.repeat(n)),
);
const op = fc.oneof(
  fc.tuple(fc.constant('push' as const), fc.boolean(), value),
  fc.tuple(fc.constant('pop' as const), fc.boolean(), value),
  fc.tuple(fc.constant('insert' as const), fc.boolean(), value),
  fc.tuple(fc.constant('rem' as const), fc.boolean(), value),
  fc.tuple(fc.constant('set' as const), fc.integer({ min: -30, max: 30 }), value),
  fc.tuple(fc.constant('del' as const), fc.integer({ min: -30, max: 30 }), fc.integer({ min: 0, max: 6 })),
);
const LIMITS: ListLimits[] = [{ fill: -1, compress: 0 }, { fill: 3, compress: 0 }, { fill: 2, compress: 1 }, { fill: -1, compress: 2 }];

describe('list type', () => {
  for (const lim of LIMITS) {
    it(`agrees with an array model (fill ${lim.fill}, compress ${lim.compress})`, () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
          const o = createList(0);
          const model: string[] = [];
          for (const [kind, a, v] of ops) {
            if (kind === 'push') {
              listPrepareGrow(o, v.length, 1, lim);
              listPush(o, v, a);
              if (a) model.unshift(v);
              else model.push(v);
            } else if (kind === 'pop') {
              assert.equal(listPop(o, a), (a ? model.shift() : model.pop()) ?? null);
              listTryShrink(o, lim);
            } else if (kind === 'insert' && model.length > 0) {
              // Insert next to the first element equal to the model's middle one.
              const pivot = model[model.length >> 1]!;
              listPrepareGrow(o, v.length, 1, lim);
              const it = new ListIter(o, 0, true);
              for (let e = it.next(); e !== null; e = it.next()) {
                if (e === pivot) {
                  it.insertAtCurrent(v, a);
                  break;
                }
              }
              it.release();
              const i = model.indexOf(pivot);
              model.splice(a ? i + 1 : i, 0, v);
            } else if (kind === 'rem') {
              const target = model.length > 0 ? model[0]! : v;
              const it = new ListIter(o, a ? 0 : -1, a);
              for (let e = it.next(); e !== null; e = it.next()) if (e === target) it.deleteCurrent();
              it.release();
              for (let i = model.length - 1; i >= 0; i--) if (model[i] === target) model.splice(i, 1);
              listTryShrink(o, lim);
            } else if (kind === 'set') {
              const i = a;
              listPrepareGrow(o, v.length, 1, lim);
              const inRange = i < model.length && i >= -model.length;
              assert.equal(listReplace(o, i, v), inRange);
              if (inRange) model[i < 0 ? model.length + i : i] = v;
              listTryShrink(o, lim);
            } else if (kind === 'del') {
              const start = a;
              const count = v;
              const s = start < 0 ? model.length + start : start;
              listDelRange(o, start, count);
              if (s >= 0 && s < model.length) model.splice(s, count);
              listTryShrink(o, lim);
            }
            assert.equal(listLength(o), model.length);
            if (o.enc === 'listpack') {
              const lp = o.value as Listpack;
              // The growing check runs before every write, so a listpack never breaks the limit.
              assert.ok(!nodeExceedsLimit(lim.fill, lp.bytes, lp.length), 'listpack over the limit');
            } else {
              const ql = o.value as Quicklist;
              assert.ok(ql.nodeCount > 0 || model.length === 0);
            }
          }
          assert.deepEqual(listToArray(o), model);
          for (let i = -model.length; i < model.length; i += 3) assert.equal(listIndex(o, i), model.at(i));
          const copy = duplicateList(o, 0);
          assert.equal(copy.enc, o.enc);
          assert.deepEqual(listToArray(copy), model);
          if (o.enc === 'quicklist') assert.equal((copy.value as Quicklist).nodeCount, (o.value as Quicklist).nodeCount);
          assert.ok(listMemoryUsage(o, 0, { alloc: (n) => n, sds: (n) => n }) > 0);
        }),
        { seed: 42 + lim.fill * 7 + lim.compress, numRuns: 150 },
      );
    });
  }

  it('a new list of values: listpack within the full limit, else quicklist', () => {
    const lim = { fill: 4, compress: 0 };
    assert.equal(listFromArray(['a', 'b', 'c', 'd'], lim, 0).enc, 'listpack');
    assert.equal(listFromArray(['a', 'b', 'c', 'd', 'e'], lim, 0).enc, 'quicklist');
    const big = listFromArray(Array.from({ length: 100 }, (_, i) => String(i)), lim, 0);
    assert.deepEqual(listToArray(big), Array.from({ length: 100 }, (_, i) => String(i)));
  });

  it('shrinks back only below half of the limit (7.2 hysteresis)', () => {
    const lim = { fill: 8, compress: 0 };
    const o = createList(0);
    listPrepareGrow(o, 9, 9, lim);
    for (let i = 0; i < 9; i++) listPush(o, String(i), false);
    assert.equal(o.enc, 'quicklist');
    for (let n = 9; n > 4; n--) {
      listPop(o, false);
      listTryShrink(o, lim);
      assert.equal(o.enc, n - 1 <= 4 ? 'listpack' : 'quicklist', `at ${n - 1}`);
    }
  });
});
