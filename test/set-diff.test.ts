// Differential tests for the set family: the same sequences sent to Respite and to Debian's real
// redis-server 7.0.15, replies compared. Member order is compared exactly only where Redis's order
// is deterministic (intsets); otherwise replies are compared sorted, random picks by shape only.
// Redis 7.2: small sets of strings are listpacks (7.0: hashtable), so OBJECT ENCODING is compared
// only for sets of integers, and the 7.2-only set-max-listpack-* options are not used here.

import { after, before, describe, it } from 'node:test';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { startServer, type Started } from './helpers/server.ts';
import { assertSameUnordered, prng, type CmpStep } from './set-diff-compare.ts';

const range = (from: number, n: number, prefix = ''): string[] => Array.from({ length: n }, (_, i) => prefix + String(from + i));

describe('set family vs real redis', { skip: SKIP_NO_REDIS }, () => {
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

  it('SADD, SREM, SISMEMBER, SMISMEMBER, SCARD, SMEMBERS and errors', async () => {
    await same(
      [
        ['SADD', 's', '3', '1', '2', '2'], ['SMEMBERS', 's'], ['OBJECT', 'ENCODING', 's'], ['SCARD', 's'], ['SISMEMBER', 's', '2'],
        ['SISMEMBER', 's', '02'], ['SISMEMBER', 's', 'x'], ['SMISMEMBER', 's', '1', 'x', '3'], ['SMISMEMBER', 'none', 'a'],
        ['SADD', 's', '-9223372036854775808', '9223372036854775807'], ['SMEMBERS', 's'], ['OBJECT', 'ENCODING', 's'],
        ['SADD', 's', '9223372036854775808'], { sorted: ['SMEMBERS', 's'] }, ['SCARD', 's'],
        ['SREM', 's', '1', 'nope', '9223372036854775808'], ['SREM', 'none', 'a'], ['SCARD', 's'],
        ['SREM', 's', '2', '3', '-9223372036854775808', '9223372036854775807'], ['EXISTS', 's'],
        ['SADD', 'w', 'a', 'b', ''], { sorted: ['SMEMBERS', 'w'] }, ['SISMEMBER', 'w', ''], ['SREM', 'w', 'a', 'b', '', 'c'],
        ['EXISTS', 'w'], ['SMEMBERS', 'none'], ['SCARD', 'none'], ['SISMEMBER', 'none', 'a'],
        ['SET', 'str', 'x'], ['SADD', 'str', 'a'], ['SREM', 'str', 'a'], ['SISMEMBER', 'str', 'a'], ['SMISMEMBER', 'str', 'a'],
        ['SCARD', 'str'], ['SMEMBERS', 'str'], ['SADD', 's'], ['SREM', 's'], ['SMISMEMBER', 's'], ['SCARD'],
        ['SADD', 'z', '007', '-0', '+1', ' 1', '1.0'], { sorted: ['SMEMBERS', 'z'] }, ['SISMEMBER', 'z', '7'],
        { hello: 3 }, ['SADD', 'r3', '5', '4'], ['SMEMBERS', 'r3'], ['SMEMBERS', 'none'], ['SMISMEMBER', 'r3', '4', '9'], { hello: 2 },
      ],
      'basic',
    );
  });

  it('intset to hashtable at set-max-intset-entries, also after CONFIG SET', async () => {
    await same(
      [
        ['SADD', 'i', ...range(0, 512)], ['OBJECT', 'ENCODING', 'i'], ['SADD', 'i', '511'], ['OBJECT', 'ENCODING', 'i'],
        ['SADD', 'i', '512'], ['OBJECT', 'ENCODING', 'i'], ['SREM', 'i', ...range(0, 500)], ['OBJECT', 'ENCODING', 'i'],
        { sorted: ['SMEMBERS', 'i'] }, ['CONFIG', 'SET', 'set-max-intset-entries', '4'], ['SADD', 'j', '1', '2', '3', '4'],
        ['OBJECT', 'ENCODING', 'j'], ['SADD', 'j', '5'], ['OBJECT', 'ENCODING', 'j'], ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
        ['SADD', 'k', '-1', '65536', '-4294967296'], ['SMEMBERS', 'k'], ['OBJECT', 'ENCODING', 'k'],
      ],
      'intset',
    );
  });

  it('intsets copied, widened and shrunk: members, encodings, MEMORY USAGE, SORT', async () => {
    // An intset's value is one immutable string that COPY shares: each key's later changes must
    // stay its own, and the blob sizes (MEMORY USAGE) must follow the width each key reached.
    await same(
      [
        ['SADD', 'a', '5', '-3', '1000'], ['COPY', 'a', 'b'], ['SADD', 'b', '70000'], ['SREM', 'a', '5'], ['SMEMBERS', 'a'],
        ['SMEMBERS', 'b'], ['MEMORY', 'USAGE', 'a'], ['MEMORY', 'USAGE', 'b'], ['SADD', 'a', '-9223372036854775808'],
        ['MEMORY', 'USAGE', 'a'], ['SREM', 'a', '-9223372036854775808', '-3'], ['SMEMBERS', 'a'], ['MEMORY', 'USAGE', 'a'],
        ['OBJECT', 'ENCODING', 'a'], ['SADD', 'a', '1000', '1000'], ['SISMEMBER', 'a', '1000'], ['SISMEMBER', 'a', '70000'],
        ['SORT', 'b'], ['SORT', 'b', 'DESC', 'LIMIT', '1', '2'], ['SSCAN', 'b', '0'], ['COPY', 'b', 'c'], ['SMOVE', 'b', 'c', '-3'],
        ['SMOVE', 'c', 'b', '-3'], ['SMEMBERS', 'b'], ['SMEMBERS', 'c'], { sorted: ['SPOP', 'c', '10'] }, ['EXISTS', 'c'],
        ['SMEMBERS', 'b'], ['SINTERSTORE', 'd', 'a', 'b'], ['SMEMBERS', 'd'], ['MEMORY', 'USAGE', 'd'], ['OBJECT', 'ENCODING', 'd'],
      ],
      'intset payload',
    );
  });

  it('SMOVE', async () => {
    await same(
      [
        ['SADD', 'a', '1', '2', 'x'], ['SADD', 'b', '3'], ['SMOVE', 'a', 'b', '1'], ['SMOVE', 'a', 'b', '9'], { sorted: ['SMEMBERS', 'a'] },
        ['SMEMBERS', 'b'], ['OBJECT', 'ENCODING', 'b'], ['SMOVE', 'a', 'b', 'x'], ['SMOVE', 'a', 'a', '2'],
        ['SMOVE', 'a', 'a', '7'], ['SMOVE', 'a', 'new', '2'], ['EXISTS', 'a'], ['SMEMBERS', 'new'], ['OBJECT', 'ENCODING', 'new'],
        // Redis 7.2: b is now a listpack (7.0: hashtable); its encoding is asserted in set.test.ts.
        ['SMOVE', 'none', 'b', '1'], ['SET', 'str', 'v'], ['SMOVE', 'none', 'str', '1'], ['SMOVE', 'b', 'str', '3'],
        ['SMOVE', 'str', 'b', '3'], ['SADD', 'c', '3'], ['SMOVE', 'b', 'c', '3'], ['SMEMBERS', 'c'], ['SMOVE', 'a'],
      ],
      'smove',
    );
  });

  it('SINTER, SINTERCARD, SINTERSTORE', async () => {
    await same(
      [
        ['SADD', 'a', '1', '2', '3', '4', 'x', 'y'], ['SADD', 'b', '2', '3', '4', 'y', 'z'], ['SADD', 'c', '3', '4', '5', 'y'],
        ['SADD', 'i', '1', '2', '3'], ['SADD', 'big', ...range(0, 300)],
        { sorted: ['SINTER', 'a', 'b', 'c'] }, ['SINTER', 'i', 'big'], { sorted: ['SINTER', 'a', 'a'] }, ['SINTER', 'a', 'none'],
        ['SINTER', 'none'], ['SINTERCARD', '3', 'a', 'b', 'c'], ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '2'],
        ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '0'], ['SINTERCARD', '2', 'a', 'b', 'limit', '100'], ['SINTERCARD', '1', 'none'],
        ['SINTERCARD', '0', 'a'], ['SINTERCARD', '-1', 'a'], ['SINTERCARD', 'x', 'a'], ['SINTERCARD', '3', 'a', 'b'],
        ['SINTERCARD', '1', 'a', 'LIMIT'], ['SINTERCARD', '1', 'a', 'LIMIT', '-1'], ['SINTERCARD', '1', 'a', 'LIMIT', 'x'],
        ['SINTERCARD', '1', 'a', 'FOO', '1'], ['SINTERCARD', '1', 'a', 'b'],
        ['SINTERSTORE', 'd', 'a', 'b'], { sorted: ['SMEMBERS', 'd'] }, ['SINTERSTORE', 'd', 'i', 'big'], ['SMEMBERS', 'd'],
        ['OBJECT', 'ENCODING', 'd'], ['SINTERSTORE', 'd', 'big', 'big'], ['OBJECT', 'ENCODING', 'd'], ['SCARD', 'd'],
        ['EXPIRE', 'd', '100'], ['SINTERSTORE', 'd', 'i', 'i'], ['TTL', 'd'], ['SINTERSTORE', 'd', 'a', 'none'], ['EXISTS', 'd'],
        ['SINTERSTORE', 'd', 'i', 'c'], ['SMEMBERS', 'd'], ['SINTERSTORE', 'd', 'a', 'i', 'c', 'b'], ['SMEMBERS', 'd'],
        ['SINTERSTORE', 'd', 'x1', 'x2'], ['EXISTS', 'd'], ['SINTERSTORE', 'a', 'a', 'c'], { sorted: ['SMEMBERS', 'a'] },
        ['SET', 'str', 'v'], ['SINTER', 'a', 'str'], ['SINTER', 'none', 'str'], ['SINTERCARD', '2', 'none', 'str'],
        ['SINTERSTORE', 'd', 'none', 'str'], ['SINTERSTORE', 'str', 'a', 'b'], { sorted: ['SMEMBERS', 'str'] },
        { hello: 3 }, { sorted: ['SINTER', 'a', 'b'] }, ['SINTER', 'a', 'none'], ['SINTERCARD', '2', 'a', 'b'], { hello: 2 },
      ],
      'sinter',
    );
  });

  it('SUNION, SDIFF and their STORE forms', async () => {
    await same(
      [
        ['SADD', 'a', '1', '2', '3', 'x'], ['SADD', 'b', '3', '4', 'x', 'y'], ['SADD', 'i', '5', '1', '3'], ['SADD', 'j', '2', '9'],
        ['SADD', 'big', ...range(0, 200, 'm')],
        { sorted: ['SUNION', 'a', 'b'] }, ['SUNION', 'i', 'j'], ['SUNION', 'i', 'none'], ['SUNION', 'none'], { sorted: ['SDIFF', 'a', 'b'] },
        ['SDIFF', 'i', 'j'], ['SDIFF', 'i', 'a'], ['SDIFF', 'i', 'i'], ['SDIFF', 'i', 'j', 'i'], ['SDIFF', 'none', 'a'], ['SDIFF', 'i', 'none'],
        { sorted: ['SDIFF', 'big', 'a'] }, { sorted: ['SDIFF', 'a', 'big', 'b'] },
        ['SUNIONSTORE', 'd', 'i', 'j'], ['SMEMBERS', 'd'], ['OBJECT', 'ENCODING', 'd'], ['SUNIONSTORE', 'd', 'a', 'b'],
        { sorted: ['SMEMBERS', 'd'] }, ['SUNIONSTORE', 'd', 'none'], ['EXISTS', 'd'], ['SDIFFSTORE', 'd', 'i', 'j'], ['SMEMBERS', 'd'],
        ['OBJECT', 'ENCODING', 'd'], ['SDIFFSTORE', 'd', 'i', 'i'], ['EXISTS', 'd'], ['SUNIONSTORE', 'd', 'big', 'big'], ['SCARD', 'd'],
        ['OBJECT', 'ENCODING', 'd'], ['EXPIRE', 'd', '100'], ['SUNIONSTORE', 'd', 'i'], ['TTL', 'd'], ['SDIFFSTORE', 'i', 'i', 'j'],
        ['SMEMBERS', 'i'], ['SET', 'str', 'v'], ['SUNION', 'a', 'str'], ['SDIFF', 'none', 'str'], ['SDIFF', 'str', 'a'],
        ['SUNIONSTORE', 'd', 'a', 'str'], ['SDIFFSTORE', 'str', 'a'], { sorted: ['SMEMBERS', 'str'] }, ['SUNION'], ['SDIFFSTORE', 'd'],
        { hello: 3 }, ['SUNION', 'i', 'j'], ['SDIFF', 'none'], { hello: 2 },
      ],
      'sunion',
    );
  });

  it('SPOP and SRANDMEMBER: errors, counts, whole-set pops', async () => {
    await same(
      [
        ['SADD', 'i', '1', '2', '3', '4', '5'], ['SADD', 'w', 'a', 'b', 'c'], { shape: ['SPOP', 'i'] }, ['SCARD', 'i'],
        { shape: ['SPOP', 'i', '2'] }, ['SCARD', 'i'], ['SPOP', 'i', '0'], ['SPOP', 'i', '-1'], ['SPOP', 'i', 'x'],
        ['SPOP', 'i', '1', '2'], ['SPOP', 'none'], ['SPOP', 'none', '3'], ['SPOP', 'none', '-1'],
        ['SADD', 'k', '3', '1', '2'], ['SPOP', 'k', '3'], ['EXISTS', 'k'], { sorted: ['SPOP', 'w', '10'] }, ['EXISTS', 'w'],
        ['SADD', 'one', '7'], ['SPOP', 'one'], ['EXISTS', 'one'],
        ['SADD', 'r', '1', '2', '3', 'x'], { shape: ['SRANDMEMBER', 'r'] }, { shape: ['SRANDMEMBER', 'r', '2'] },
        { shape: ['SRANDMEMBER', 'r', '-10'] }, { sorted: ['SRANDMEMBER', 'r', '10'] }, ['SRANDMEMBER', 'r', '0'],
        ['SRANDMEMBER', 'none'], ['SRANDMEMBER', 'none', '5'], ['SRANDMEMBER', 'none', '-5'], ['SRANDMEMBER', 'r', 'x'],
        ['SRANDMEMBER', 'r', '1', '2'], ['SRANDMEMBER', 'r', '-9223372036854775808'], ['SRANDMEMBER', 'r', '9223372036854775808'],
        ['SET', 'str', 'v'], ['SPOP', 'str'], ['SPOP', 'str', '1'],
        ['SRANDMEMBER', 'str'], ['SRANDMEMBER', 'str', '1'], ['SRANDMEMBER', 'str', 'x'], ['SPOP', 'str', '-1'],
        { hello: 3 }, { shape: ['SPOP', 'r', '1'] }, ['SPOP', 'none', '2'], ['SPOP', 'none'], { shape: ['SRANDMEMBER', 'r', '2'] },
        { hello: 2 },
      ],
      'random',
    );
  });

  it('SSCAN', async () => {
    await same(
      [
        ['SADD', 'i', ...range(0, 20)], ['SSCAN', 'i', '0'], ['SSCAN', 'i', '0', 'MATCH', '1*'], ['SSCAN', 'i', '0', 'COUNT', '3'],
        ['SSCAN', 'i', '123', 'COUNT', '3'], ['SSCAN', 'i', '0', 'COUNT', '0'], ['SSCAN', 'i', '0', 'COUNT', 'x'], ['SSCAN', 'i', 'x'],
        ['SSCAN', 'i', '0', 'MATCH'], ['SSCAN', 'i', '0', 'TYPE', 'set'], ['SSCAN', 'none', '0'], ['SSCAN', 'none', '0', 'COUNT', '0'],
        ['SSCAN', 'none', 'x'], ['SSCAN', 'i', '-1'], ['SSCAN', 'i', '18446744073709551616'],
        ['SADD', 'w', 'ab', 'ac', 'b'], { sorted: ['SSCAN', 'w', '0', 'MATCH', 'a*'] }, { sorted: ['SSCAN', 'w', '0', 'MATCH', '*'] },
        ['SET', 'str', 'v'], ['SSCAN', 'str', '0'], ['SSCAN', 'str', 'x'], ['SSCAN', 'str', '0', 'COUNT', '0'],
        ['SADD', 'big', ...range(0, 1000)], { sorted: ['SSCAN', 'big', '0', 'COUNT', '2000'] },
      ],
      'sscan',
    );
  });

  it('seeded random sequences', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const rnd = prng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
      const keys = ['s1', 's2', 's3', 'str'];
      const member = (): string => (rnd() < 0.6 ? String(Math.floor(rnd() * 40) - 5) : pick(['a', 'b', 'c', 'dd', 'e1', '', '01', 'x'.repeat(70)]));
      const members = (n: number): string[] => Array.from({ length: n }, member);
      const steps: CmpStep[] = [['SET', 'str', 'v']];
      for (let i = 0; i < 150; i++) {
        const k = pick(keys);
        const k2 = pick(keys);
        const r = rnd();
        if (r < 0.25) steps.push(['SADD', k, ...members(1 + Math.floor(rnd() * 5))]);
        else if (r < 0.3) steps.push(['SADD', k, ...range(Math.floor(rnd() * 100), 50 + Math.floor(rnd() * 500))]);
        else if (r < 0.4) steps.push(['SREM', k, ...members(1 + Math.floor(rnd() * 4))]);
        else if (r < 0.45) steps.push(['SISMEMBER', k, member()]);
        else if (r < 0.5) steps.push(['SMISMEMBER', k, member(), member()]);
        else if (r < 0.55) steps.push(['SCARD', k]);
        else if (r < 0.6) steps.push(['SMOVE', k, k2, member()]);
        else if (r < 0.65) steps.push({ sorted: ['SINTER', k, k2] });
        else if (r < 0.68) steps.push(['SINTERCARD', '2', k, k2, 'LIMIT', String(Math.floor(rnd() * 5))]);
        else if (r < 0.72) steps.push(['SINTERSTORE', pick(keys), k, k2]);
        else if (r < 0.76) steps.push({ sorted: ['SUNION', k, k2] });
        else if (r < 0.8) steps.push(['SUNIONSTORE', pick(keys), k, k2]);
        else if (r < 0.84) steps.push({ sorted: ['SDIFF', k, k2, pick(keys)] });
        else if (r < 0.88) steps.push(['SDIFFSTORE', pick(keys), k, k2]);
        else if (r < 0.92) steps.push({ sorted: ['SMEMBERS', k] });
        else if (r < 0.95) steps.push({ shape: ['SRANDMEMBER', k, String(Math.floor(rnd() * 20) - 10)] });
        else if (r < 0.97) steps.push({ sorted: ['SPOP', k, '1000'] });
        else steps.push(['EXISTS', k]);
      }
      for (const k of keys) steps.push({ sorted: ['SMEMBERS', k] });
      await same(steps, `seed ${seed}`);
    }
  });
});
