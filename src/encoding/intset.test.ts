import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  INTSET_EMPTY, INTSET_ENC_INT16, INTSET_ENC_INT32, INTSET_ENC_INT64, intsetAdd, intsetAddMany, intsetBlobLen,
  intsetEncoding, intsetFind, intsetFromBytes, intsetGet, intsetLength, intsetMax, intsetMin, intsetRandom,
  intsetRemove, intsetToArray, intsetToBytes, parseIntsetValue, validateIntset, valueEncoding,
} from './intset.ts';
import type { IntValue } from './intset.ts';

const SEED = 20261121;
const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);

function cmp(a: IntValue, b: IntValue): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The intset built by adding values one at a time. */
function addAll(values: readonly IntValue[], s = INTSET_EMPTY): string {
  for (const v of values) s = intsetAdd(s, v);
  return s;
}

describe('intset', () => {
  it('has Redis layout: encoding, length, little-endian values', () => {
    const s = addAll([5, -3, 1000]);
    assert.deepEqual(intsetToBytes(s), Buffer.from([2, 0, 0, 0, 3, 0, 0, 0, 0xfd, 0xff, 5, 0, 0xe8, 0x03]));
    assert.equal(intsetBlobLen(s), 14);
    assert.equal(intsetToBytes(INTSET_EMPTY).toString('hex'), '0200000000000000');
  });

  it('is byte-identical to the intset real Redis built', () => {
    // DUMP of SADD s 5 -40000 5000000000 9223372036854775807 0 on redis-server 7.0.15: type 11,
    // length 48, the intset blob, RDB version, CRC64.
    const dump = Buffer.from('0b300800000005000000c063ffffffffffff0000000000000000050000000000000000f2052a01' +
      '000000ffffffffffffff7f0a0064498a7d6ba5102f', 'hex');
    const fromRedis = dump.subarray(2, 2 + 48);
    const s = addAll([5, -40000, 5000000000, I64_MAX, 0]);
    assert.deepEqual(intsetToBytes(s), fromRedis);
    assert.deepEqual(intsetToArray(intsetFromBytes(fromRedis)!), [-40000, 0, 5, 5000000000, I64_MAX]);
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
      const one = addAll(values);
      assert.deepEqual(intsetToBytes(one), redis, hex);
      const batch = intsetAddMany(INTSET_EMPTY, values);
      assert.equal(intsetLength(batch), values.length);
      assert.equal(batch, one);
      assert.deepEqual(intsetToBytes(batch), redis, hex);
      const back = intsetFromBytes(redis)!;
      assert.deepEqual(intsetToArray(back).map(String), [...values].sort(cmp).map(String));
      assert.deepEqual(intsetToBytes(back), redis);
      assert.equal(intsetEncoding(back), redis[0]);
      assert.equal(intsetBlobLen(back), redis.length);
    }
  });

  it('returns the same string when nothing changes', () => {
    const s = addAll([1, 2, 70000]);
    // JS can only observe string contents, so this checks the contract callers rely on: a no-op
    // hands back an equal string (the code returns the operand itself), a change a different one.
    assert.equal(intsetAdd(s, 2), s);
    assert.equal(intsetAdd(s, 70000), s);
    assert.equal(intsetRemove(s, 3), s);
    assert.equal(intsetRemove(s, 2 ** 40), s, 'wider than the encoding: not a member');
    assert.equal(intsetAddMany(s, [1, 70000, 2, 1]), s);
    assert.equal(intsetAddMany(s, []), s);
    assert.notEqual(intsetAdd(s, 3), s);
    assert.notEqual(intsetRemove(s, 1), s);
  });

  it('adds a batch in one go: duplicates, members already present, widening', () => {
    let s = addAll([10, -4]);
    let next = intsetAddMany(s, [3, 10, 3, 7, -4, 12]);
    assert.equal(intsetLength(next) - intsetLength(s), 3);
    s = next;
    assert.deepEqual(intsetToArray(s), [-4, 3, 7, 10, 12]);
    assert.equal(intsetEncoding(s), 2);
    next = intsetAddMany(s, [5, 70000, -5, 70000]);
    assert.equal(intsetLength(next) - intsetLength(s), 3);
    s = next;
    assert.deepEqual(intsetToArray(s), [-5, -4, 3, 5, 7, 10, 12, 70000]);
    assert.equal(intsetEncoding(s), 4);
    next = intsetAddMany(s, [I64_MAX, 12, I64_MIN, 9007199254740993n]);
    assert.equal(intsetLength(next) - intsetLength(s), 3);
    s = next;
    assert.deepEqual(intsetToArray(s).map(String),
      [I64_MIN, -5, -4, 3, 5, 7, 10, 12, 70000, 9007199254740993n, I64_MAX].map(String));
    assert.equal(intsetEncoding(s), 8);
    assert.throws(() => intsetAddMany(s, [1, 1.5]));
    assert.equal(intsetFind(s, 1), false, 'a rejected batch adds nothing');
    assert.ok(validateIntset(intsetToBytes(s)));
  });

  it('reads and writes at the int64 and safe-integer edges', () => {
    const edges: IntValue[] = [I64_MIN, -(2n ** 53n), -9007199254740991, -(2 ** 32) - 1, -(2 ** 32), -1, 0,
      2 ** 32 - 1, 2 ** 32, 9007199254740991, 2n ** 53n, I64_MAX];
    let s = INTSET_EMPTY;
    for (const v of [...edges].reverse()) {
      const next = intsetAdd(s, v);
      assert.equal(intsetLength(next), intsetLength(s) + 1);
      s = next;
    }
    assert.deepEqual(intsetToArray(s), edges);
    for (const v of edges) assert.ok(intsetFind(s, v), String(v));
    assert.deepEqual(intsetToArray(intsetFromBytes(intsetToBytes(s))!), edges);
    assert.equal(typeof intsetGet(s, 1), 'bigint', '-2^53 is not a safe integer');
    assert.equal(typeof intsetGet(s, 2), 'number');
  });

  it('values are immutable: an old string is untouched by changes; bytes are a copy', () => {
    const a = addAll([1, 2, 3]);
    const b = intsetAdd(a, 4);
    const c = intsetRemove(a, 1);
    assert.deepEqual(intsetToArray(a), [1, 2, 3]);
    assert.deepEqual(intsetToArray(b), [1, 2, 3, 4]);
    assert.deepEqual(intsetToArray(c), [2, 3]);
    const v = intsetToBytes(c);
    v[8] = 99;
    assert.deepEqual(intsetToArray(c), [2, 3]);
  });

  it('removes down to empty and keeps the widest encoding', () => {
    let s = intsetAddMany(INTSET_EMPTY, [-1, 40000, 2]);
    for (const v of [40000, -1, 2]) {
      const next = intsetRemove(s, v);
      assert.equal(intsetLength(next), intsetLength(s) - 1);
      s = next;
    }
    assert.equal(intsetRemove(s, 2), s);
    assert.equal(intsetLength(s), 0);
    assert.equal(intsetEncoding(s), 4);
    assert.deepEqual(intsetToBytes(s), Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]));
    assert.equal(intsetMax(s), null);
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
    let s = addAll([1, 2]);
    assert.equal(intsetEncoding(s), 2);
    s = intsetAdd(s, -40000);
    assert.equal(intsetEncoding(s), 4);
    assert.deepEqual(intsetToArray(s), [-40000, 1, 2]);
    s = intsetAdd(s, 5_000_000_000);
    assert.equal(intsetEncoding(s), 8);
    assert.deepEqual(intsetToArray(s), [-40000, 1, 2, 5_000_000_000]);
    s = addAll([I64_MAX, I64_MIN], s);
    assert.deepEqual(intsetToArray(s), [I64_MIN, -40000, 1, 2, 5_000_000_000, I64_MAX]);
    assert.equal(intsetMin(s), I64_MIN);
    assert.equal(intsetMax(s), I64_MAX);
    assert.equal(intsetBlobLen(s), 8 + 6 * 8);
    // Removing the wide values never narrows the encoding again (as in Redis).
    s = intsetRemove(intsetRemove(s, I64_MAX), I64_MIN);
    assert.equal(intsetLength(s), 4);
    assert.equal(intsetEncoding(s), 8);
    assert.ok(intsetFind(s, 2));
    assert.equal(intsetFind(s, I64_MAX), false);
  });

  it('keeps int64 extremes exact and parses member strings like Redis', () => {
    assert.equal(parseIntsetValue('9223372036854775807'), I64_MAX);
    assert.equal(parseIntsetValue('-9223372036854775808'), I64_MIN);
    assert.equal(parseIntsetValue('9223372036854775808'), null);
    assert.equal(parseIntsetValue('12'), 12);
    assert.equal(parseIntsetValue('9007199254740993'), 9007199254740993n);
    for (const t of ['', '-0', '01', '+1', ' 1', '1.0', 'x']) assert.equal(parseIntsetValue(t), null, t);
    const s = addAll([9007199254740993n, 9007199254740991]);
    assert.deepEqual(intsetToArray(s).map(String), ['9007199254740991', '9007199254740993']);
  });

  it('rejects out-of-range and inexact numbers', () => {
    const s = INTSET_EMPTY;
    assert.throws(() => intsetAdd(s, 2 ** 60));
    assert.throws(() => intsetAdd(s, 1.5));
    assert.throws(() => intsetAdd(s, 2n ** 63n));
    assert.equal(intsetFind(s, 2 ** 40), false);
    assert.equal(intsetRemove(s, 2 ** 40), s);
    assert.equal(intsetRandom(s), null);
    assert.equal(intsetMin(s), null);
  });

  it('validates serialized bytes (Redis deep check)', () => {
    const good = intsetToBytes(addAll([-7, 3, 70000]));
    assert.ok(validateIntset(good));
    assert.deepEqual(intsetToArray(intsetFromBytes(good)!), [-7, 3, 70000]);
    const bad = (f: (b: Buffer) => Buffer): boolean => validateIntset(f(Buffer.from(good)));
    assert.equal(bad((b) => { b.writeUInt32LE(3, 0); return b; }), false); // unknown encoding
    assert.equal(bad((b) => { b.writeUInt32LE(4, 4); return b; }), false); // length vs size
    assert.equal(bad((b) => b.subarray(0, b.length - 1)), false);
    assert.equal(bad((b) => { b.writeInt32LE(3, 8); return b; }), false); // duplicate
    assert.equal(bad((b) => { b.writeInt32LE(80000, 12); return b; }), false); // out of order
    assert.equal(validateIntset(Buffer.from([2, 0, 0, 0, 0, 0, 0, 0])), false); // empty
    assert.equal(intsetFromBytes(Buffer.from([1, 2, 3])), null);
    assert.equal(intsetFromBytes(Buffer.from([2, 0, 0, 0, 0, 0, 0, 0])), null);
  });

  it('picks random members uniformly by position', () => {
    const s = addAll(Array.from({ length: 10 }, (_, i) => i * 3));
    assert.equal(intsetRandom(s, () => 0), 0);
    assert.equal(intsetRandom(s, () => 0.999), 27);
    assert.equal(intsetRandom(s, () => 0.5), 15);
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
      let s = INTSET_EMPTY;
      const model = new Map<string, IntValue>();
      let widest = 2;
      for (const { add, v } of ops) {
        const key = String(v);
        const next = add ? intsetAdd(s, v) : intsetRemove(s, v);
        if (add) {
          assert.equal(next !== s, !model.has(key));
          model.set(key, v);
          widest = Math.max(widest, valueEncoding(v));
        } else {
          assert.equal(next !== s, model.delete(key));
        }
        s = next;
        assert.equal(intsetFind(s, v), model.has(key));
      }
      const sorted = [...model.values()].sort(cmp);
      assert.deepEqual(intsetToArray(s).map(String), sorted.map(String));
      assert.equal(intsetLength(s), sorted.length);
      assert.equal(intsetEncoding(s), widest);
      assert.equal(intsetBlobLen(s), 8 + sorted.length * widest);
      if (sorted.length > 0) {
        assert.equal(String(intsetMin(s)), String(sorted[0]));
        assert.equal(String(intsetMax(s)), String(sorted[sorted.length - 1]));
        assert.deepEqual(intsetToArray(intsetFromBytes(intsetToBytes(s))!).map(String), sorted.map(String));
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
      let one = INTSET_EMPTY;
      let many = INTSET_EMPTY;
      for (const batch of batches) {
        let added = 0;
        for (const v of batch) {
          const next = intsetAdd(one, v);
          if (next !== one) added++;
          one = next;
        }
        const next = intsetAddMany(many, batch);
        assert.equal(intsetLength(next) - intsetLength(many), added);
        many = next;
        assert.deepEqual(intsetToBytes(many), intsetToBytes(one));
      }
    }), { seed: SEED, numRuns: 200 });
  });
});
