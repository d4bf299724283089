// Multi-element writes build a listpack once (HSET/HMSET pairs, RPUSH/LPUSH values, quicklist
// runs): these sequences check, byte for byte against the real redis-server, that the result is
// what one write per element gives, including repeated fields, replaced values, integer-encoded
// values of every width, conversions in the middle of a command and quicklist node boundaries.

import { after, before, describe, it } from 'node:test';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { startServer, type Started } from './helpers/server.ts';
import { assertSameReplies, type Step } from './helpers/differential.ts';

const INTS = ['0', '127', '128', '-1', '4095', '-4096', '4096', '32767', '-32768', '8388607', '-8388608', '2147483647',
  '-2147483648', '2147483648', '9007199254740993', '-9223372036854775808', '9223372036854775807', '01', '-0', '1.5'];

describe('batched listpack writes vs real redis', { skip: SKIP_NO_REDIS }, () => {
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
  let db = 0;
  const same = (steps: Step[], label: string): Promise<void> =>
    assertSameReplies(s.port, real.port, [['SELECT', String(db++ % 16)], ['FLUSHDB'], ...steps], label);

  it('HSET with repeated, existing and integer fields keeps one-at-a-time results', async () => {
    const big = INTS.flatMap((v, i) => ['f' + String(i % 7), v, v, 'v' + String(i)]);
    await same([
      ['HSET', 'h', 'a', '1', 'b', '2', 'a', '3', 'c', 'x', 'c', 'y'], ['HGETALL', 'h'],
      ['HSET', 'h', 'b', '20', 'd', '4', 'a', '30', 'd', '40', 'e', ''], ['HGETALL', 'h'], ['HLEN', 'h'],
      ['HMSET', 'h', 'x', 'y'], ['HSET', 'h2', ...big], ['HGETALL', 'h2'], ['HGET', 'h2', '9223372036854775807'],
      ['OBJECT', 'ENCODING', 'h2'], ['HDEL', 'h2', 'f1', '-0'], ['HGETALL', 'h2'],
    ], 'hset');
  });

  it('HSET converts in the middle of a command like Redis', async () => {
    const pairs = Array.from({ length: 6 }, (_, i) => ['k' + String(i), String(i)]).flat();
    await same([
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '4'],
      ['HSET', 'h', 'k0', 'a', 'k1', 'b', 'k2', 'c'], ['OBJECT', 'ENCODING', 'h'],
      ['HSET', 'h', ...pairs, 'k0', 'again'], ['OBJECT', 'ENCODING', 'h'], ['HLEN', 'h'], ['HGET', 'h', 'k0'],
      ['HGET', 'h', 'k5'], ['CONFIG', 'SET', 'hash-max-listpack-entries', '128'],
    ], 'hset conversion');
  });

  it('RPUSH and LPUSH of many values, within a listpack and across quicklist nodes', async () => {
    // Redis 7.2: small lists are listpacks (7.0.15 says quicklist), so OBJECT ENCODING is not compared.
    const vals = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? String(i * 1000) : 'value-' + 'x'.repeat(i % 40) + String(i)));
    await same([
      ['RPUSH', 'l', 'a', 'b', ...INTS], ['LRANGE', 'l', '0', '-1'], ['LPUSH', 'l', 'c', 'd', 'e'], ['LRANGE', 'l', '0', '-1'],
      ['RPUSH', 'q', ...vals], ['LPUSH', 'q', ...vals], ['LLEN', 'q'],
      ['LRANGE', 'q', '0', '-1'], ['LRANGE', 'q', '250', '350'], ['LRANGE', 'q', '-5', '-1'], ['LINDEX', 'q', '299'],
      ['CONFIG', 'SET', 'list-max-listpack-size', '5'], ['RPUSH', 'f', ...vals.slice(0, 23)], ['LPUSH', 'f', ...vals.slice(0, 12)],
      ['LRANGE', 'f', '0', '-1'], ['LRANGE', 'f', '3', '17'],
      ['CONFIG', 'SET', 'list-compress-depth', '1'], ['RPUSH', 'z', ...vals], ['RPUSH', 'z', ...vals], ['LRANGE', 'z', '100', '500'],
      ['LRANGE', 'z', '-400', '-390'], ['CONFIG', 'SET', 'list-compress-depth', '0'], ['CONFIG', 'SET', 'list-max-listpack-size', '-2'],
    ], 'push');
  });

  it('pops with a count reply the range and delete it in one go', async () => {
    const vals = Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? String(i) : 'pop-' + 'y'.repeat(i % 30) + String(i)));
    await same([
      ['RPUSH', 'l', ...vals.slice(0, 30)], ['LPOP', 'l', '3'], ['RPOP', 'l', '4'], ['LRANGE', 'l', '0', '-1'], ['RPOP', 'l', '100'],
      ['EXISTS', 'l'], ['RPUSH', 'q', ...vals], ['LPOP', 'q', '150'], ['RPOP', 'q', '120'], ['LRANGE', 'q', '0', '-1'],
      ['LMPOP', '2', 'none', 'q', 'RIGHT', 'COUNT', '7'], ['LMPOP', '1', 'q', 'LEFT', 'COUNT', '500'], ['EXISTS', 'q'],
      ['CONFIG', 'SET', 'list-compress-depth', '1'], ['RPUSH', 'z', ...vals], ['LPOP', 'z', '333'], ['LRANGE', 'z', '0', '-1'],
      ['CONFIG', 'SET', 'list-compress-depth', '0'],
    ], 'pops');
  });

  it('ZADD inserts member and score pairs in order, including updates', async () => {
    await same([
      ['ZADD', 'z', '3', 'c', '1', 'a', '2', 'b', '1', 'aa', '-1.5', 'neg', '1e20', 'big'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZADD', 'z', '0', 'c', '5', 'a'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZINCRBY', 'z', '2.5', 'b'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'z'],
    ], 'zadd');
  });
});
