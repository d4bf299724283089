import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  LP_AFTER, LP_BEFORE, LP_HDR_NUMELE_UNKNOWN, Listpack, backlenSize, countValid, validateIntegrity,
} from './listpack.ts';
import type { LpValue } from './listpack.ts';

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
      const lp = new Listpack(8);
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
      lp.shrinkToFit();
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
