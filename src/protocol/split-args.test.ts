// Unit tests for splitArgs (Redis's sdssplitargs rules): quoting, escapes, blanks, the errors, and a
// seeded property: any bytes, quoted, come back unchanged.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { splitArgs } from './split-args.ts';

describe('splitArgs', () => {
  it('splits on blanks', () => {
    assert.deepEqual(splitArgs('  SET\tk  v \r\n'), ['SET', 'k', 'v']);
    assert.deepEqual(splitArgs(''), []);
    assert.deepEqual(splitArgs('   '), []);
  });

  it('understands double-quote escapes', () => {
    assert.deepEqual(splitArgs('"a\\nb" "\\r\\t\\b\\a" "\\x41\\x7a\\xff" "\\"\\\\" "\\q"'),
      ['a\nb', '\r\t\b\x07', 'Az\xff', '"\\', 'q']);
    // An incomplete \x escape is taken literally, character by character.
    assert.deepEqual(splitArgs('"\\x4"'), ['x4']);
    assert.deepEqual(splitArgs('"\\xZZ"'), ['xZZ']);
  });

  it('understands single quotes, where only \\\' is an escape', () => {
    assert.deepEqual(splitArgs("'a\\'b' 'c\\nd'"), ["a'b", 'c\\nd']);
  });

  it('joins quoted and bare parts of one argument', () => {
    assert.deepEqual(splitArgs('ab"c d"'), ['abc d']);
    assert.deepEqual(splitArgs('""'), ['']);
    assert.deepEqual(splitArgs("''"), ['']);
  });

  it('rejects unbalanced quotes and a quote not followed by a blank', () => {
    for (const bad of ['"abc', "'abc", '"a"b', "'a'b", '"abc\\"', 'x "y']) assert.equal(splitArgs(bad), null, bad);
  });

  it('keeps vertical tab and form feed inside bare arguments', () => {
    assert.deepEqual(splitArgs('a\vb\fc d'), ['a\vb\fc', 'd']);
  });

  it('stops at a NUL byte, as Redis splitting a C string does', () => {
    assert.deepEqual(splitArgs('a b\x00c d'), ['a', 'b']);
    assert.deepEqual(splitArgs('"a\x00b"'), null);
  });

  it('splits unquoted lines the same on the fast path as through the full rules (seeded)', () => {
    const ch = fc.constantFrom('a', 'b', ' ', '\t', '\r', '\n', '\v', '\f', '\xff', '\\', 'x');
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 20 }), (chars) => {
        const line = chars.join('');
        // Appending a quoted empty argument forces the full path; its result then ends with ''.
        const full = splitArgs(line + ' ""');
        assert.deepEqual(splitArgs(line), full!.slice(0, -1));
      }),
      { seed: 5, numRuns: 2000 },
    );
  });

  it('round-trips any bytes through double quotes (seeded)', () => {
    const bytes = fc.uint8Array({ maxLength: 30 }).map((u) => Buffer.from(u).toString('latin1'));
    const quote = (a: string): string => {
      let s = '"';
      for (let i = 0; i < a.length; i++) {
        const ch = a.charCodeAt(i);
        if (ch === 0x22 || ch === 0x5c) s += '\\' + a[i];
        else if (ch < 0x20 || ch > 0x7e) s += '\\x' + ch.toString(16).padStart(2, '0');
        else s += a[i];
      }
      return s + '"';
    };
    fc.assert(
      fc.property(fc.array(bytes, { maxLength: 6 }), fc.constantFrom(' ', '\t', '  '), (args, sep) => {
        assert.deepEqual(splitArgs(args.map(quote).join(sep)), args);
      }),
      { seed: 424242, numRuns: 1000 },
    );
  });
});
