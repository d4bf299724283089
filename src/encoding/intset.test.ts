import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  INTSET_ENC_INT16, INTSET_ENC_INT32, INTSET_ENC_INT64, IntSet, parseIntsetValue, validateIntset,
  valueEncoding,
} from './intset.ts';
import type { IntValue } from './intset.ts';

const SEED = 20261121;
const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);

function cmp(a: IntValue, b: IntValue): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

describe('intset', () => {
  it('has Redis layout: encoding, length, little-endian values', () => {
    const is = new IntSet();
    for (const v of [5, -3, 1000]) is.add(v);
    assert.deepEqual(is.view(), Buffer.from([2, 0, 0, 0, 3, 0, 0, 0, 0xfd, 0xff, 5, 0, 0xe8, 0x03]));
    assert.equal(is.blobLen, 14);
  });

  it('is byte-identical to the intset real Redis built', () => {
    // DUMP of SADD s 5 -40000 5000000000 9223372036854775807 0 on redis-server 7.0.15: type 11,
    // length 48, the intset blob, RDB version, CRC64.
    const dump = Buffer.from('0b300800000005000000c063ffffffffffff0000000000000000050000000000000000f2052a01' +
      '000000ffffffffffffff7f0a0064498a7d6ba5102f', 'hex');
    const fromRedis = dump.subarray(2, 2 + 48);
    const is = new IntSet();
    for (const v of [5, -40000, 5000000000, I64_MAX, 0]) is.add(v);
    assert.deepEqual(is.view(), fromRedis);
    assert.deepEqual(IntSet.fromBytes(fromRedis)!.toArray(), [-40000, 0, 5, 5000000000, I64_MAX]);
  });

  it('matches real Redis intset bytes for each width', () => {
    // Blobs from DUMP on redis-server 7.0.15 (rdbcompression no) of:
    // SADD a16 5 -3 1000 32767 -32768 0 / SADD a32 7 -40000 2147483647 -2147483648 1 /
    // SADD a64 9007199254740993 -9223372036854775808 9223372036854775807 -1 4294967296
    const cases: [IntValue[], string][] = [
      [[5, -3, 1000, 32767, -32768, 0], '02000000060000000080fdff00000500e803ff7f'],
      [[7, -40000, 2147483647, -2147483648, 1], '040000000500000000000080c063ffff0100000007000000ffffff7f'],
      [[9007199254740993n, I64_MIN, I64_MAX, -1, 4294967296],
        '0800000005000000000000000000008' + '0ffffffffffffffff0000000001000000' +
        '0100000000002000ffffffffffffff7f'],
    ];
    for (const [values, hex] of cases) {
      const redis = Buffer.from(hex, 'hex');
      const one = new IntSet();
      for (const v of values) one.add(v);
      assert.deepEqual(one.view(), redis, hex);
      const batch = new IntSet();
      assert.equal(batch.addMany(values), values.length);
      assert.deepEqual(batch.view(), redis, hex);
      const back = IntSet.fromBytes(redis)!;
      assert.deepEqual(back.toArray().map(String), [...values].sort(cmp).map(String));
      assert.deepEqual(back.view(), redis);
      assert.equal(back.encoding, redis[0]);
      assert.equal(back.blobLen, redis.length);
    }
  });

  it('adds a batch in one go: duplicates, members already present, widening', () => {
    const is = new IntSet();
    is.add(10);
    is.add(-4);
    assert.equal(is.addMany([3, 10, 3, 7, -4, 12]), 3);
    assert.deepEqual(is.toArray(), [-4, 3, 7, 10, 12]);
    assert.equal(is.encoding, 2);
    assert.equal(is.addMany([5, 70000, -5, 70000]), 3);
    assert.deepEqual(is.toArray(), [-5, -4, 3, 5, 7, 10, 12, 70000]);
    assert.equal(is.encoding, 4);
    assert.equal(is.addMany([I64_MAX, 12, I64_MIN, 9007199254740993n]), 3);
    assert.deepEqual(is.toArray().map(String),
      [I64_MIN, -5, -4, 3, 5, 7, 10, 12, 70000, 9007199254740993n, I64_MAX].map(String));
    assert.equal(is.encoding, 8);
    assert.equal(is.addMany([3, 5]), 0);
    assert.equal(is.addMany([]), 0);
    assert.throws(() => is.addMany([1, 1.5]));
    assert.equal(is.has(1), false, 'a rejected batch adds nothing');
    assert.ok(validateIntset(is.view()));
  });

  it('reads and writes at the int64 and safe-integer edges', () => {
    const edges: IntValue[] = [I64_MIN, -(2n ** 53n), -9007199254740991, -(2 ** 32) - 1, -(2 ** 32), -1, 0,
      2 ** 32 - 1, 2 ** 32, 9007199254740991, 2n ** 53n, I64_MAX];
    const is = new IntSet();
    for (const v of [...edges].reverse()) assert.ok(is.add(v));
    assert.deepEqual(is.toArray(), edges);
    for (const v of edges) assert.ok(is.has(v), String(v));
    assert.deepEqual(IntSet.fromBytes(is.view())!.toArray(), edges);
    assert.equal(typeof is.get(1), 'bigint', '-2^53 is not a safe integer');
    assert.equal(typeof is.get(2), 'number');
  });

  it('clones by sharing, and changes to either stay apart; view() is a copy', () => {
    const a = new IntSet();
    a.addMany([1, 2, 3]);
    const b = a.clone();
    b.add(4);
    a.remove(1);
    assert.deepEqual(a.toArray(), [2, 3]);
    assert.deepEqual(b.toArray(), [1, 2, 3, 4]);
    const v = a.view();
    v[8] = 99;
    assert.deepEqual(a.toArray(), [2, 3]);
  });

  it('removes down to empty and keeps the widest encoding', () => {
    const is = new IntSet();
    is.addMany([-1, 40000, 2]);
    for (const v of [40000, -1, 2]) assert.ok(is.remove(v));
    assert.equal(is.remove(2), false);
    assert.equal(is.length, 0);
    assert.equal(is.encoding, 4);
    assert.deepEqual(is.view(), Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]));
    assert.equal(is.max(), null);
  });

  it('picks the narrowest width at each bound', () => {
    assert.equal(valueEncoding(32767), INTSET_ENC_INT16);
    assert.equal(valueEncoding(-32768), INTSET_ENC_INT16);
    assert.equal(valueEncoding(32768), INTSET_ENC_INT32);
    assert.equal(valueEncoding(-32769), INTSET_ENC_INT32);
    assert.equal(valueEncoding(2147483647), INTSET_ENC_INT32);
    assert.equal(valueEncoding(-2147483648), INTSET_ENC_INT32);
    assert.equal(valueEncoding(2147483648), INTSET_ENC_INT64);
    assert.equal(valueEncoding(I64_MIN), INTSET_ENC_INT64);
  });

  it('upgrades 16 → 32 → 64 bits, prepending negatives and appending positives', () => {
    const is = new IntSet();
    is.add(1);
    is.add(2);
    assert.equal(is.encoding, 2);
    is.add(-40000);
    assert.equal(is.encoding, 4);
    assert.deepEqual(is.toArray(), [-40000, 1, 2]);
    is.add(5_000_000_000);
    assert.equal(is.encoding, 8);
    assert.deepEqual(is.toArray(), [-40000, 1, 2, 5_000_000_000]);
    is.add(I64_MAX);
    is.add(I64_MIN);
    assert.deepEqual(is.toArray(), [I64_MIN, -40000, 1, 2, 5_000_000_000, I64_MAX]);
    assert.equal(is.min(), I64_MIN);
    assert.equal(is.max(), I64_MAX);
    assert.equal(is.blobLen, 8 + 6 * 8);
    // Removing the wide values never narrows the encoding again (as in Redis).
    assert.ok(is.remove(I64_MAX));
    assert.ok(is.remove(I64_MIN));
    assert.equal(is.encoding, 8);
    assert.ok(is.has(2));
    assert.equal(is.has(I64_MAX), false);
  });

  it('keeps int64 extremes exact and parses member strings like Redis', () => {
    assert.equal(parseIntsetValue('9223372036854775807'), I64_MAX);
    assert.equal(parseIntsetValue('-9223372036854775808'), I64_MIN);
    assert.equal(parseIntsetValue('9223372036854775808'), null);
    assert.equal(parseIntsetValue('12'), 12);
    assert.equal(parseIntsetValue('9007199254740993'), 9007199254740993n);
    for (const s of ['', '-0', '01', '+1', ' 1', '1.0', 'x']) assert.equal(parseIntsetValue(s), null, s);
    const is = new IntSet();
    is.add(9007199254740993n);
    is.add(9007199254740991);
    assert.deepEqual(is.toArray().map(String), ['9007199254740991', '9007199254740993']);
  });

  it('rejects out-of-range and inexact numbers', () => {
    const is = new IntSet();
    assert.throws(() => is.add(2 ** 60));
    assert.throws(() => is.add(1.5));
    assert.throws(() => is.add(2n ** 63n));
    assert.equal(is.has(2 ** 40), false);
    assert.equal(is.remove(2 ** 40), false);
    assert.equal(is.random(), null);
    assert.equal(is.min(), null);
  });

  it('validates serialized bytes (Redis deep check)', () => {
    const is = new IntSet();
    for (const v of [-7, 3, 70000]) is.add(v);
    const good = Buffer.from(is.view());
    assert.ok(validateIntset(good));
    assert.deepEqual(IntSet.fromBytes(good)!.toArray(), [-7, 3, 70000]);
    const bad = (f: (b: Buffer) => Buffer): boolean => validateIntset(f(Buffer.from(good)));
    assert.equal(bad((b) => { b.writeUInt32LE(3, 0); return b; }), false); // unknown encoding
    assert.equal(bad((b) => { b.writeUInt32LE(4, 4); return b; }), false); // length vs size
    assert.equal(bad((b) => b.subarray(0, b.length - 1)), false);
    assert.equal(bad((b) => { b.writeInt32LE(3, 8); return b; }), false); // duplicate
    assert.equal(bad((b) => { b.writeInt32LE(80000, 12); return b; }), false); // out of order
    assert.equal(validateIntset(Buffer.from([2, 0, 0, 0, 0, 0, 0, 0])), false); // empty
    assert.equal(IntSet.fromBytes(Buffer.from([1, 2, 3])), null);
  });

  it('picks random members uniformly by position', () => {
    const is = new IntSet();
    for (let i = 0; i < 10; i++) is.add(i * 3);
    assert.equal(is.random(() => 0), 0);
    assert.equal(is.random(() => 0.999), 27);
    assert.equal(is.random(() => 0.5), 15);
  });

  it('agrees with a sorted-array model under random adds and removes', () => {
    const valueArb: fc.Arbitrary<IntValue> = fc.oneof(
      fc.integer({ min: -40, max: 40 }),
      fc.integer({ min: -40000, max: 40000 }),
      fc.integer({ min: -3_000_000_000, max: 3_000_000_000 }),
      fc.constantFrom(I64_MAX, I64_MIN, 32767, -32768, 32768, -32769, 2147483647, -2147483648),
    );
    const opArb = fc.record({ add: fc.boolean(), v: valueArb });
    fc.assert(fc.property(fc.array(opArb, { maxLength: 120, size: 'max' }), (ops) => {
      const is = new IntSet();
      const model = new Map<string, IntValue>();
      let widest = 2;
      for (const { add, v } of ops) {
        const key = String(v);
        if (add) {
          assert.equal(is.add(v), !model.has(key));
          model.set(key, v);
          widest = Math.max(widest, valueEncoding(v));
        } else {
          assert.equal(is.remove(v), model.delete(key));
        }
        assert.equal(is.has(v), model.has(key));
      }
      const sorted = [...model.values()].sort(cmp);
      assert.deepEqual(is.toArray().map(String), sorted.map(String));
      assert.equal(is.length, sorted.length);
      assert.equal(is.encoding, widest);
      assert.equal(is.blobLen, 8 + sorted.length * widest);
      if (sorted.length > 0) {
        assert.equal(String(is.min()), String(sorted[0]));
        assert.equal(String(is.max()), String(sorted[sorted.length - 1]));
        assert.deepEqual(IntSet.fromBytes(is.view())!.toArray().map(String), sorted.map(String));
      }
    }), { seed: SEED, numRuns: 300 });
  });

  it('batch adds agree with one-by-one adds', () => {
    const valueArb: fc.Arbitrary<IntValue> = fc.oneof(
      fc.integer({ min: -300, max: 300 }),
      fc.integer({ min: -3_000_000_000, max: 3_000_000_000 }),
      fc.bigInt({ min: I64_MIN, max: I64_MAX }).map((b) => parseIntsetValue(b.toString())!),
    );
    fc.assert(fc.property(fc.array(fc.array(valueArb, { maxLength: 20 }), { maxLength: 8 }), (batches) => {
      const one = new IntSet();
      const many = new IntSet();
      for (const batch of batches) {
        let added = 0;
        for (const v of batch) if (one.add(v)) added++;
        assert.equal(many.addMany(batch), added);
        assert.deepEqual(many.view(), one.view());
      }
    }), { seed: SEED, numRuns: 200 });
  });
});
