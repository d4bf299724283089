// Differential tests for lists, the non-blocking side of the blocking commands and SORT: the same
// sequences sent to Respite and to Debian's real redis-server 7.0.15, reply bytes compared, bad
// input included, plus seeded random command sequences over small and multi-node lists (with and
// without list-compress-depth). Each sequence runs under several list-max-listpack-size values so
// that Respite's listpack and quicklist code paths both meet the same oracle.
// Redis 7.2: small lists are `listpack` (7.0 reports `quicklist` for every list), so OBJECT ENCODING
// is asserted in list.test.ts, not here.

import { after, before, describe, it } from 'node:test';
import { assertSameReplies, type Step } from './helpers/differential.ts';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { startServer, type Started } from './helpers/server.ts';
import { prng } from './set-diff-compare.ts';

const FILLS = [['-2', '0'], ['3', '0'], ['2', '1']] as const;

describe('lists vs real redis', { skip: SKIP_NO_REDIS }, () => {
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
  const same = async (steps: Step[], label: string): Promise<void> => {
    for (const [fill, depth] of FILLS) {
      await assertSameReplies(s.port, real.port, [
        ['SELECT', String(nextDb++ % 16)], ['FLUSHDB'], ['CONFIG', 'SET', 'list-max-listpack-size', fill],
        ['CONFIG', 'SET', 'list-compress-depth', depth], ...steps,
      ], `${label} (fill ${fill}, depth ${depth})`);
    }
  };

  it('pushes, pops, LLEN, LINDEX, LRANGE and their errors', async () => {
    await same([
      ['RPUSH', 'l', 'a', 'b', 'c', '1', '-2', '9223372036854775807', '9223372036854775808', ''], ['LRANGE', 'l', '0', '-1'],
      ['LPUSH', 'l', 'x', 'y'], ['LPUSHX', 'l', 'z'], ['RPUSHX', 'l', 'w'], ['LPUSHX', 'none', 'a'], ['RPUSHX', 'none', 'a'],
      ['EXISTS', 'none'], ['LLEN', 'l'], ['LLEN', 'none'], ['LINDEX', 'l', '0'], ['LINDEX', 'l', '-1'], ['LINDEX', 'l', '100'],
      ['LINDEX', 'l', '-100'], ['LINDEX', 'l', 'x'], ['LINDEX', 'none', 'x'], ['LINDEX', 'none', '0'], ['LRANGE', 'l', '2', '4'],
      ['LRANGE', 'l', '-3', '-1'], ['LRANGE', 'l', '5', '1'], ['LRANGE', 'l', '-100', '100'], ['LRANGE', 'l', 'a', '1'],
      ['LRANGE', 'none', '0', '-1'], ['LRANGE', 'none', 'a', 'b'], ['LPOP', 'l'], ['RPOP', 'l'], ['LPOP', 'l', '2'], ['RPOP', 'l', '3'],
      ['LPOP', 'l', '0'], ['LPOP', 'l', '-1'], ['LPOP', 'l', 'x'], ['LPOP', 'l', '1', '2'], ['LPOP', 'none'], ['LPOP', 'none', '1'],
      ['LPOP', 'none', '0'], ['RPOP', 'none', '-1'], ['RPOP', 'l', '100'], ['EXISTS', 'l'], ['LPOP', 'l'],
      ['SET', 's', 'v'], ['LPUSH', 's', 'a'], ['RPUSHX', 's', 'a'], ['LPOP', 's'], ['LLEN', 's'], ['LRANGE', 's', '0', '1'],
      ['LPUSH', 'l'], ['LLEN'], ['LRANGE', 'l', '0'],
      { hello: 3 }, ['RPUSH', 'r3', 'a'], ['LPOP', 'none'], ['LPOP', 'none', '1'], ['LINDEX', 'r3', '5'], ['LPOP', 'r3', '1'], { hello: 2 },
    ], 'basic');
  });

  it('LSET, LINSERT, LREM, LTRIM, LPOS', async () => {
    await same([
      ['RPUSH', 'l', 'a', 'b', 'a', 'c', 'a', 'd', '1', '01'], ['LSET', 'l', '1', 'B'], ['LSET', 'l', '-1', '1'], ['LSET', 'l', '8', 'x'],
      ['LSET', 'l', 'x', 'x'], ['LSET', 'none', '0', 'x'], ['LRANGE', 'l', '0', '-1'], ['LINSERT', 'l', 'BEFORE', 'a', 'pre'],
      ['LINSERT', 'l', 'after', 'd', 'post'], ['LINSERT', 'l', 'AFTER', 'zz', 'x'], ['LINSERT', 'none', 'AFTER', 'a', 'x'],
      ['LINSERT', 'l', 'MIDDLE', 'a', 'x'], ['LINSERT', 'none', 'MIDDLE', 'a', 'x'], ['LRANGE', 'l', '0', '-1'],
      ['LPOS', 'l', 'a'], ['LPOS', 'l', 'a', 'RANK', '2'], ['LPOS', 'l', 'a', 'RANK', '-1'], ['LPOS', 'l', 'a', 'RANK', '-3'],
      ['LPOS', 'l', 'a', 'RANK', '4'], ['LPOS', 'l', 'a', 'COUNT', '0'], ['LPOS', 'l', 'a', 'COUNT', '2', 'RANK', '-1'],
      ['LPOS', 'l', 'a', 'COUNT', '0', 'MAXLEN', '3'], ['LPOS', 'l', 'a', 'MAXLEN', '1'], ['LPOS', 'l', 'a', 'RANK', '0'],
      ['LPOS', 'l', 'a', 'COUNT', '-1'], ['LPOS', 'l', 'a', 'MAXLEN', '-1'], ['LPOS', 'l', 'a', 'RANK', 'x'], ['LPOS', 'l', 'a', 'RANK'],
      ['LPOS', 'l', 'a', 'FOO', '1'], ['LPOS', 'none', 'a'], ['LPOS', 'none', 'a', 'COUNT', '1'], ['LPOS', 'l', '1'],
      ['LPOS', 'l', '01'], ['LPOS', 'l', 'a', 'RANK', '9223372036854775807'],
      ['LREM', 'l', '1', 'a'], ['LREM', 'l', '-1', 'a'], ['LRANGE', 'l', '0', '-1'], ['LREM', 'l', '0', 'a'], ['LREM', 'l', '0', 'zz'],
      ['LREM', 'l', 'x', 'a'], ['LREM', 'none', '0', 'a'], ['LTRIM', 'l', '1', '-2'], ['LRANGE', 'l', '0', '-1'], ['LTRIM', 'l', 'a', '1'],
      ['LTRIM', 'none', '0', '1'], ['LTRIM', 'l', '-100', '100'], ['LRANGE', 'l', '0', '-1'], ['LTRIM', 'l', '3', '1'], ['EXISTS', 'l'],
      ['RPUSH', 'e', 'x'], ['LREM', 'e', '0', 'x'], ['EXISTS', 'e'],
      ['SET', 's', 'v'], ['LSET', 's', '0', 'a'], ['LINSERT', 's', 'BEFORE', 'a', 'b'], ['LREM', 's', '0', 'a'], ['LTRIM', 's', '0', '1'],
      ['LPOS', 's', 'a'],
    ], 'edit');
  });

  it('LMOVE, RPOPLPUSH, LMPOP and the blocking forms on non-empty keys', async () => {
    await same([
      ['RPUSH', 'a', '1', '2', '3', '4', '5'], ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'], ['LMOVE', 'a', 'b', 'right', 'left'],
      ['LMOVE', 'a', 'a', 'LEFT', 'RIGHT'], ['LRANGE', 'a', '0', '-1'], ['LRANGE', 'b', '0', '-1'], ['RPOPLPUSH', 'a', 'b'],
      ['RPOPLPUSH', 'none', 'b'], ['LMOVE', 'none', 'b', 'LEFT', 'LEFT'], ['LMOVE', 'a', 'b', 'UP', 'LEFT'], ['LMOVE', 'a', 'b', 'LEFT', 'UP'],
      ['SET', 's', 'v'], ['LMOVE', 'a', 's', 'LEFT', 'LEFT'], ['LMOVE', 's', 'a', 'LEFT', 'LEFT'], ['RPOPLPUSH', 'a', 's'],
      ['LRANGE', 'a', '0', '-1'], ['LMPOP', '2', 'none', 'a', 'LEFT'], ['LMPOP', '2', 'none', 'b', 'RIGHT', 'COUNT', '2'],
      ['LMPOP', '1', 'none', 'LEFT'], ['LMPOP', '0', 'a', 'LEFT'], ['LMPOP', '-1', 'a', 'LEFT'], ['LMPOP', 'x', 'a', 'LEFT'],
      ['LMPOP', '3', 'a', 'LEFT'], ['LMPOP', '1', 'a', 'MIDDLE'], ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '0'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', 'x'], ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '1', 'COUNT', '1'], ['LMPOP', '1', 'a', 'LEFT', 'FOO'],
      ['LMPOP', '2', 's', 'a', 'LEFT'], ['LMPOP', '2', 'a', 's', 'LEFT', 'COUNT', '10'], ['LMPOP', '2', 'b', 's', 'LEFT'],
      ['RPUSH', 'q', 'x', 'y', 'z'], ['BLPOP', 'none', 'q', '0'], ['BRPOP', 'q', '0'], ['BLMPOP', '0', '1', 'q', 'LEFT', 'COUNT', '5'],
      ['RPUSH', 'q', 'x', 'y'], ['BLMOVE', 'q', 'q2', 'LEFT', 'LEFT', '0'], ['BRPOPLPUSH', 'q', 'q2', '0'], ['LRANGE', 'q2', '0', '-1'],
      ['BLPOP', 's', '0'], ['BLPOP', 'q', 'abc'], ['BLPOP', 'q', '-1'], ['BLPOP', 'q', ' 1'], ['BLMPOP', '0', '0', 'q', 'LEFT'],
      ['BLMOVE', 'q', 'x', 'LEFT', 'UP', '0'], ['BLMOVE', 'q', 'x', 'LEFT', 'LEFT', 'x'], ['BRPOPLPUSH', 'q', 'x', '-2'],
      ['BZPOPMIN', 's', '0'], ['BZPOPMIN', 'z', '-1'], ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['BZPOPMIN', 'none', 'z', '0'],
      ['BZPOPMAX', 'z', '0'], ['BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '5'], ['BZMPOP', '0', '0', 'z', 'MIN'],
      ['BLPOP', 'none', '0.01'], ['BRPOP', 'none', '0.01'], ['BLMOVE', 'none', 'x', 'LEFT', 'LEFT', '0.01'],
      ['MULTI'], ['BLPOP', 'none', '0'], ['BRPOPLPUSH', 'none', 'x', '0'], ['BZPOPMAX', 'none', '0'], ['BLMPOP', '0', '1', 'none', 'LEFT'],
      ['EXEC'],
      { hello: 3 }, ['BLPOP', 'none', '0.01'], ['RPUSH', 'q', 'a'], ['BLPOP', 'q', '0'], ['MULTI'], ['BLMOVE', 'none', 'x', 'LEFT', 'LEFT', '0'],
      ['EXEC'], { hello: 2 },
    ], 'move');
  });

  it('seeded random command sequences', async () => {
    for (const seed of [1, 7, 42, 1234]) {
      const rnd = prng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
      const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
      const vals = ['a', 'b', 'c', '1', '2', '-3', 'x'.repeat(20), 'long-' + 'y'.repeat(70)];
      const keys = ['k1', 'k2', 'k3'];
      const steps: Step[] = [];
      for (let i = 0; i < 220; i++) {
        const k = pick(keys);
        const v = pick(vals);
        const idx = String(int(-12, 12));
        switch (int(0, 15)) {
          case 0: steps.push(['LPUSH', k, v, pick(vals)]); break;
          case 1: steps.push(['RPUSH', k, ...Array.from({ length: int(1, 8) }, () => pick(vals))]); break;
          case 2: steps.push(['LPOP', k, ...(rnd() < 0.5 ? [String(int(0, 4))] : [])]); break;
          case 3: steps.push(['RPOP', k, ...(rnd() < 0.5 ? [String(int(0, 4))] : [])]); break;
          case 4: steps.push(['LSET', k, idx, v]); break;
          case 5: steps.push(['LINSERT', k, pick(['BEFORE', 'AFTER']), pick(vals), v]); break;
          case 6: steps.push(['LREM', k, String(int(-2, 2)), v]); break;
          case 7: steps.push(['LTRIM', k, idx, String(int(-12, 12))]); break;
          case 8: steps.push(['LPOS', k, v, 'RANK', pick(['1', '-1', '2', '-2']), 'COUNT', String(int(0, 3))]); break;
          case 9: steps.push(['LMOVE', k, pick(keys), pick(['LEFT', 'RIGHT']), pick(['LEFT', 'RIGHT'])]); break;
          case 10: steps.push(['LMPOP', '2', k, pick(keys), pick(['LEFT', 'RIGHT']), 'COUNT', String(int(1, 3))]); break;
          case 11: steps.push(['LINDEX', k, idx]); break;
          case 12: steps.push(['RPOPLPUSH', k, pick(keys)]); break;
          case 13: steps.push(['LPUSHX', k, v]); break;
          default: steps.push(['LRANGE', k, '0', '-1']);
        }
        if (i % 10 === 9) for (const key of keys) steps.push(['LRANGE', key, '0', '-1']);
      }
      await same(steps, `seed ${seed}`);
    }
  });
});
