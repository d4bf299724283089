// maxmemory-policy decides whether accesses feed the LRU clock or the LFU counter (OBJECT FREQ),
// at startup and after CONFIG SET, as in Redis.

import { after, before, describe, it } from 'node:test';
import { assertSameReplies } from './helpers/differential.ts';
import { SKIP_NO_REDIS, startRealRedis, type RealRedis } from './helpers/real-redis.ts';
import { startServer, type Started } from './helpers/server.ts';

describe('LFU access tracking vs redis-server', { skip: SKIP_NO_REDIS }, () => {
  let s: Started;
  let r: RealRedis;
  before(async () => {
    [s, r] = await Promise.all([
      startServer({ config: { 'maxmemory-policy': 'allkeys-lfu' } }),
      startRealRedis(['--maxmemory-policy', 'allkeys-lfu']),
    ]);
  });
  after(async () => {
    await Promise.all([s.stop(), r.stop()]);
  });

  it('counts accesses from startup configuration, and stops when the policy changes', async () => {
    await assertSameReplies(s.port, r.port, [
      ['SET', 'k', 'v'],
      ['OBJECT', 'FREQ', 'k'],
      ['GET', 'k'],
      ['OBJECT', 'FREQ', 'k'],
      ['OBJECT', 'IDLETIME', 'k'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'],
      ['OBJECT', 'FREQ', 'k'],
      // OBJECT IDLETIME right after a switch reads LFU data as an LRU clock: nonsense in Redis too.
      ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-lfu'],
      ['SET', 'k2', 'v'],
      ['OBJECT', 'FREQ', 'k2'],
    ]);
  });

  it('keeps the counter when a value is overwritten, in place (SET) or by a new object (SET EX, APPEND)', async () => {
    // lfu-log-factor 0 makes every access count: the replies are deterministic.
    await assertSameReplies(s.port, r.port, [
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'],
      ['CONFIG', 'SET', 'lfu-log-factor', '0'],
      ['SET', 'o', '1'],
      ['GET', 'o'],
      ['GET', 'o'],
      ['OBJECT', 'FREQ', 'o'],
      ['SET', 'o', 'two'],
      ['OBJECT', 'FREQ', 'o'],
      ['OBJECT', 'ENCODING', 'o'],
      ['SET', 'o', '3', 'EX', '100'],
      ['OBJECT', 'FREQ', 'o'],
      ['SET', 'o', 'x'.repeat(50)],
      ['OBJECT', 'FREQ', 'o'],
      ['OBJECT', 'ENCODING', 'o'],
      ['TTL', 'o'],
      ['CONFIG', 'SET', 'lfu-log-factor', '10'],
    ]);
  });
});
