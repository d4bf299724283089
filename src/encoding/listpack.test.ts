import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  LP_AFTER, LP_BEFORE, LP_HDR_NUMELE_UNKNOWN, Listpack, backlenSize, countValid, validateIntegrity,
} from './listpack.ts';
import type { LpValue } from './listpack.ts';
import { listpackBulkRange } from './quicklist-bulk.ts';

const SEED = 20261121;

function fromValues(values: LpValue[]): Listpack {
  const lp = new Listpack();
  for (const v of values) lp.append(v);
  return lp;
}

/** Entry size (encoding + data + back-length) of a listpack holding only v. */
function entrySize(v: LpValue): number {
  return fromValues([v]).bytes - 7;
}

function firstByte(v: LpValue): number {
  return fromValues([v]).view()[6]!;
}

function reverse(lp: Listpack): string[] {
  const out: string[] = [];
  for (let p = lp.last(); p >= 0; p = lp.prev(p)) out.push(lp.get(p));
  return out;
}

describe('listpack layout', () => {
  it('matches a hand-computed byte layout', () => {
    const lp = fromValues(['a', 1, 127, 128, -1, 'x'.repeat(64)]);
    const expected = Buffer.concat([
      Buffer.from([87, 0, 0, 0, 6, 0]), // total bytes, element count
      Buffer.from([0x81, 0x61, 0x02]), // 6-bit string "a", back-length 2
      Buffer.from([0x01, 0x01]), // 7-bit uint 1
      Buffer.from([0x7f, 0x01]), // 7-bit uint 127
      Buffer.from([0xc0, 0x80, 0x02]), // 13-bit int 128
      Buffer.from([0xdf, 0xff, 0x02]), // 13-bit int -1 (8191 = two's complement in 13 bits)
      Buffer.from([0xe0, 0x40]), Buffer.from('x'.repeat(64), 'latin1'), Buffer.from([0x42]), // 12-bit string
      Buffer.from([0xff]),
    ]);
    assert.deepEqual(lp.view(), expected);
    assert.deepEqual(lp.toArray(), ['a', '1', '127', '128', '-1', 'x'.repeat(64)]);
  });

  it('is byte-identical to the listpack real Redis built for a hash', () => {
    // DUMP (rdbcompression no) of a listpack-encoded hash from redis-server 7.0.15: type 16, a
    // 14-bit string length of 158, then the listpack itself, then RDB version and CRC64.
    const dump = Buffer.concat([
      Buffer.from('10409e9e00000016008161020101816202c08002816302dfff02816402e040', 'hex'),
      Buffer.from('x'.repeat(64), 'latin1'),
      Buffer.from('42816502f270110104816602f4000000800000000009816702822d3003816802f400000000000000' +
        '8009816902f1001003816a02f3ffff7fff05816b0282ff0003ff0a008b44a7be07375c78', 'hex'),
    ]);
    const fromRedis = dump.subarray(3, 3 + 158);
    const values = ['a', '1', 'b', '128', 'c', '-1', 'd', 'x'.repeat(64), 'e', '70000', 'f', '2147483648',
      'g', '-0', 'h', '-9223372036854775808', 'i', '4096', 'j', '-8388609', 'k', '\u00ff\u0000'];
    assert.deepEqual(fromValues(values).view(), fromRedis);
    assert.deepEqual(Listpack.fromBytes(fromRedis)!.toArray(), values);
  });

  it('encodes the empty listpack as header + terminator', () => {
    assert.deepEqual(new Listpack().view(), Buffer.from([7, 0, 0, 0, 0, 0, 0xff]));
  });

  it('stores canonical integer strings as integers, others as strings', () => {
    assert.equal(firstByte('12'), 12);
    assert.equal(firstByte('-0') & 0xc0, 0x80);
    assert.equal(firstByte('01') & 0xc0, 0x80);
    assert.equal(firstByte('+1') & 0xc0, 0x80);
    assert.equal(firstByte(' 1') & 0xc0, 0x80);
    assert.equal(firstByte('9223372036854775807'), 0xf4);
    assert.equal(firstByte('-9223372036854775808'), 0xf4);
    assert.equal(firstByte('9223372036854775808') & 0xc0, 0x80); // out of int64: a string
    const lp = fromValues(['9223372036854775807', '-9223372036854775808', '-0', '007']);
    assert.deepEqual(lp.toArray(), ['9223372036854775807', '-9223372036854775808', '-0', '007']);
  });

  it('uses each integer width exactly at its bounds', () => {
    const cases: [number, number, number][] = [
      // value, first byte (or encoding tag), entry size
      [0, 0x00, 2], [127, 0x7f, 2], [128, 0xc0, 3], [-1, 0xdf, 3], [4095, 0xcf, 3], [-4096, 0xd0, 3],
      [4096, 0xf1, 4], [-4097, 0xf1, 4], [32767, 0xf1, 4], [-32768, 0xf1, 4],
      [32768, 0xf2, 5], [-32769, 0xf2, 5], [8388607, 0xf2, 5], [-8388608, 0xf2, 5],
      [8388608, 0xf3, 6], [-8388609, 0xf3, 6], [2147483647, 0xf3, 6], [-2147483648, 0xf3, 6],
      [2147483648, 0xf4, 10], [-2147483649, 0xf4, 10], [Number.MAX_SAFE_INTEGER, 0xf4, 10],
    ];
    for (const [v, tag, size] of cases) {
      assert.equal(firstByte(v), tag, `tag of ${v}`);
      assert.equal(entrySize(v), size, `size of ${v}`);
      assert.equal(entrySize(String(v)), size, `size of "${v}"`);
      const lp = fromValues([v]);
      assert.equal(lp.get(lp.first()), String(v));
      assert.equal(lp.getInt(lp.first()), v);
      assert.ok(lp.isInt(lp.first()));
    }
  });

  it('uses each string width exactly at its bounds', () => {
    const cases: [number, number, number][] = [
      // length, tag mask result, entry size
      [0, 0x80, 2], [63, 0xbf, 65], [64, 0xe0, 67], [125, 0xe0, 128], [126, 0xe0, 130],
      [4095, 0xef, 4099], [4096, 0xf0, 4103],
    ];
    for (const [n, tag, size] of cases) {
      const s = 'y'.repeat(n);
      assert.equal(firstByte(s), tag, `tag of length ${n}`);
      assert.equal(entrySize(s), size, `size of length ${n}`);
      const lp = fromValues([s, 'z']);
      assert.equal(lp.get(lp.first()), s);
      assert.deepEqual(reverse(lp), ['z', s]);
      assert.ok(validateIntegrity(lp.view()));
    }
  });

  it('sizes back-lengths with Redis thresholds and walks back over every size', () => {
    assert.deepEqual([127, 128, 16382, 16383, 2097150, 2097151, 268435454, 268435455].map(backlenSize),
      [1, 2, 2, 3, 3, 4, 4, 5]);
    for (const n of [16377, 16378, 16379, 70000]) {
      const s = 'q'.repeat(n);
      const lp = fromValues(['a', s, 'b']);
      assert.deepEqual(reverse(lp), ['b', s, 'a']);
      assert.equal(lp.bytes, 7 + 3 + 5 + n + backlenSize(5 + n) + 3);
      assert.ok(validateIntegrity(lp.view()));
    }
  });

  it('keeps latin1 bytes 0-255 intact', () => {
    let s = '';
    for (let i = 0; i < 256; i++) s += String.fromCharCode(i);
    const lp = fromValues([s, '\u00ff', '\u0000']);
    assert.deepEqual(lp.toArray(), [s, '\u00ff', '\u0000']);
    assert.ok(lp.equals(lp.first(), s));
  });

  it('switches the header count to unknown at 65535 elements', () => {
    const lp = new Listpack();
    for (let i = 0; i < 65536; i++) lp.append(i & 127);
    assert.equal(lp.length, 65536);
    assert.equal(lp.view().readUInt16LE(4), LP_HDR_NUMELE_UNKNOWN);
    assert.equal(countValid(lp.view(), lp.bytes), 65536);
    assert.equal(Listpack.fromBytes(lp.view())!.length, 65536);
    lp.deleteRange(0, 2);
    assert.equal(lp.view().readUInt16LE(4), 65534);
  });
});

describe('listpack operations', () => {
  it('seeks with positive and negative indexes', () => {
    const lp = fromValues(['a', 'b', 'c', 'd', 'e']);
    assert.equal(lp.at(0), 'a');
    assert.equal(lp.at(4), 'e');
    assert.equal(lp.at(-1), 'e');
    assert.equal(lp.at(-5), 'a');
    assert.equal(lp.at(5), null);
    assert.equal(lp.at(-6), null);
  });

  it('inserts before/after and replaces by position', () => {
    const lp = fromValues(['a', 'c']);
    lp.insert(lp.first(), 'b', LP_AFTER);
    lp.insert(lp.first(), 'z', LP_BEFORE);
    lp.replace(lp.seek(-1), 12345);
    assert.deepEqual(lp.toArray(), ['z', 'a', 'b', '12345']);
    lp.insertAt(4, 'end');
    lp.insertAt(0, 'start');
    assert.deepEqual(lp.toArray(), ['start', 'z', 'a', 'b', '12345', 'end']);
  });

  it('deletes and returns the following position', () => {
    const lp = fromValues(['a', 'b', 'c']);
    const p = lp.delete(lp.seek(1));
    assert.equal(lp.get(p), 'c');
    assert.equal(lp.delete(lp.seek(1)), -1);
    assert.deepEqual(lp.toArray(), ['a']);
    assert.equal(lp.deleteRange(-1, 10), 1);
    assert.equal(lp.first(), -1);
    assert.equal(lp.last(), -1);
    assert.equal(lp.deleteRange(0, 1), 0);
  });

  it('finds field/value pairs with skip, comparing integers by value', () => {
    const lp = fromValues(['f1', 'v1', '10', 'f1', 'f2', '20', '30', 'x']);
    assert.equal(lp.find(lp.first(), 'f1', 1), lp.seek(0));
    assert.equal(lp.find(lp.first(), 'f2', 1), lp.seek(4));
    // 'f1' at index 3 is a value, so a field search from index 2 skips it.
    assert.equal(lp.find(lp.seek(2), 'f1', 1), -1);
    assert.equal(lp.find(lp.first(), '10', 1), lp.seek(2));
    assert.equal(lp.find(lp.first(), '30', 1), lp.seek(6));
    assert.equal(lp.find(lp.first(), '20', 1), -1);
    assert.equal(lp.find(lp.first(), '20', 0), lp.seek(5));
    assert.equal(lp.find(lp.first(), '010', 0), -1);
  });

  it('appends another listpack by byte copy', () => {
    const a = fromValues(['a', 1]);
    a.appendAll(fromValues([-70000, 'x'.repeat(300)]));
    assert.deepEqual(a.toArray(), ['a', '1', '-70000', 'x'.repeat(300)]);
    assert.ok(validateIntegrity(a.view()));
  });
});

describe('listpack validation', () => {
  const good = fromValues(['a', 1, 300, 'x'.repeat(100), -100000]).view();

  it('accepts valid bytes and rejects structural damage', () => {
    assert.ok(validateIntegrity(good));
    const cases: [string, (b: Buffer) => Buffer][] = [
      ['truncated', (b) => b.subarray(0, b.length - 1)],
      ['wrong total', (b) => { b.writeUInt32LE(b.length + 1, 0); return b; }],
      ['wrong count', (b) => { b.writeUInt16LE(4, 4); return b; }],
      ['no terminator', (b) => { b[b.length - 1] = 0; return b; }],
      ['bad encoding', (b) => { b[6] = 0xf5; return b; }],
      ['bad back-length', (b) => { b[8] = 9; return b; }],
      ['string past end', (b) => { b[6] = 0xbf; return b; }],
      ['too short', () => Buffer.from([6, 0, 0, 0, 0, 0])],
    ];
    for (const [name, damage] of cases) {
      assert.equal(validateIntegrity(damage(Buffer.from(good))), false, name);
      assert.equal(Listpack.fromBytes(damage(Buffer.from(good))), null, name);
    }
  });

  it('never throws on random corruption', () => {
    fc.assert(fc.property(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 }), (i, byte) => {
      const b = Buffer.from(good);
      b[i] = byte;
      const ok = validateIntegrity(b);
      if (ok) assert.equal(Listpack.fromBytes(b)!.toArray().length, Listpack.fromBytes(b)!.length);
    }), { seed: SEED, numRuns: 500 });
  });
});

const valueArb: fc.Arbitrary<LpValue> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 8 }) },
  { weight: 3, arbitrary: fc.integer({ min: -3_000_000_000, max: 3_000_000_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: -5000, max: 5000 }).map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 4200 }).map((n) => 'k'.repeat(n)) },
);

type Op =
  | { t: 'append' | 'prepend'; v: LpValue }
  | { t: 'insert'; i: number; v: LpValue; after: boolean }
  | { t: 'replace'; i: number; v: LpValue }
  | { t: 'delete'; i: number }
  | { t: 'deleteRange'; i: number; n: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constantFrom('append' as const, 'prepend' as const), v: valueArb }),
  fc.record({ t: fc.constant('insert' as const), i: fc.nat(40), v: valueArb, after: fc.boolean() }),
  fc.record({ t: fc.constant('replace' as const), i: fc.integer({ min: -40, max: 40 }), v: valueArb }),
  fc.record({ t: fc.constant('delete' as const), i: fc.integer({ min: -40, max: 40 }) }),
  fc.record({ t: fc.constant('deleteRange' as const), i: fc.integer({ min: -40, max: 40 }), n: fc.nat(6) }),
);

describe('listpack against an array model', () => {
  it('agrees after random operation sequences', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 80, size: 'max' }), (ops) => {
      const lp = new Listpack();
      const model: string[] = [];
      for (const op of ops) {
        const n = model.length;
        switch (op.t) {
          case 'append': lp.append(op.v); model.push(String(op.v)); break;
          case 'prepend': lp.prepend(op.v); model.unshift(String(op.v)); break;
          case 'insert': {
            if (n === 0) break;
            const i = op.i % n;
            lp.insert(lp.seek(i), op.v, op.after ? LP_AFTER : LP_BEFORE);
            model.splice(op.after ? i + 1 : i, 0, String(op.v));
            break;
          }
          case 'replace': {
            const p = lp.seek(op.i);
            const i = op.i < 0 ? n + op.i : op.i;
            assert.equal(p >= 0, i >= 0 && i < n);
            if (p >= 0) { lp.replace(p, op.v); model[i] = String(op.v); }
            break;
          }
          case 'delete': {
            const p = lp.seek(op.i);
            const i = op.i < 0 ? n + op.i : op.i;
            if (p >= 0) { lp.delete(p); model.splice(i, 1); }
            break;
          }
          case 'deleteRange': {
            const i = op.i < 0 ? n + op.i : op.i;
            const removed = lp.deleteRange(op.i, op.n);
            const expect = i >= 0 && i < n && op.n > 0 ? Math.min(op.n, n - i) : 0;
            assert.equal(removed, expect);
            if (expect > 0) model.splice(i, expect);
            break;
          }
        }
        assert.equal(lp.length, model.length);
      }
      assert.deepEqual(lp.toArray(), model);
      assert.deepEqual(reverse(lp), [...model].reverse());
      for (let i = 0; i < model.length; i++) assert.equal(lp.at(-i - 1), model[model.length - 1 - i]);
      assert.equal(countValid(lp.view(), lp.bytes), model.length);
      const copy = Listpack.fromBytes(lp.view())!;
      assert.deepEqual(copy.toArray(), model);
      assert.deepEqual(lp.clone().toArray(), model);
    }), { seed: SEED, numRuns: 300 });
  });

  it('equals() agrees with string equality', () => {
    fc.assert(fc.property(valueArb, valueArb, (a, b) => {
      const lp = fromValues([a]);
      assert.equal(lp.equals(lp.first(), String(b)), String(a) === String(b));
      assert.ok(lp.equals(lp.first(), String(a)));
    }), { seed: SEED, numRuns: 300 });
  });
});

describe('listpack bytes as Redis writes them', () => {
  // Listpacks of a one-pair hash {k: v} from redis-server 7.0.15 (DUMP with rdbcompression off).
  // Strings: [length, bytes before the run of 'x', bytes after it].
  const STRINGS: [number, string, string][] = [
    [63, '4b0000000200816b02bf', '40ff'], [64, '4d0000000200816b02e040', '42ff'],
    [4095, '0d1000000200816b02efff', '2081ff'], [4096, '111000000200816b02f000100000', '2085ff'],
  ];
  const INTS: [string, string][] = [
    ['0', '0c0000000200816b020001ff'], ['127', '0c0000000200816b027f01ff'], ['-1', '0d0000000200816b02dfff02ff'],
    ['128', '0d0000000200816b02c08002ff'], ['4095', '0d0000000200816b02cfff02ff'], ['-4096', '0d0000000200816b02d00002ff'],
    ['4096', '0e0000000200816b02f1001003ff'], ['-32768', '0e0000000200816b02f1008003ff'], ['32767', '0e0000000200816b02f1ff7f03ff'],
    ['32768', '0f0000000200816b02f200800004ff'], ['-8388608', '0f0000000200816b02f200008004ff'],
    ['8388607', '0f0000000200816b02f2ffff7f04ff'], ['8388608', '100000000200816b02f30000800005ff'],
    ['-2147483648', '100000000200816b02f30000008005ff'], ['2147483647', '100000000200816b02f3ffffff7f05ff'],
    ['2147483648', '140000000200816b02f4000000800000000009ff'],
    ['-9223372036854775808', '140000000200816b02f4000000000000008009ff'],
    ['9223372036854775807', '140000000200816b02f4ffffffffffffff7f09ff'],
  ];
  const cases: [string, Buffer][] = [
    ['', Buffer.from('0c0000000200816b028001ff', 'hex')],
    ...STRINGS.map(([n, a, b]): [string, Buffer] => ['x'.repeat(n), Buffer.concat([Buffer.from(a, 'hex'), Buffer.alloc(n, 'x'), Buffer.from(b, 'hex')])]),
    ...INTS.map(([v, hex]): [string, Buffer] => [v, Buffer.from(hex, 'hex')]),
  ];

  it('append, appendMany, insertMany and prependMany all write Redis\'s bytes', () => {
    for (const [v, want] of cases) {
      const one = new Listpack();
      one.append('k');
      one.append(v);
      assert.deepEqual(one.view(), want, `append ${v.slice(0, 20)}`);
      assert.equal(one.raw, want.latin1Slice(0, want.length));
      const many = new Listpack();
      many.appendMany(['k', v]);
      assert.deepEqual(many.view(), want);
      const pre = new Listpack();
      pre.prependMany([v, 'k']);
      assert.deepEqual(pre.view(), want);
      const mid = fromValues(['k']);
      mid.insertMany(mid.bytes - 1, ['zz', v], 1, 2, false);
      assert.deepEqual(mid.view(), want);
    }
  });

  it('reads every encoding back: get, getInt, equals, find, listpackBulkRange, both directions', () => {
    const lp = new Listpack();
    lp.appendMany(cases.map(([v]) => v));
    const values = cases.map(([v]) => v);
    assert.deepEqual(lp.toArray(), values);
    assert.deepEqual(reverse(lp), values.slice().reverse());
    for (let i = 0, p = lp.first(); i < values.length; i++, p = lp.next(p)) {
      const v = values[i]!;
      assert.ok(lp.equals(p, v));
      assert.ok(!lp.equals(p, v + '0'));
      assert.equal(lp.find(lp.first(), v), p);
      if (lp.isInt(p) && Math.abs(Number(v)) <= Number.MAX_SAFE_INTEGER) assert.equal(lp.getInt(p), Number(v));
    }
    assert.equal(lp.getInt(lp.seek(-1)), 9223372036854775807); // rounds to the nearest double
    const out: string[] = [];
    const sink = { bulk: (s: string): void => { out.push(s); }, bulkSlice: (s: string, a: number, b: number): void => { out.push(s.slice(a, b)); } };
    assert.equal(listpackBulkRange(lp, lp.first(), values.length, true, sink), -1);
    assert.equal(listpackBulkRange(lp, lp.last(), 3, false, sink), lp.seek(-4));
    assert.deepEqual(out, [...values, ...values.slice(-3).reverse()]);
  });

  it('keeps Redis semantics in batches: order, counts, the header past 65535', () => {
    const lp = fromValues(['m']);
    lp.prependMany(['a', 'b', 'c']);
    lp.appendMany(['x', 1, 'y', -5], 1, 3);
    lp.insertMany(lp.seek(1), ['p', 'q'], 0, 2, true);
    assert.deepEqual(lp.toArray(), ['c', 'q', 'p', 'b', 'a', 'm', '1', 'y']);
    lp.appendMany([]);
    assert.equal(lp.length, 8);
    const big = new Listpack();
    big.appendMany(Array.from({ length: 70000 }, (_, i) => i % 3));
    assert.equal(big.view().readUInt16LE(4), LP_HDR_NUMELE_UNKNOWN);
    assert.equal(big.length, 70000);
    assert.equal(countValid(big.view(), big.bytes), 70000);
  });

  it('survives long runs of single appends and round-trips through fromBytes/fromString/fromTrusted', () => {
    const lp = new Listpack();
    const model: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const v = i % 5 === 0 ? String(i * 7919) : 'e' + 'z'.repeat(i % 70);
      lp.append(v);
      model.push(v);
    }
    assert.equal(lp.raw.length, lp.bytes); // no spare capacity
    assert.deepEqual(lp.toArray(), model);
    const b = lp.view();
    assert.deepEqual(Listpack.fromBytes(b)!.toArray(), model);
    assert.deepEqual(Listpack.fromString(lp.raw)!.toArray(), model);
    const padded = Buffer.concat([b, Buffer.from('junk')]);
    assert.deepEqual(Listpack.fromTrusted(padded, lp.length).toArray(), model);
    const copy = lp.clone();
    copy.delete(copy.first());
    assert.equal(lp.length, 3000, 'a clone writes apart');
    assert.equal(copy.length, 2999);
    assert.equal(Listpack.fromString(lp.raw.slice(1)), null);
  });
});
