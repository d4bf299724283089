// Differential tests: the generic keyspace and expiry commands against Debian's real redis-server,
// exact reply bytes compared. Fixed sequences for each command's edge cases and errors, then
// seeded random sequences. Nondeterministic replies (SCAN order, RANDOMKEY, PTTL) are avoided.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { assertSameReplies, type Step } from './helpers/differential.ts';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';

describe('keys: differential vs redis-server', { skip: SKIP_NO_REDIS }, () => {
  let ours: Started;
  let real: RealRedis;
  before(async () => {
    ours = await startServer();
    real = await startRealRedis();
  });
  after(async () => {
    await ours?.stop();
    await real?.stop();
  });

  const same = (steps: Step[], label?: string): Promise<void> =>
    assertSameReplies(ours.port, real.port, [['FLUSHALL'], ['SELECT', '0'], ...steps], label);

  it('DEL, UNLINK, EXISTS, TOUCH, TYPE, DBSIZE', () =>
    same([
      ['SET', 'a', '1'], ['SET', 'b', '2'], ['SET', 'c', 'x'.repeat(50)],
      ['EXISTS', 'a', 'a', 'nokey', 'b'], ['TOUCH', 'a', 'nokey', 'c'], ['DBSIZE'],
      ['TYPE', 'a'], ['TYPE', 'nokey'], ['DEL', 'a', 'a', 'nokey'], ['UNLINK', 'b', 'c'], ['DBSIZE'],
      ['DEL'], ['EXISTS'], ['TYPE'], ['TYPE', 'a', 'b'], ['DBSIZE', 'x'],
    ]));

  it('KEYS with glob patterns, including odd ones and binary keys', async () => {
    const keys = [']', '*', 'hello', 'hallo', 'hxllo', 'heeeello', 'a\\b', '\xff\x00z', 'H', '']
    const patterns = [
      'h?llo', 'h*llo', 'h[ae]llo', 'h[^e]llo', 'h[a-b]llo', 'h[b-a]llo', '[a-]', '[]]', '\\*', 'a\\\\b', '[abc',
      '[\x80-\xff]*', '[a-\xff]*', '*z', 'H*', '', '**', '*', '?', 'a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', '[^', '[', 'h[',
    ];
    const a = await RawConnection.connect(ours.port);
    const b = await RawConnection.connect(real.port);
    try {
      for (const conn of [a, b]) {
        await conn.call('FLUSHALL');
        for (const k of keys) await conn.call('SET', k, '1');
      }
      for (const p of patterns) {
        const ra = ((await a.call('KEYS', p)) as string[]).sort();
        const rb = ((await b.call('KEYS', p)) as string[]).sort();
        assert.deepEqual(ra, rb, `KEYS ${JSON.stringify(p)}`);
      }
    } finally {
      a.close();
      b.close();
    }
  });

  it('KEYS agrees on seeded random patterns and keys (the glob matcher against Redis itself)', async () => {
    const ch = fc.constantFrom('*', '?', '[', ']', '^', '-', '\\', 'a', 'b', 'A', 'z', '\xe9', '\xff');
    const keyCh = fc.constantFrom('a', 'b', 'A', 'B', 'z', '-', ']', '[', '*', '\\', '^', '\xe9', '\xff', '\x00');
    const keys = [...new Set(fc.sample(fc.array(keyCh, { minLength: 1, maxLength: 5 }).map((a) => a.join('')), { seed: 5, numRuns: 60 }))];
    const patterns = fc.sample(fc.array(ch, { maxLength: 7 }).map((a) => a.join('')), { seed: 6, numRuns: 300 });
    const a = await RawConnection.connect(ours.port);
    const b = await RawConnection.connect(real.port);
    try {
      for (const conn of [a, b]) {
        await conn.call('FLUSHALL');
        for (const k of keys) await conn.call('SET', k, '1');
      }
      for (const p of patterns) {
        const ra = ((await a.call('KEYS', p)) as string[]).sort();
        const rb = ((await b.call('KEYS', p)) as string[]).sort();
        assert.deepEqual(ra, rb, `KEYS ${JSON.stringify(p)}`);
      }
    } finally {
      a.close();
      b.close();
    }
  });

  it('RENAME and RENAMENX', () =>
    same([
      ['RENAME', 'nokey', 'b'], ['RENAMENX', 'nokey', 'b'], ['SET', 'a', '1'], ['RENAME', 'a', 'a'], ['RENAMENX', 'a', 'a'],
      ['EXPIRE', 'a', '1000'], ['RENAME', 'a', 'b'], ['EXISTS', 'a'], ['TTL', 'b'], ['SET', 'c', '3'],
      ['RENAMENX', 'b', 'c'], ['RENAME', 'c', 'b'], ['TTL', 'b'], ['GET', 'b'], ['RENAME', 'b'],
    ]));

  it('MOVE and its errors', () =>
    same([
      ['SET', 'a', '1'], ['MOVE', 'a', '0'], ['MOVE', 'nokey', '0'], ['MOVE', 'a', '16'], ['MOVE', 'a', '-1'],
      ['MOVE', 'a', 'x'], ['MOVE', 'a', '99999999999'], ['MOVE', 'a', '1.5'], ['EXPIRE', 'a', '500'], ['MOVE', 'a', '1'],
      ['EXISTS', 'a'], ['SELECT', '1'], ['TTL', 'a'], ['SET', 'b', '1'], ['SELECT', '0'], ['SET', 'b', '2'],
      ['MOVE', 'b', '1'], ['MOVE', 'nokey', '1'],
    ]));

  it('COPY with DB and REPLACE, and its errors', () =>
    same([
      ['SET', 'a', 'v'], ['COPY', 'a', 'a'], ['COPY', 'a', 'b', 'DB', '16'], ['COPY', 'a', 'b', 'DB', 'x'],
      ['COPY', 'a', 'b', 'DB'], ['COPY', 'a', 'b', 'foo'], ['COPY', 'a', 'b', 'DB', '99999999999'],
      ['COPY', 'a', 'a', 'DB', '1'], ['COPY', 'nokey', 'x'], ['COPY', 'a', 'b'], ['COPY', 'a', 'b'],
      ['SET', 'a', '42'], ['COPY', 'a', 'b', 'REPLACE'], ['GET', 'b'], ['OBJECT', 'ENCODING', 'b'],
      ['PEXPIREAT', 'a', '99999999999999'], ['COPY', 'a', 'c', 'replace', 'db', '2', 'replace'],
      ['SELECT', '2'], ['PEXPIRETIME', 'c'], ['GET', 'c'],
    ]));

  it('SWAPDB, FLUSHDB, FLUSHALL', () =>
    same([
      ['SET', 'a', '1'], ['SWAPDB', '0', '1'], ['EXISTS', 'a'], ['SELECT', '1'], ['EXISTS', 'a'], ['SWAPDB', '0', '0'],
      ['SWAPDB', '0', '16'], ['SWAPDB', 'x', '1'], ['SWAPDB', '1', 'x'], ['SWAPDB', '-1', '0'], ['SWAPDB', '99999999999', '0'],
      ['SWAPDB', '0', '99999999999'], ['SWAPDB', '0'], ['FLUSHDB', 'foo'], ['FLUSHDB', 'sync', 'async'], ['FLUSHDB', 'ASYNC'],
      ['DBSIZE'], ['SET', 'z', '1'], ['FLUSHALL', 'SYNC'], ['DBSIZE'], ['FLUSHALL', 'bad'], ['FLUSHDB'],
    ]));

  it('EXPIRE family options, overflow and errors', () =>
    same([
      ['SET', 'a', '1'],
      ['EXPIRE', 'a', '10', 'nx', 'xx'], ['EXPIRE', 'a', '10', 'gt', 'lt'], ['EXPIRE', 'a', '10', 'NX', 'GT'],
      ['EXPIRE', 'a', '10', 'foo'], ['EXPIRE', 'a', 'x', 'foo'], ['EXPIRE', 'a', 'x', 'nx'], ['EXPIRE', 'a', '1.5'],
      ['EXPIRE', 'a', '9223372036854776'], ['EXPIRE', 'a', '9223372036854775'], ['EXPIRE', 'a', '-9223372036854776'],
      ['PEXPIRE', 'a', '9223372036854775807'], ['EXPIRE', 'a', '99999999999999999999'],
      ['EXPIREAT', 'a', '9223372036854776'], ['PEXPIREAT', 'a', '-9223372036854775808'], ['EXISTS', 'a'],
      ['SET', 'a', '1'], ['EXPIRE', 'a', '100', 'XX'], ['EXPIRE', 'a', '100', 'GT'], ['EXPIRE', 'a', '100', 'LT'],
      ['TTL', 'a'], ['EXPIRE', 'a', '200', 'NX'], ['EXPIRE', 'a', '50', 'GT'], ['EXPIRE', 'a', '200', 'GT'], ['TTL', 'a'],
      ['EXPIRE', 'a', '300', 'LT'], ['EXPIRE', 'a', '100', 'lt', 'xx'], ['TTL', 'a'], ['EXPIRE', 'a', '101', 'gt', 'xx', 'gt'],
      ['EXPIRE', 'nokey', '10'], ['EXPIRE', 'nokey', '10', 'nx', 'xx'], ['PERSIST', 'a'], ['PERSIST', 'a'], ['TTL', 'a'],
      ['PERSIST', 'nokey'], ['TTL', 'nokey'], ['PTTL', 'nokey'], ['PTTL', 'a'], ['EXPIRETIME', 'a'], ['PEXPIRETIME', 'nokey'],
      ['EXPIREAT', 'a', '4000000000'], ['EXPIRETIME', 'a'], ['PEXPIRETIME', 'a'], ['PEXPIREAT', 'a', '4000000000499'],
      ['EXPIRETIME', 'a'], ['PEXPIREAT', 'a', '4000000000500'], ['EXPIRETIME', 'a'], ['EXPIREAT', 'a', '1', 'GT'],
      ['EXPIREAT', 'a', '1', 'LT'], ['EXISTS', 'a'], ['SET', 'b', '1'], ['EXPIRE', 'b', '-1'], ['EXISTS', 'b'],
      ['SET', 'b', '1'], ['PEXPIRE', 'b', '0'], ['EXISTS', 'b'], ['SET', 'b', '1'], ['EXPIRE', 'b', '-5', 'LT'], ['EXISTS', 'b'],
      ['SET', 'b', '1'], ['EXPIRE', 'b', '-5', 'GT'], ['EXISTS', 'b'], ['EXPIRE', 'b'], ['TTL'], ['PERSIST', 'a', 'b'],
    ]));

  it('SCAN argument errors and deterministic shapes', () =>
    same([
      ['SCAN', 'x'], ['SCAN', ' 1'], ['SCAN', '1x'], ['SCAN', '18446744073709551616'], ['SCAN', '0x10'],
      ['SCAN', '0', 'COUNT', '0'], ['SCAN', '0', 'COUNT', '-1'], ['SCAN', '0', 'COUNT', 'x'], ['SCAN', '0', 'MATCH'],
      ['SCAN', '0', 'foo', 'bar'], ['SCAN', '0', 'COUNT', '100000000000000000000'], ['SCAN', '0'],
      ['SET', 'a', '1'], ['SCAN', '0'], ['SCAN', '0', 'TYPE', 'string'], ['SCAN', '0', 'TYPE', 'STRING'],
      ['SCAN', '0', 'TYPE', 'list'], ['SCAN', '0', 'TYPE', 'nosuchtype'], ['SCAN', '0', 'MATCH', 'b*'],
      ['SCAN', '0', 'MATCH', '*', 'COUNT', '5', 'TYPE', 'string'], ['SCAN', ''], ['SCAN', '+0'],
    ]));

  it('OBJECT on strings', () =>
    same([
      ['SET', 'i', '100'], ['SET', 'big', '10000'], ['SET', 'neg', '-5'], ['SET', 'e', 'hello'], ['SET', 'r', 'x'.repeat(45)],
      ['OBJECT', 'ENCODING', 'i'], ['OBJECT', 'ENCODING', 'big'], ['OBJECT', 'ENCODING', 'e'], ['OBJECT', 'ENCODING', 'r'],
      ['OBJECT', 'REFCOUNT', 'i'], ['OBJECT', 'REFCOUNT', 'big'], ['OBJECT', 'REFCOUNT', 'neg'], ['OBJECT', 'REFCOUNT', 'e'],
      ['OBJECT', 'ENCODING', 'nokey'], ['OBJECT', 'REFCOUNT', 'nokey'], ['OBJECT', 'IDLETIME', 'nokey'],
      ['OBJECT', 'FREQ', 'i'], ['OBJECT', 'FREQ', 'nokey'], ['OBJECT', 'ENCODING'], ['OBJECT', 'NOPE'],
      ['OBJECT', 'ENCODING', 'a', 'b'], ['OBJECT'],
    ]));

  it('odd arguments: repeated options, non-canonical integers, huge counts', () =>
    same([
      ['SET', 'a', '1'], ['EXPIRE', 'a', '100', 'nx', 'nx'], ['EXPIRE', 'a', ' 10'], ['EXPIRE', 'a', '+10'], ['EXPIRE', 'a', '010'],
      ['EXPIRE', 'a', '-0'], ['EXISTS', 'a'], ['SET', 'a', '1'], ['PEXPIREAT', 'a', '0'], ['EXISTS', 'a'], ['SET', 'a', '1'],
      ['MOVE', 'a', '00001'], ['MOVE', 'a', '+1'], ['MOVE', 'a', ' 1'], ['SWAPDB', '0', '-0'], ['SWAPDB', '00', '1'],
      ['COPY', 'a', 'b', 'DB', '0', 'DB', '1'], ['COPY', 'a', 'c', 'REPLACE', 'REPLACE'], ['COPY', 'a', 'b', 'db', '1', 'replace'],
      ['DEL', 'c'], ['SCAN', '0', 'COUNT', '9223372036854775807'], ['SCAN', '0', 'COUNT', '9223372036854775808'], ['SCAN', '0', 'count', '1', 'COUNT', '100'],
      ['SCAN', '0', 'MATCH', 'x', 'MATCH', '*'], ['SCAN', '0', 'TYPE', 'string', 'TYPE', 'hash'], ['FLUSHALL', 'ASYNC', 'extra'],
      ['object', 'encoding', 'a'], ['Object', 'Refcount', 'a'], ['TTL', 'a', 'b'], ['RENAMENX', 'a'], ['KEYS'], ['RANDOMKEY', 'x'],
    ]));

  it('RESP3 shapes of nulls and SCAN replies', () =>
    same([
      { hello: 3 }, ['RANDOMKEY'], ['OBJECT', 'ENCODING', 'nokey'], ['SCAN', '0'], ['TTL', 'nokey'], ['KEYS', '*'],
      ['SET', 'a', '1'], ['SCAN', '0', 'COUNT', '100'], ['TYPE', 'a'], ['RANDOMKEY'], ['COPY', 'a', 'b'], ['KEYS', 'b'],
      ['OBJECT', 'FREQ', 'a'], ['OBJECT', 'REFCOUNT', 'a'], { hello: 2 },
    ]));

  it('agrees on seeded random sequences of generic and expiry commands', async () => {
    const key = fc.constantFrom('k1', 'k2', 'k3', 'k4');
    const db = fc.constantFrom('0', '1', '2', '16', '-1', 'x');
    const far = fc.integer({ min: 100, max: 100000 }).map(String);
    const cmd: fc.Arbitrary<string[]> = fc.oneof(
      fc.tuple(key, fc.constantFrom('1', 'v', '12345678901234567890', '')).map(([k, v]) => ['SET', k, v]),
      fc.tuple(key, key).map(([a, b]) => ['DEL', a, b]),
      fc.tuple(key, key).map(([a, b]) => ['UNLINK', a, b]),
      fc.tuple(key, key, key).map(([a, b, d]) => ['EXISTS', a, b, d]),
      key.map((k) => ['TYPE', k]),
      fc.tuple(key, key).map(([a, b]) => ['RENAME', a, b]),
      fc.tuple(key, key).map(([a, b]) => ['RENAMENX', a, b]),
      fc.tuple(key, db).map(([k, d]) => ['MOVE', k, d]),
      fc.tuple(key, key, db, fc.boolean()).map(([a, b, d, r]) => ['COPY', a, b, 'DB', d, ...(r ? ['REPLACE'] : [])]),
      fc.tuple(db, db).map(([a, b]) => ['SWAPDB', a, b]),
      db.map((d) => ['SELECT', d]),
      fc.tuple(fc.constantFrom('EXPIRE', 'PEXPIRE'), key, far, fc.constantFrom([], ['NX'], ['XX'], ['GT'], ['LT'], ['NX', 'GT']))
        .map(([c, k, t, o]) => [c, k, t, ...o]),
      fc.tuple(key, fc.constantFrom('-1', '0', '1')).map(([k, t]) => ['EXPIREAT', k, t]),
      key.map((k) => ['PERSIST', k]),
      key.map((k) => ['TTL', k]),
      fc.tuple(key, fc.constantFrom('5000000000', '4000000000')).map(([k, t]) => ['EXPIREAT', k, t]),
      key.map((k) => ['EXPIRETIME', k]),
      key.map((k) => ['OBJECT', 'ENCODING', k]),
      fc.constant(['DBSIZE'] as string[]),
      fc.constant(['FLUSHDB'] as string[]),
    );
    const seqs = fc.sample(fc.array(cmd, { minLength: 10, maxLength: 40 }), { seed: 424242, numRuns: 25 });
    for (const [i, seq] of seqs.entries()) await same(seq, `sequence ${i}`);
  });
});
