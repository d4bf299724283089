// Replies the independent review found different from redis-server, compared byte for byte.

import { after, before, describe, it } from 'node:test';
import { assertSameReplies } from './helpers/differential.ts';
import { SKIP_NO_REDIS, startRealRedis, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';
import assert from 'node:assert/strict';

describe('review fixes vs redis-server', { skip: SKIP_NO_REDIS }, () => {
  let s: Started;
  let r: RealRedis;
  before(async () => {
    [s, r] = await Promise.all([startServer(), startRealRedis()]);
  });
  after(async () => {
    await Promise.all([s.stop(), r.stop()]);
  });

  it('ZINCRBY parses ZADD options (and refuses them), CLIENT UNBLOCK checks the reason first', async () => {
    await assertSameReplies(s.port, r.port, [
      ['ZINCRBY', 'zk', 'NX', 'm'],
      ['ZINCRBY', 'zk', 'LT', 's'],
      ['ZINCRBY', 'zk', 'INCR', 'm'],
      ['ZINCRBY', 'zk', '2', 'm'],
      ['ZINCRBY', 'zk', 'x', 'm'],
      ['CLIENT', 'UNBLOCK', 'a', 'f'],
      ['CLIENT', 'UNBLOCK', 'a', 'timeout'],
      ['CLIENT', 'UNBLOCK', '999999', 'error'],
    ]);
  });

  it('ZSCAN over a skiplist prints scores as %.17g', async () => {
    const scan = async (port: number): Promise<string[]> => {
      const c = await RawConnection.connect(port);
      await c.call('CONFIG', 'SET', 'zset-max-listpack-entries', '0');
      await c.call('ZADD', 'zs', '0.1', 'a', '1.1', 'b', '1e-5', 'c', '1e17', 'd', '3', 'e', '-inf', 'f', '-2.5e-7', 'g');
      assert.equal(await c.call('OBJECT', 'ENCODING', 'zs'), 'skiplist');
      const [cursor, items] = (await c.call('ZSCAN', 'zs', '0', 'COUNT', '100')) as [string, string[]];
      await c.call('CONFIG', 'SET', 'zset-max-listpack-entries', '128');
      c.close();
      assert.equal(cursor, '0');
      const pairs: string[] = [];
      for (let i = 0; i < items.length; i += 2) pairs.push(`${items[i]!}=${items[i + 1]!}`);
      return pairs.sort(); // hash order differs; the member/score pairs must not
    };
    assert.deepEqual(await scan(s.port), await scan(r.port));
  });

  it('counts one write per removed member when a sorted set is emptied (not one more)', async () => {
    const changes = async (port: number): Promise<number[]> => {
      const c = await RawConnection.connect(port);
      const dirty = async (): Promise<number> =>
        Number(/rdb_changes_since_last_save:(\d+)/.exec((await c.call('INFO', 'persistence')) as string)![1]);
      const out: number[] = [];
      let before = await dirty();
      for (const step of [['ZADD', 'zd', '1', 'a', '2', 'b', '3', 'c'], ['ZREM', 'zd', 'a', 'b', 'c'],
        ['ZADD', 'zd2', '1', 'a', '2', 'b'], ['ZREMRANGEBYRANK', 'zd2', '0', '-1'], ['ZADD', 'zd3', '1', 'a'], ['ZPOPMIN', 'zd3']]) {
        await c.call(...step);
        const now = await dirty();
        out.push(now - before);
        before = now;
      }
      c.close();
      return out;
    };
    assert.deepEqual(await changes(s.port), await changes(r.port));
  });
});
