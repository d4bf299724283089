// Seeded property tests of the set and hash type modules against a plain model (JS Set / Map):
// whatever the sequence of writes and whatever encoding conversions it triggers, the contents
// agree, the dense hashtable's index stays consistent, and the encodings follow the limits.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DenseHash, DenseSet } from './dense.ts';
import { duplicateHash, hashDelete, hashEntries, hashGet, hashLength, hashSet, createHash, hashMemoryUsage } from './hash.ts';
import { createSet, setAdd, setAddMany, setHas, setMembers, setPopRandom, setRemove, setSize, setMemoryUsage, duplicateSet } from './set.ts';
import { setPopMany, setSampleUnique, sampleIndexesInOrder } from './set-random.ts';
import { setUnionDiff } from './set-algebra.ts';
import { intsetEncoding, intsetToBytes } from '../encoding/intset.ts';

const LIM = { intsetEntries: 16, listpackEntries: 8, listpackValue: 6 };
const member = fc.oneof(fc.integer({ min: -40, max: 40 }).map(String), fc.constantFrom('a', 'b', 'abcdefg', '', '007', '9223372036854775808'));
const SIZES = { alloc: (n: number) => n, sds: (n: number) => n + 3 };

describe('DenseSet / DenseHash', () => {
  it('index and arrays stay consistent under adds and swap-removes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 30 }))), (ops) => {
        const d = new DenseSet();
        const h = new DenseHash();
        const model = new Set<string>();
        for (const [add, n] of ops) {
          const m = String(n);
          if (add) {
            assert.equal(d.add(m), !model.has(m));
            assert.equal(h.set(m, `v${m}`), model.has(m));
            model.add(m);
          } else {
            assert.equal(d.delete(m), model.has(m));
            assert.equal(h.delete(m), model.has(m));
            model.delete(m);
          }
        }
        assert.equal(d.size, model.size);
        for (const [m, i] of d.index) assert.equal(d.members[i], m);
        for (const [f, i] of h.index) assert.equal(h.values[i], `v${f}`);
        assert.deepEqual([...d.members].sort(), [...model].sort());
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('set type', () => {
  it('agrees with a model through every conversion', () => {
    fc.assert(
      fc.property(member, fc.array(fc.tuple(fc.boolean(), member), { maxLength: 60 }), (first, ops) => {
        const o = createSet(first, 1, LIM, 0);
        const model = new Set<string>();
        for (const [add, m] of ops) {
          if (add) {
            assert.equal(setAdd(o, m, LIM), !model.has(m));
            model.add(m);
          } else {
            assert.equal(setRemove(o, m), model.has(m));
            model.delete(m);
          }
          if (o.enc === 'intset') assert.ok(setSize(o) <= LIM.intsetEntries);
          if (o.enc === 'listpack') assert.ok(setSize(o) <= LIM.listpackEntries);
        }
        assert.equal(setSize(o), model.size);
        assert.deepEqual(setMembers(o).sort(), [...model].sort());
        for (const m of model) assert.ok(setHas(o, m));
        const copy = duplicateSet(o, 0);
        assert.equal(copy.enc, o.enc);
        assert.deepEqual(setMembers(copy), setMembers(o));
        assert.ok(setMemoryUsage(o, 0, SIZES) > 0);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('SADD batches end exactly as member-by-member adds would (contents, encoding, order)', () => {
    const ints = fc.integer({ min: -40000, max: 40000 }).map(String);
    const batch = fc.array(fc.oneof(ints, ints, member), { maxLength: 20 });
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 5 }), (batches) => {
        const one = createSet(batches[0]![0] ?? '1', 1, LIM, 0);
        const many = createSet(batches[0]![0] ?? '1', 1, LIM, 0);
        for (const b of batches) {
          let added = 0;
          for (const m of b) if (setAdd(one, m, LIM)) added++;
          assert.equal(setAddMany(many, ['sadd', 'k', ...b], 2, LIM), added);
          assert.equal(many.enc, one.enc);
          assert.deepEqual(setMembers(many), setMembers(one));
        }
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('random picks: unique samples, pops of every strategy', () => {
    fc.assert(
      fc.property(fc.uniqueArray(member, { minLength: 2, maxLength: 40 }), fc.integer({ min: 1, max: 39 }), (ms, k) => {
        const count = Math.min(k, ms.length - 1);
        const o = createSet(ms[0]!, ms.length, LIM, 0);
        for (const m of ms) setAdd(o, m, LIM);
        const sample = setSampleUnique(o, count);
        assert.equal(new Set(sample).size, count);
        for (const m of sample) assert.ok(ms.includes(m));
        const popped = setPopMany(o, count, LIM);
        assert.equal(popped.length, count);
        assert.equal(setSize(o), ms.length - count);
        assert.deepEqual([...popped, ...setMembers(o)].sort(), [...ms].sort());
        while (setSize(o) > 0) assert.ok(ms.includes(setPopRandom(o)));
      }),
      { seed: 9, numRuns: 300 },
    );
  });

  it('sampleIndexesInOrder is ascending, unique, and of the asked size', () => {
    for (let n = 1; n < 30; n++) {
      for (let k = 0; k <= n; k++) {
        const idx = sampleIndexesInOrder(n, k);
        assert.equal(idx.length, k);
        for (let i = 1; i < idx.length; i++) assert.ok(idx[i]! > idx[i - 1]!);
      }
    }
  });

  it('a one-set union orders like Redis (intset first, then the rest as added)', () => {
    const o = createSet('3', 3, LIM, 0);
    for (const m of ['3', '1']) setAdd(o, m, LIM);
    setAdd(o, 'b', LIM);
    assert.equal(o.enc, 'listpack');
    assert.deepEqual(setMembers(setUnionDiff([o], 'union', LIM, 0)), ['1', '3', 'b']);
  });

  it('an intset set holds the intset string itself, replaced on change, shared by a copy', () => {
    const o = createSet('5', 3, LIM, 0);
    assert.equal(setAddMany(o, ['sadd', 'k', '5', '-3', '1000'], 2, LIM), 3);
    assert.equal(o.enc, 'intset');
    assert.equal(typeof o.value, 'string');
    // Redis's bytes for SADD k 5 -3 1000 (see intset.test.ts).
    assert.equal(intsetToBytes(o.value as string).toString('hex'), '0200000003000000fdff0500e803');
    assert.equal(setMemoryUsage(o, 0, SIZES), 16 + 14);
    const before = o.value;
    assert.equal(setAdd(o, '1000', LIM), false);
    assert.equal(setRemove(o, '7'), false);
    assert.equal(setAddMany(o, ['sadd', 'k', '5', '-3'], 2, LIM), 0);
    assert.equal(o.value, before);
    const copy = duplicateSet(o, 0);
    assert.equal(copy.value, o.value);
    assert.ok(setAdd(copy, '70000', LIM));
    assert.ok(setRemove(o, '5'));
    assert.deepEqual(setMembers(o), ['-3', '1000']);
    assert.deepEqual(setMembers(copy), ['-3', '5', '1000', '70000']);
    assert.equal(intsetEncoding(copy.value as string), 4);
    assert.equal(intsetEncoding(o.value as string), 2);
    while (setSize(copy) > 0) setPopRandom(copy);
    assert.equal(copy.enc, 'intset');
    assert.equal(intsetToBytes(copy.value as string).toString('hex'), '0400000000000000');
  });
});

describe('hash type', () => {
  it('agrees with a model through conversions', () => {
    const lim = { listpackEntries: 5, listpackValue: 6 };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), member, member), { maxLength: 40 }), (ops) => {
        const o = createHash(0);
        const model = new Map<string, string>();
        for (const [set, f, v] of ops) {
          if (set) {
            assert.equal(hashSet(o, f, v, lim), model.has(f));
            model.set(f, v);
          } else {
            assert.equal(hashDelete(o, f), model.has(f));
            model.delete(f);
          }
          if (o.enc === 'listpack') assert.ok(hashLength(o) <= lim.listpackEntries);
        }
        assert.equal(hashLength(o), model.size);
        for (const [f, v] of model) assert.equal(hashGet(o, f), v);
        const { fields, values } = hashEntries(duplicateHash(o, 0));
        assert.deepEqual(new Map(fields.map((f, i) => [f, values[i]!])), model);
        if (o.enc === 'listpack') assert.deepEqual(fields, [...model.keys()], 'listpack keeps insertion order');
        assert.ok(hashMemoryUsage(o, 5, SIZES) > 0);
      }),
      { seed: 3, numRuns: 300 },
    );
  });
});
