// Differential tests for the hash family against Debian's real redis-server 7.0.15. Listpack
// hashes keep insertion order in both versions, so their replies are compared byte for byte;
// hashtable-encoded ones are compared sorted, random picks by shape only.

import { after, before, describe, it } from 'node:test';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { startServer, type Started } from './helpers/server.ts';
import { assertSameUnordered, prng, type CmpStep } from './set-diff-compare.ts';

const pairs = (n: number, prefix = 'f'): string[] => Array.from({ length: n }, (_, i) => [prefix + String(i), String(i * 7)]).flat();

describe('hash family vs real redis', { skip: SKIP_NO_REDIS }, () => {
  let s: Started;
  let real: RealRedis;
  before(async () => {
    s = await startServer();
    real = await startRealRedis();
  });
  after(async () => {
    await s?.stop();
    await real?.stop();
  });

  let nextDb = 0;
  const same = (steps: CmpStep[], label: string): Promise<void> =>
    assertSameUnordered(s.port, real.port, [['SELECT', String(nextDb++ % 16)], ['FLUSHDB'], ...steps], label);

  it('HSET, HMSET, HSETNX, HGET, HMGET, HDEL, HLEN, HSTRLEN, HEXISTS and errors', async () => {
    await same(
      [
        ['HSET', 'h', 'a', '1', 'b', '2'], ['HSET', 'h', 'a', '3', 'c', 'x'], ['HGETALL', 'h'], ['HMSET', 'h', 'd', '4'], ['HKEYS', 'h'],
        ['HVALS', 'h'], ['HGET', 'h', 'a'], ['HGET', 'h', 'zz'], ['HGET', 'none', 'a'], ['HMGET', 'h', 'a', 'zz', 'c'], ['HMGET', 'none', 'a'],
        ['HSETNX', 'h', 'a', '9'], ['HSETNX', 'h', 'e', '5'], ['HSETNX', 'new', 'f', 'v'], ['HGETALL', 'new'], ['HLEN', 'h'], ['HLEN', 'none'],
        ['HSTRLEN', 'h', 'c'], ['HSTRLEN', 'h', 'zz'], ['HSTRLEN', 'none', 'a'], ['HSET', 'h', 'n', '-12345'], ['HSTRLEN', 'h', 'n'],
        ['HEXISTS', 'h', 'a'], ['HEXISTS', 'h', 'zz'], ['HEXISTS', 'none', 'a'], ['HDEL', 'h', 'a', 'zz', 'a'], ['HDEL', 'none', 'a'],
        ['HGETALL', 'h'], ['HDEL', 'new', 'f'], ['EXISTS', 'new'], ['HSET', 'h', 'a'], ['HSET', 'h', 'a', '1', 'b'], ['HMSET', 'h', 'a'],
        ['HSET', 'h'], ['HSETNX', 'h', 'a'], ['HGET', 'h'], ['HDEL', 'h'], ['OBJECT', 'ENCODING', 'h'],
        ['SET', 'str', 'v'], ['HSET', 'str', 'a', '1'], ['HMSET', 'str', 'a', '1'], ['HSETNX', 'str', 'a', '1'], ['HGET', 'str', 'a'],
        ['HMGET', 'str', 'a'], ['HDEL', 'str', 'a'], ['HLEN', 'str'], ['HSTRLEN', 'str', 'a'], ['HEXISTS', 'str', 'a'], ['HKEYS', 'str'],
        ['HVALS', 'str'], ['HGETALL', 'str'], ['HKEYS', 'none'], ['HGETALL', 'none'], ['HSET', 'str', 'a'],
        ['HSET', 'bin', 'k\r\n\0', 'v\0\xff', '', ''], ['HGETALL', 'bin'], ['HGET', 'bin', ''],
        { hello: 3 }, ['HGETALL', 'h'], ['HGETALL', 'none'], ['HKEYS', 'h'], ['HMGET', 'h', 'b', 'zz'], ['HGET', 'h', 'zz'], { hello: 2 },
      ],
      'basic',
    );
  });

  it('listpack to hashtable at the entry and value limits, also after CONFIG SET', async () => {
    await same(
      [
        ['HSET', 'h', ...pairs(512)], ['OBJECT', 'ENCODING', 'h'], ['HSET', 'h', 'f0', 'again'], ['OBJECT', 'ENCODING', 'h'],
        ['HSET', 'h', 'f512', 'x'], ['OBJECT', 'ENCODING', 'h'], ['HDEL', 'h', 'f1', 'f2'], ['OBJECT', 'ENCODING', 'h'], ['HLEN', 'h'],
        ['HSET', 'big', ...pairs(513)], ['OBJECT', 'ENCODING', 'big'], ['HSET', 'v', 'a', 'x'.repeat(64)], ['OBJECT', 'ENCODING', 'v'],
        ['HSET', 'v', 'b', 'x'.repeat(65)], ['OBJECT', 'ENCODING', 'v'], ['HSET', 'f', 'x'.repeat(65), '1'], ['OBJECT', 'ENCODING', 'f'],
        ['HSET', 'n', 'a', '1'], ['HSETNX', 'n', 'a', 'y'.repeat(70)], ['OBJECT', 'ENCODING', 'n'], ['HSETNX', 'n', 'b', 'y'.repeat(70)],
        ['OBJECT', 'ENCODING', 'n'], ['HSET', 'i', 'a', '1'], ['HINCRBYFLOAT', 'i', 'x'.repeat(70), '1'], ['OBJECT', 'ENCODING', 'i'],
        ['CONFIG', 'SET', 'hash-max-listpack-entries', '2'], ['CONFIG', 'SET', 'hash-max-listpack-value', '3'],
        ['HSET', 'c', 'a', '1', 'b', '2'], ['OBJECT', 'ENCODING', 'c'], ['HSET', 'c', 'c', '3'], ['OBJECT', 'ENCODING', 'c'],
        ['HSET', 'd', 'abc', '123'], ['OBJECT', 'ENCODING', 'd'], ['HSET', 'd', 'abcd', '1'], ['OBJECT', 'ENCODING', 'd'],
        ['HSET', 'e', 'a', '1'], ['HINCRBY', 'e', 'a', '1000'], ['OBJECT', 'ENCODING', 'e'],
        ['CONFIG', 'SET', 'hash-max-ziplist-entries', '128'], ['CONFIG', 'GET', 'hash-max-listpack-entries'],
        ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'], ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
      ],
      'conversion',
    );
  });

  it('HINCRBY and HINCRBYFLOAT', async () => {
    await same(
      [
        ['HINCRBY', 'h', 'a', '5'], ['HINCRBY', 'h', 'a', '-7'], ['HINCRBY', 'h', 'a', 'x'], ['HINCRBY', 'h', 'a', '1.5'],
        ['HINCRBY', 'h', 'a', '9223372036854775807'], ['HINCRBY', 'h', 'b', '9223372036854775807'], ['HINCRBY', 'h', 'b', '1'],
        ['HINCRBY', 'h', 'c', '-9223372036854775808'], ['HINCRBY', 'h', 'c', '-1'], ['HINCRBY', 'h', 'a', '9223372036854775808'],
        ['HSET', 'h', 's', 'abc', 'z', '007', 'sp', ' 1'], ['HINCRBY', 'h', 's', '1'], ['HINCRBY', 'h', 'z', '1'], ['HINCRBY', 'h', 'sp', '1'],
        ['HINCRBYFLOAT', 'h', 'f', '0.1'], ['HINCRBYFLOAT', 'h', 'f', '0.2'], ['HINCRBYFLOAT', 'h', 'f', '1e3'], ['HINCRBYFLOAT', 'h', 'a', '1'],
        ['HINCRBYFLOAT', 'h', 's', '1'], ['HINCRBYFLOAT', 'h', 'z', '1'], ['HINCRBYFLOAT', 'h', 'f', 'x'], ['HINCRBYFLOAT', 'h', 'f', 'inf'],
        ['HINCRBYFLOAT', 'h', 'f', '-inf'], ['HINCRBYFLOAT', 'h', 'f', 'nan'], ['HINCRBYFLOAT', 'h', 'f', ''], ['HINCRBYFLOAT', 'h', 'f', '1.5e4900'],
        ['HINCRBYFLOAT', 'h', 'f', '1.5e4900'], ['HINCRBYFLOAT', 'h', 'f', '-5.0e-3'], ['HINCRBYFLOAT', 'h', 'g', '3.0'],
        ['HINCRBYFLOAT', 'h', 'e', '5.0e3'], ['HINCRBYFLOAT', 'h', 'hx', '0x10'], ['HINCRBY', 'h', 'g', '1'],
        // The 4900-digit value made h a hashtable: its order is Redis's dict order.
        ['OBJECT', 'ENCODING', 'h'], { sorted: ['HGETALL', 'h'] },
        ['HINCRBYFLOAT', 'new', 'x', '-0.0'], ['HGETALL', 'new'], ['HINCRBY', 'new2', 'x', '0'], ['HGETALL', 'new2'],
        ['SET', 'str', 'v'], ['HINCRBY', 'str', 'a', '1'], ['HINCRBYFLOAT', 'str', 'a', '1'], ['HINCRBY', 'str', 'a', 'x'],
        ['HINCRBYFLOAT', 'str', 'a', 'x'], ['HINCRBYFLOAT', 'str', 'a', 'inf'], ['EXISTS', 'none'], ['HINCRBY', 'none', 'a', 'x'],
        ['EXISTS', 'none'],
      ],
      'incr',
    );
  });

  it('HRANDFIELD: errors, counts, whole-hash replies', async () => {
    await same(
      [
        ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'], { shape: ['HRANDFIELD', 'h'] }, { shape: ['HRANDFIELD', 'h', '2'] },
        { shape: ['HRANDFIELD', 'h', '-5'] }, { shape: ['HRANDFIELD', 'h', '-5', 'WITHVALUES'] }, ['HRANDFIELD', 'h', '3'],
        ['HRANDFIELD', 'h', '10', 'WITHVALUES'], ['HRANDFIELD', 'h', '0'], ['HRANDFIELD', 'h', '0', 'withvalues'], ['HRANDFIELD', 'none'],
        ['HRANDFIELD', 'none', '3'], ['HRANDFIELD', 'none', '-3', 'WITHVALUES'], ['HRANDFIELD', 'h', 'x'], ['HRANDFIELD', 'h', '1', 'FOO'],
        ['HRANDFIELD', 'h', '1', 'WITHVALUES', 'x'], ['HRANDFIELD', 'h', 'WITHVALUES'], ['HRANDFIELD', 'h', '-9223372036854775808'],
        ['HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES'], ['HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES'],
        ['HRANDFIELD', 'none', '4611686018427387904', 'WITHVALUES'],
        ['SET', 'str', 'v'], ['HRANDFIELD', 'str'], ['HRANDFIELD', 'str', '1'], ['HRANDFIELD', 'str', 'x'],
        ['HSET', 'big', ...pairs(600)], { sorted: ['HRANDFIELD', 'big', '600'] }, { shape: ['HRANDFIELD', 'big', '300', 'WITHVALUES'] },
        { shape: ['HRANDFIELD', 'big', '10'] }, { shape: ['HRANDFIELD', 'big', '-10', 'WITHVALUES'] },
        { hello: 3 }, ['HRANDFIELD', 'h', '5', 'WITHVALUES'], { shape: ['HRANDFIELD', 'h', '-2', 'WITHVALUES'] },
        { shape: ['HRANDFIELD', 'big', '2', 'WITHVALUES'] }, ['HRANDFIELD', 'none', '2'], ['HRANDFIELD', 'none'], { hello: 2 },
      ],
      'hrandfield',
    );
  });

  it('HSCAN', async () => {
    await same(
      [
        ['HSET', 'h', ...pairs(20)], ['HSCAN', 'h', '0'], ['HSCAN', 'h', '0', 'MATCH', 'f1*'], ['HSCAN', 'h', '7', 'COUNT', '2'],
        ['HSCAN', 'h', '0', 'COUNT', '0'], ['HSCAN', 'h', '0', 'NOVALUES'], ['HSCAN', 'h', 'x'], ['HSCAN', 'none', '0'],
        ['HSCAN', 'none', '0', 'COUNT', '0'], ['HSCAN', 'h', '0', 'MATCH', '*', 'COUNT', '1'], ['SET', 'str', 'v'], ['HSCAN', 'str', '0'],
        ['HSET', 'big', ...pairs(600)], { sorted: ['HSCAN', 'big', '0', 'COUNT', '2000'] }, { hello: 3 }, ['HSCAN', 'h', '0'], { hello: 2 },
      ],
      'hscan',
    );
  });

  it('seeded random sequences', async () => {
    for (const seed of [11, 12, 13, 14]) {
      const rnd = prng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
      const keys = ['h1', 'h2', 'str'];
      const field = (): string => pick(['a', 'b', 'c', '1', '2', '-3', 'long'.repeat(20), '']);
      const value = (): string => pick(['1', '2.5', 'x', '-7', '0', 'v'.repeat(70), '9223372036854775807', '']);
      const steps: CmpStep[] = [['SET', 'str', 'v']];
      for (let i = 0; i < 150; i++) {
        const k = pick(keys);
        const r = rnd();
        if (r < 0.2) steps.push(['HSET', k, field(), value(), field(), value()]);
        else if (r < 0.23) steps.push(['HSET', k, ...pairs(100 + Math.floor(rnd() * 500), pick(['f', 'g']))]);
        else if (r < 0.3) steps.push(['HSETNX', k, field(), value()]);
        else if (r < 0.4) steps.push(['HGET', k, field()]);
        else if (r < 0.45) steps.push(['HMGET', k, field(), field()]);
        else if (r < 0.55) steps.push(['HDEL', k, field(), field()]);
        else if (r < 0.6) steps.push(['HLEN', k]);
        else if (r < 0.65) steps.push(['HSTRLEN', k, field()]);
        else if (r < 0.7) steps.push(['HEXISTS', k, field()]);
        else if (r < 0.76) steps.push(['HINCRBY', k, field(), String(Math.floor(rnd() * 200) - 100)]);
        else if (r < 0.82) steps.push(['HINCRBYFLOAT', k, field(), pick(['0.1', '-2.5', '1e2', 'x', '3'])]);
        else if (r < 0.88) steps.push({ sorted: ['HGETALL', k] });
        else if (r < 0.92) steps.push({ sorted: ['HKEYS', k] });
        else if (r < 0.95) steps.push({ shape: ['HRANDFIELD', k, String(Math.floor(rnd() * 10) - 5)] });
        else steps.push(['OBJECT', 'ENCODING', k]);
      }
      for (const k of keys) steps.push({ sorted: ['HGETALL', k] });
      await same(steps, `seed ${seed}`);
    }
  });
});
