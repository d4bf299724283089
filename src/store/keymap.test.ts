// Unit tests for KeyMap: it answers as a Map would (seeded random operations against a Map model),
// a walk keeps SCAN's guarantee while keys come and go, and typical key shapes spread over shards.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { KeyMap, shardOf } from './keymap.ts';

describe('KeyMap', () => {
  it('answers get, has, set, delete and size as a Map does', () => {
    const op = fc.tuple(fc.constantFrom('set', 'delete', 'get', 'has'), fc.integer({ min: 0, max: 60 }), fc.integer());
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const km = new KeyMap<number>();
        const model = new Map<string, number>();
        for (const [what, k, v] of ops) {
          // Binary keys of several lengths, some sharing their tail.
          const key = k % 3 === 0 ? `\x00\xff${k}` : 'x'.repeat(k % 20) + String(k);
          if (what === 'set') {
            km.set(key, v);
            model.set(key, v);
          } else if (what === 'delete') {
            assert.equal(km.delete(key), model.delete(key));
          } else if (what === 'get') {
            assert.equal(km.get(key), model.get(key));
          } else {
            assert.equal(km.has(key), model.has(key));
          }
          assert.equal(km.size, model.size);
        }
        assert.deepEqual(new Map(km.entries()), model);
        assert.deepEqual(new Set(km.keys()), new Set(model.keys()));
        assert.deepEqual([...km.values()].sort(), [...model.values()].sort());
        assert.deepEqual(new Map(km), model);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('visits every key present for a whole walk exactly once, while others are added and deleted', () => {
    const km = new KeyMap<number>();
    const stable: string[] = [];
    for (let i = 0; i < 5000; i++) {
      km.set(`stable:${i}`, i);
      stable.push(`stable:${i}`);
    }
    const seen = new Map<string, number>();
    let n = 0;
    for (const [k] of km.entries()) {
      seen.set(k, (seen.get(k) ?? 0) + 1);
      // Churn on every step: enough new keys to make shards grow (rehash) under the walk.
      km.set(`churn:${n}`, n);
      km.set(`churn:${n}:b`, n);
      if (n >= 10) km.delete(`churn:${n - 10}`);
      n++;
    }
    for (const k of stable) assert.equal(seen.get(k), 1, k);
  });

  it('splits into shards as it grows to 8192 keys, and answers the same before and after', () => {
    const km = new KeyMap<number>();
    for (let i = 0; i < 8191; i++) km.set(`k:${i}`, i);
    assert.equal(km.sharded, false);
    km.set('k:8191', 8191);
    assert.equal(km.sharded, true);
    assert.equal(km.epoch, 1);
    for (let i = 70000; i < 80000; i++) km.set(`k:${i}`, i);
    for (let i = 0; i < 1000; i++) assert.equal(km.delete(`k:${i}`), true);
    assert.equal(km.delete('k:0'), false);
    assert.equal(km.size, 8192 + 10000 - 1000);
    assert.equal(km.get('k:1000'), 1000);
    assert.equal(km.get('k:79999'), 79999);
    assert.equal(km.has('k:999'), false);
    assert.equal(new Set(km.keys()).size, km.size);
  });

  it('keeps a walk begun before the split: current values, deleted keys skipped, present ones once', () => {
    const km = new KeyMap<string>();
    for (let i = 0; i < 6000; i++) km.set(`k:${i}`, 'old');
    const seen = new Map<string, string>();
    let step = 0;
    for (const [k, v] of km.entries()) {
      seen.set(k, v);
      if (++step === 100) {
        // The split happens mid-walk; then later keys change, and some disappear.
        for (let i = 6000; i < 9000; i++) km.set(`k:${i}`, 'new');
        assert.equal(km.sharded, true);
        for (let i = 5000; i < 6000; i++) km.set(`k:${i}`, 'changed');
        for (let i = 4000; i < 4100; i++) km.delete(`k:${i}`);
      }
    }
    for (let i = 0; i < 6000; i++) {
      const k = `k:${i}`;
      if (i >= 4000 && i < 4100) assert.equal(seen.has(k), false, k);
      else assert.equal(seen.get(k), i >= 5000 ? 'changed' : 'old', k);
    }
  });

  it('spreads typical key shapes over the shards', () => {
    const shapes = [(i: number) => `key:${String(i).padStart(12, '0')}`, (i: number) => `user:${i}`,
      (i: number) => `session:${(i * 2654435761 >>> 0).toString(16)}:data`];
    for (const shape of shapes) {
      const counts = new Array<number>(256).fill(0);
      for (let i = 0; i < 256 * 100; i++) counts[shardOf(shape(i))]!++;
      // 100 per shard on average: none empty, none over 3x.
      assert.ok(Math.min(...counts) > 0, shape(1));
      assert.ok(Math.max(...counts) < 300, shape(1));
    }
  });
});
