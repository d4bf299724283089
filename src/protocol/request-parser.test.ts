// Unit tests for the request parser: multibulk and inline requests, every protocol error, limits,
// and seeded property tests: random argv encoded as RESP (or quoted inline) and fed in random
// chunks always parse back to the same argv.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { INLINE_MAX_SIZE, RequestParser } from './request-parser.ts';
import { parseCount } from './parse-bytes.ts';
import { splitArgs } from './split-args.ts';

const MAX_BULK = 512 * 1024 * 1024;

function parser(maxBulk = MAX_BULK, authRequired = false): RequestParser {
  return new RequestParser(() => maxBulk, () => authRequired);
}

function encode(argv: readonly string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** Feeds the chunks one at a time, draining complete commands after each. */
function parseChunks(p: RequestParser, chunks: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const ch of chunks) {
    p.feed(Buffer.from(ch, 'latin1'));
    for (let argv = p.next(); argv !== null; argv = p.next()) out.push(argv);
  }
  return out;
}

function parseAll(input: string, maxBulk = MAX_BULK): { cmds: string[][]; error: string | null } {
  const p = parser(maxBulk);
  const cmds = parseChunks(p, [input]);
  return { cmds, error: p.error };
}

/** Splits s at the given cut points (sorted, deduplicated, inside 1..len-1). */
function cut(s: string, points: number[]): string[] {
  const ps = [...new Set(points.filter((x) => x > 0 && x < s.length))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const x of ps) {
    out.push(s.slice(prev, x));
    prev = x;
  }
  out.push(s.slice(prev));
  return out;
}

describe('parseCount (string2ll rules)', () => {
  const b = (s: string): Buffer => Buffer.from(s, 'latin1');
  const count = (s: string): number => parseCount(b(s), 0, s.length);
  it('accepts canonical integers in the int64 range', () => {
    assert.equal(count('0'), 0);
    assert.equal(count('42'), 42);
    assert.equal(count('-1'), -1);
    // Near 2^63 the double is approximate; what matters is valid versus invalid.
    assert.ok(count('9223372036854775807') > 2 ** 62);
    assert.ok(count('-9223372036854775808') < -(2 ** 62));
  });
  it('rejects everything else', () => {
    for (const s of ['', '-', '+1', '01', '-0', ' 1', '1 ', '1a', '0x10', '9223372036854775808',
      '-9223372036854775809', '99999999999999999999', '-99999999999999999999', '1.0']) {
      assert.ok(Number.isNaN(count(s)), s);
    }
  });
});

describe('RequestParser', () => {
  it('parses multibulk requests, binary safe', () => {
    const bin = '\x00\xff\r\n\x80';
    assert.deepEqual(parseAll(encode(['SET', 'k', bin]) + encode(['GET', 'k'])).cmds, [['SET', 'k', bin], ['GET', 'k']]);
  });

  it('builds every argument length exactly, on both sides of the JS/latin1Slice boundary', () => {
    // Lengths 0..40 cover each case of the JS builder (up to 24 bytes) and latin1Slice past it.
    const args = Array.from({ length: 41 }, (_, n) => String.fromCharCode(...Array.from({ length: n }, (_, i) => (n * 37 + i * 101) & 255)));
    assert.deepEqual(parseAll(encode(args)).cmds, [args]);
  });

  it('gives each command its own name when consecutive names differ in case, length or one byte', () => {
    // The parser reuses the previous name's string while the bytes repeat: any difference must show.
    const names = ['GET', 'GET', 'get', 'SET', 'SETX', 'SET', 'S\xffT', 'S\xfeT', 'S\xfeT', '', 'x'.repeat(24), 'x'.repeat(23) + 'y'];
    const input = names.map((n) => encode([n, 'k'])).join('');
    assert.deepEqual(parseAll(input).cmds, names.map((n) => [n, 'k']));
    // The same across reads, a byte at a time.
    assert.deepEqual(parseChunks(parser(), input.split('')), names.map((n) => [n, 'k']));
  });

  it('reads odd but valid count lines through the general path', () => {
    // Longer count digits than the one-pass reader takes, and a count line split from its bulk.
    const argv = Array.from({ length: 1100 }, (_, i) => String(i));
    assert.deepEqual(parseAll(encode(argv)).cmds, [argv]);
    assert.deepEqual(parseAll('*00002\r\n$4\r\nECHO\r\n$1\r\nx\r\n').error, 'ERR Protocol error: invalid multibulk length');
    assert.deepEqual(parseAll('*2\r\n$04\r\nECHO\r\n$1\r\nx\r\n').error, 'ERR Protocol error: invalid bulk length');
  });

  it('parses inline requests with quotes, blanks and bare LF', () => {
    assert.deepEqual(parseAll('SET k "a b\\x41\\n"\r\n  GET   k  \nECHO \'it\\\'s\'\r\n').cmds,
      [['SET', 'k', 'a bA\n'], ['GET', 'k'], ['ECHO', "it's"]]);
  });

  it('skips empty requests: blank lines, *0 and negative counts', () => {
    assert.deepEqual(parseAll('\r\n\n*0\r\n*-1\r\n*-9223372036854775808\r\nPING\r\n').cmds, [['PING']]);
  });

  it('accepts empty bulks and ignores the two bytes after a bulk, as Redis does', () => {
    assert.deepEqual(parseAll('*2\r\n$4\r\nECHO\r\n$0\r\n\r\n').cmds, [['ECHO', '']]);
    assert.deepEqual(parseAll('*2\r\n$4\r\nECHO\r\n$1\r\nxYZ*1\r\n$4\r\nPING\r\n').cmds, [['ECHO', 'x'], ['PING']]);
  });

  it('assembles big arguments across many reads', () => {
    const big = 'b'.repeat(100 * 1024);
    const req = encode(['SET', 'k', big]) + 'PING\r\n';
    const p = parser();
    const chunks: string[] = [];
    for (let i = 0; i < req.length; i += 1000) chunks.push(req.slice(i, i + 1000));
    assert.deepEqual(parseChunks(p, chunks), [['SET', 'k', big], ['PING']]);
    assert.equal(p.pending, 0);
  });

  it('reports pending bytes, including a big argument being filled', () => {
    const p = parser();
    p.feed(Buffer.from(`*1\r\n$${40000}\r\n` + 'x'.repeat(5000)));
    assert.equal(p.next(), null);
    assert.equal(p.pending, 5000);
    p.feed(Buffer.from('x'.repeat(5000)));
    assert.equal(p.pending, 10000);
    assert.equal(p.midCommand, true);
  });

  const errors: [string, string][] = [
    ['*x\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['*-0\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['*+1\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['*2147483648\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['*-9223372036854775809\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['*1\r\n$x\r\n', 'ERR Protocol error: invalid bulk length'],
    ['*1\r\n$-1\r\n', 'ERR Protocol error: invalid bulk length'],
    ['*1\r\n$536870913\r\n', 'ERR Protocol error: invalid bulk length'],
    ['*1\r\nx3\r\n', "ERR Protocol error: expected '$', got 'x'"],
    ['*1\r\n:3\r\n', "ERR Protocol error: expected '$', got ':'"],
    ['SET "abc\r\n', 'ERR Protocol error: unbalanced quotes in request'],
    ["SET 'a'b\r\n", 'ERR Protocol error: unbalanced quotes in request'],
    ['x'.repeat(INLINE_MAX_SIZE + 1), 'ERR Protocol error: too big inline request'],
    ['*' + '1'.repeat(INLINE_MAX_SIZE + 1), 'ERR Protocol error: too big mbulk count string'],
    ['*1\r\n$' + '1'.repeat(INLINE_MAX_SIZE + 1), 'ERR Protocol error: too big bulk count string'],
  ];
  for (const [input, message] of errors) {
    it(`stops with "${message.slice(20)}" for ${JSON.stringify(input.slice(0, 24))}`, () => {
      const r = parseAll('PING\r\n' + input);
      assert.deepEqual(r.cmds, [['PING']]);
      assert.equal(r.error, message);
    });
  }

  it('waits, without error, for a count line or inline request up to the size limit', () => {
    for (const input of ['*' + '1'.repeat(100), 'x'.repeat(INLINE_MAX_SIZE), '*1\r\n$' + '1'.repeat(100)]) {
      const r = parseAll(input);
      assert.equal(r.error, null);
      assert.deepEqual(r.cmds, []);
    }
  });

  it('treats a NUL before a line end as no line end yet, as Redis (strchr) does', () => {
    for (const input of ['ECHO a\x00b\r\nPING\r\n', '*1\x00\r\n$4\r\nPING\r\n', '*1\r\n$4\x00\r\nPING\r\n']) {
      const r = parseAll(input);
      assert.equal(r.error, null);
      assert.deepEqual(r.cmds, []);
    }
    // NULs inside bulk data are just data.
    assert.deepEqual(parseAll('*1\r\n$3\r\n\x00\x00\x00\r\n').cmds, [['\x00\x00\x00']]);
  });

  it('applies proto-max-bulk-len as it is now', () => {
    let max = 10;
    const p = new RequestParser(() => max);
    max = 20;
    assert.deepEqual(parseChunks(p, [encode(['x'.repeat(15)])]), [['x'.repeat(15)]]);
    max = 10;
    assert.deepEqual(parseChunks(p, [encode(['x'.repeat(15)])]), []);
    assert.equal(p.error, 'ERR Protocol error: invalid bulk length');
  });

  it('keeps requests small before AUTH', () => {
    const p = parser(MAX_BULK, true);
    assert.deepEqual(parseChunks(p, [encode(Array<string>(10).fill('a'))]), [Array<string>(10).fill('a')]);
    assert.deepEqual(parseChunks(p, ['*11\r\n']), []);
    assert.equal(p.error, 'ERR Protocol error: unauthenticated multibulk length');
    const q = parser(MAX_BULK, true);
    assert.deepEqual(parseChunks(q, [encode(['x'.repeat(16384)])]), [['x'.repeat(16384)]]);
    parseChunks(q, ['*1\r\n$16385\r\n']);
    assert.equal(q.error, 'ERR Protocol error: unauthenticated bulk length');
  });

  it('parses nothing after an error', () => {
    const p = parser();
    parseChunks(p, ['*x\r\n']);
    assert.deepEqual(parseChunks(p, ['PING\r\n']), []);
  });
});

describe('RequestParser properties (seeded)', () => {
  const byteString = fc.uint8Array({ maxLength: 40 }).map((u) => Buffer.from(u).toString('latin1'));
  const bigByteString = fc.integer({ min: 32 * 1024, max: 40 * 1024 }).map((n) => 'z'.repeat(n));
  const argv = fc.array(fc.oneof({ weight: 20, arbitrary: byteString }, { weight: 1, arbitrary: bigByteString }),
    { minLength: 1, maxLength: 6 });
  const cuts = fc.array(fc.nat({ max: 200_000 }), { maxLength: 12 });

  it('multibulk: random argv in random chunks parse back unchanged', () => {
    fc.assert(
      fc.property(fc.array(argv, { minLength: 1, maxLength: 5 }), cuts, (cmds, points) => {
        const wire = cmds.map(encode).join('');
        const scaled = points.map((x) => x % (wire.length + 1));
        const got = parseChunks(parser(), cut(wire, scaled));
        assert.deepEqual(got, cmds);
      }),
      { seed: 20261121, numRuns: 400 },
    );
  });

  it('multibulk: byte-at-a-time feeding gives the same commands', () => {
    fc.assert(
      fc.property(fc.array(fc.array(byteString, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), (cmds) => {
        const wire = cmds.map(encode).join('');
        assert.deepEqual(parseChunks(parser(), [...wire]), cmds);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  /** Quotes any bytes so that an inline request carries them exactly. */
  function quote(a: string): string {
    let s = '"';
    for (let i = 0; i < a.length; i++) {
      const ch = a.charCodeAt(i);
      s += ch >= 0x30 && ch <= 0x7a && ch !== 0x5c ? a[i] : '\\x' + ch.toString(16).padStart(2, '0');
    }
    return s + '"';
  }

  it('inline: quoted random argv in random chunks parse back unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.array(byteString, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }), cuts,
        (cmds, points) => {
          const wire = cmds.map((c) => c.map(quote).join(' ') + '\r\n').join('');
          const got = parseChunks(parser(), cut(wire, points.map((x) => x % (wire.length + 1))));
          assert.deepEqual(got, cmds);
        }),
      { seed: 99, numRuns: 300 },
    );
  });

  it('inline: any line splits as splitArgs splits it (the bare fast path included)', () => {
    // Blanks of every kind, quotes, letters and high bytes; no LF (one line each) and no NUL (the
    // parser waits at a NUL, tested above).
    const lineByte = fc.constantFrom(32, 9, 11, 12, 13, 34, 39, 92, 97, 98, 120, 200, 255);
    fc.assert(
      fc.property(fc.array(lineByte, { maxLength: 24 }), (bytes) => {
        const line = String.fromCharCode(...bytes);
        const p = parser();
        p.feed(Buffer.from(line + '\n', 'latin1'));
        const want = splitArgs(line.endsWith('\r') ? line.slice(0, -1) : line);
        const got = p.next();
        if (want === null) assert.equal(p.error, 'ERR Protocol error: unbalanced quotes in request');
        else assert.deepEqual(want.length === 0 ? null : got, want.length === 0 ? null : want);
      }),
      { seed: 5, numRuns: 2000 },
    );
  });
});
