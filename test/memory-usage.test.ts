// MEMORY USAGE for aggregates: compact encodings are byte-identical to Redis's, so their estimate
// must equal redis-server's exactly; big encodings are estimates that must stay in Redis's range.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SKIP_NO_REDIS, startRealRedis, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';
import { assertSameReplies } from './helpers/differential.ts';

describe('MEMORY USAGE of aggregates vs redis-server', { skip: SKIP_NO_REDIS }, () => {
  let s: Started;
  let r: RealRedis;
  before(async () => {
    [s, r] = await Promise.all([startServer(), startRealRedis()]);
  });
  after(async () => {
    await Promise.all([s.stop(), r.stop()]);
  });

  it('matches exactly for listpack hashes and sorted sets and for intsets', async () => {
    await assertSameReplies(s.port, r.port, [
      ['HSET', 'h', 'a', '1', 'b', 'hello', 'c', '3'],
      ['MEMORY', 'USAGE', 'h'],
      ['SADD', 's', '1', '2', '300', '70000'],
      ['MEMORY', 'USAGE', 's'],
      ['ZADD', 'z', '1', 'a', '2.5', 'b', '-3', 'ccc'],
      ['MEMORY', 'USAGE', 'z', 'SAMPLES', '0'],
      // Redis 7.2: a small list is a listpack; 7.0 reports a one-node quicklist, so only 7.2 shapes
      // are compared through the big-list estimate below.
    ]);
  });

  it('estimates big hashtables, skiplists and quicklists within 25% of Redis', async () => {
    const [a, b] = await Promise.all([RawConnection.connect(s.port), RawConnection.connect(r.port)]);
    for (const c of [a, b]) {
      for (let i = 0; i < 300; i++) {
        c.send('SADD', 'bs', `member:${i}`);
        c.send('HSET', 'bh', `field:${i}`, `value:${i}`);
        c.send('ZADD', 'bz', String(i), `member:${i}`);
        c.send('RPUSH', 'bl', `element:${i}`);
      }
      for (let i = 0; i < 1200; i++) await c.read();
    }
    for (const key of ['bs', 'bh', 'bz', 'bl']) {
      const ours = Number(await a.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
      const theirs = Number(await b.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
      const ratio = ours / theirs;
      assert.ok(ratio > 0.75 && ratio < 1.25, `${key}: ours ${ours} vs Redis ${theirs}`);
    }
    a.close();
    b.close();
  });
});
