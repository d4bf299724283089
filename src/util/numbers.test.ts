// Unit tests for Redis-style number parsing and formatting: the reply form of doubles (Redis 7.2's
// d2string: integers within ±2^62 in plain digits, else fpconv_dtoa's shortest form), strtod's
// hexadecimal form, and the lenient whole-string strtod of score ranges.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDouble, formatDouble17g, grisu2, grisuCachedPower, parseDouble, parseHexDouble, parseStrtodFull } from './numbers.ts';

describe('formatDouble', () => {
  it('prints integers within ±2^62 as plain digits, as d2string does', () => {
    assert.equal(formatDouble(1e17), '100000000000000000');
    assert.equal(formatDouble(-1e18), '-1000000000000000000');
    assert.equal(formatDouble(2 ** 62), '4611686018427387904');
    assert.equal(formatDouble(-(2 ** 62)), '-4611686018427387904');
    assert.equal(formatDouble(2 ** 53 + 2), '9007199254740994');
  });
  it('leaves larger integers to the fpconv form', () => {
    assert.equal(formatDouble(2 ** 63), '9223372036854776000');
    assert.equal(formatDouble(5e18), '5e+18');
    assert.equal(formatDouble(1e300), '1e+300');
  });
  it('prints fractions in the shortest round-trip form', () => {
    assert.equal(formatDouble(1.5), '1.5');
    assert.equal(formatDouble(0.1), '0.1');
    assert.equal(formatDouble(0.1 + 0.2), '0.30000000000000004');
    assert.equal(formatDouble(1e-7), '1e-7');
    assert.equal(formatDouble(0.000001), '0.000001');
    assert.equal(formatDouble(123456.789e3), '123456789');
    assert.equal(formatDouble(1.5e-10), '1.5e-10');
    assert.equal(formatDouble(-2.5), '-2.5');
  });
  it('spells zero, infinities and NaN as Redis', () => {
    assert.equal(formatDouble(0), '0');
    assert.equal(formatDouble(-0), '-0');
    assert.equal(formatDouble(Infinity), 'inf');
    assert.equal(formatDouble(-Infinity), '-inf');
    assert.equal(formatDouble(NaN), 'nan');
  });
});

describe('Grisu2 (fpconv_dtoa)', () => {
  it('computes the cached powers of ten fpconv uses', () => {
    assert.deepEqual(grisuCachedPower(0), [18054884314459144840n, -1220]);
    assert.deepEqual(grisuCachedPower(1), [13451937075301367670n, -1193]);
    assert.deepEqual(grisuCachedPower(43), [15111572745182864684n, -77]);
    assert.deepEqual(grisuCachedPower(46), [12500000000000000000n, 3]);
    assert.deepEqual(grisuCachedPower(47), [9313225746154785156n, 30]);
    assert.deepEqual(grisuCachedPower(86), [12648080533535911531n, 1066]);
  });
  it('gives the shortest digits in the common case', () => {
    assert.equal(grisu2(0.30000000000000004), '30000000000000004');
    assert.equal(grisu2(1 / 3), '3333333333333333');
    assert.equal(grisu2(1.7976931348623157e308), '17976931348623157');
  });
  it('keeps its own last digit where it differs from the shortest form', () => {
    // Both 17-digit forms round-trip; Grisu2's rounding step ends on the upper one (and with
    // 12 decimals fpconv's layout rules pick the exponent form).
    assert.equal(formatDouble(14671.707153320312), '1.4671707153320313e+4');
    assert.equal((14671.707153320312).toString(), '14671.707153320312');
    assert.equal(Number('14671.707153320313'), 14671.707153320312);
  });
  it('always round-trips', () => {
    let x = 0.000123456789;
    for (let i = 0; i < 300; i++) {
      x = (x * 1.61803398875 + 0.123) % 1e6;
      assert.equal(Number(formatDouble(x)), x);
      assert.equal(Number(formatDouble(x / 1e12)), x / 1e12);
    }
  });
});

describe('parseDouble', () => {
  it('reads decimal, infinity and strtod hex forms', () => {
    assert.equal(parseDouble('1.5'), 1.5);
    assert.equal(parseDouble('-inf'), -Infinity);
    assert.equal(parseDouble('+Infinity'), Infinity);
    assert.equal(parseDouble('0x10'), 16);
    assert.equal(parseDouble('-0x1.8p1'), -3);
    assert.equal(parseDouble('0X.8'), 0.5);
  });
  it('rejects what string2d rejects', () => {
    for (const s of ['', ' 1', '1 ', 'nan', 'abc', '0x', '1e400', '1e-400', '0xp1', '--1']) {
      assert.equal(parseDouble(s), null, s);
    }
  });
});

describe('parseHexDouble', () => {
  it('scales by the binary exponent', () => {
    assert.equal(parseHexDouble('0x1p-2'), 0.25);
    assert.equal(parseHexDouble('0xffp0'), 255);
    assert.equal(parseHexDouble('12'), null);
  });
});

describe('parseStrtodFull', () => {
  it('accepts what zslParseRange accepts', () => {
    assert.equal(parseStrtodFull(''), 0);
    assert.equal(parseStrtodFull(' 1'), 1);
    assert.equal(parseStrtodFull('\t-2.5'), -2.5);
    assert.equal(parseStrtodFull('1e400'), Infinity);
    assert.equal(parseStrtodFull('1e-400'), 0);
    assert.equal(parseStrtodFull('+inf'), Infinity);
    assert.equal(parseStrtodFull('0x10'), 16);
  });
  it('rejects trailing characters, blanks and NaN', () => {
    for (const s of [' ', '1 ', 'nan', 'x', '1x']) assert.equal(parseStrtodFull(s), null, s);
  });
});

describe('formatDouble17g', () => {
  it('prints as C\'s %.17g (checked against redis-server ZSCAN over a skiplist)', () => {
    const cases: [number, string][] = [[0.1, '0.10000000000000001'], [1.1, '1.1000000000000001'],
      [1e-5, '1.0000000000000001e-05'], [123456789012345678, '1.2345678901234568e+17'], [1e300, '1.0000000000000001e+300'],
      [-2.5e-7, '-2.4999999999999999e-07'], [3, '3'], [0.0001, '0.0001'], [Infinity, 'inf'], [-Infinity, '-inf'],
      [1e16, '10000000000000000'], [1e17, '1e+17'], [0, '0']];
    for (const [d, want] of cases) assert.equal(formatDouble17g(d), want, String(d));
  });
});
