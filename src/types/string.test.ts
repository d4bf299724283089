// Encoding choices for string objects, as Redis makes them: int for canonical int64 text, embstr
// up to 44 bytes, raw beyond; computed results keep the encoding their command gives.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createIntObject,
  createPlainStringObject,
  createRawObject,
  createStringObject,
  stringInteger,
  stringLength,
  stringValue,
} from './string.ts';

describe('string encodings', () => {
  it('takes canonical int64 text as int', () => {
    for (const s of ['0', '1', '-1', '12345', '9223372036854775807', '-9223372036854775808']) {
      const o = createStringObject(s, 0);
      assert.equal(o.enc, 'int', s);
      assert.equal(stringValue(o), s);
    }
    assert.equal(typeof createStringObject('12345', 0).value, 'number');
    assert.equal(typeof createStringObject('9223372036854775807', 0).value, 'string', 'beyond 2^53 kept as text');
  });

  it('leaves non-canonical or out-of-range numbers as strings', () => {
    for (const s of ['-0', '01', '+1', ' 1', '1 ', '1.0', '9223372036854775808', '-9223372036854775809', '']) {
      assert.equal(createStringObject(s, 0).enc, 'embstr', JSON.stringify(s));
    }
  });

  it('switches from embstr to raw after 44 bytes', () => {
    assert.equal(createStringObject('x'.repeat(44), 0).enc, 'embstr');
    assert.equal(createStringObject('x'.repeat(45), 0).enc, 'raw');
    assert.equal(createPlainStringObject('1'.repeat(44), 0).enc, 'embstr', 'INCRBYFLOAT results are never int');
    assert.equal(createPlainStringObject('1', 0).enc, 'embstr');
    assert.equal(createPlainStringObject('1'.repeat(45), 0).enc, 'raw');
    assert.equal(createRawObject('a', 0).enc, 'raw');
  });

  it('makes INCR results int, whatever their size', () => {
    assert.deepEqual([createIntObject(5, 0).enc, createIntObject(5, 0).value], ['int', 5]);
    assert.equal(createIntObject(2n ** 60n, 0).value, '1152921504606846976');
    assert.equal(createIntObject(7n, 0).value, 7);
  });

  it('reads integers back as Redis does', () => {
    assert.equal(stringInteger(createStringObject('42', 0)), 42);
    assert.equal(stringInteger(createStringObject('9223372036854775807', 0)), 9223372036854775807n);
    assert.equal(stringInteger(createRawObject('123', 0)), 123);
    assert.equal(stringInteger(createRawObject('-9223372036854775808', 0)), -9223372036854775808n);
    assert.equal(stringInteger(createRawObject('12a', 0)), null);
    assert.equal(stringInteger(createRawObject('9223372036854775808', 0)), null);
    assert.equal(stringLength(createStringObject('-123', 0)), 4);
  });
});
