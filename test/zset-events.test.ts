// Keyspace events of the sorted set family compared with the real redis-server: the same commands
// on both, on listpack and skiplist sets; Redis's keyevent notifications (KEA through PSUBSCRIBE)
// must equal, in order, the events Respite's keyspace emits.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';
import { ourKeyEvents, realKeyEvents } from './set-diff-compare.ts';

const COMMANDS: string[][] = [
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZADD', 'z', '1', 'a'], ['ZADD', 'z', 'NX', '5', 'a'], ['ZADD', 'z', 'CH', '5', 'a'],
  ['ZADD', 'z', 'INCR', '1', 'a'], ['ZADD', 'z', 'XX', 'INCR', '1', 'none'], ['ZINCRBY', 'z', '0', 'b'], ['ZINCRBY', 'n', '1', 'x'],
  ['ZADD', 'z', 'GT', '0', 'c'], ['ZREM', 'z', 'none'], ['ZREM', 'z', 'a'], ['ZREM', 'n', 'x'], ['ZADD', 'z', '7', 'd', '8', 'e', '9', 'f'],
  ['ZREMRANGEBYRANK', 'z', '5', '9'], ['ZREMRANGEBYRANK', 'z', '0', '0'], ['ZREMRANGEBYSCORE', 'z', '8', '8'],
  ['ZREMRANGEBYSCORE', 'z', '100', '200'], ['ZADD', 'l', '0', 'a', '0', 'b'], ['ZREMRANGEBYLEX', 'l', '[a', '[a'],
  ['ZREMRANGEBYLEX', 'l', '-', '+'], ['ZPOPMIN', 'z'], ['ZPOPMAX', 'z', '0'], ['ZPOPMAX', 'z', '1'], ['ZPOPMAX', 'none'],
  ['ZADD', 'p', '1', 'a', '2', 'b'], ['ZMPOP', '2', 'none', 'p', 'MAX', 'COUNT', '5'], ['ZADD', 'a', '1', 'x', '2', 'y'],
  ['ZADD', 'b', '2', 'y', '3', 'q'], ['ZUNIONSTORE', 'd', '2', 'a', 'b'], ['ZINTERSTORE', 'd', '2', 'a', 'b'],
  ['ZDIFFSTORE', 'd', '2', 'a', 'b'], ['ZINTERSTORE', 'd', '2', 'a', 'none'], ['ZINTERSTORE', 'd', '2', 'a', 'none'],
  ['ZRANGESTORE', 'r', 'a', '0', '-1'], ['ZRANGESTORE', 'r', 'a', '5', '9'], ['ZRANGESTORE', 'r', 'none', '0', '1'],
  ['ZRANGE', 'a', '0', '-1'], ['ZSCORE', 'a', 'x'], ['ZRANDMEMBER', 'a'], ['ZADD', 'e', 'nan', 'x'], ['ZADD', 'e', '1', 'x', '2'],
  ['SET', 's', 'v'], ['ZADD', 's', '1', 'x'], ['ZUNIONSTORE', 's', '1', 'a'],
];

describe('sorted set keyspace events vs real redis', { skip: SKIP_NO_REDIS }, () => {
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

  for (const entries of ['128', '0']) {
    it(`the same events in the same order (zset-max-listpack-entries ${entries})`, async () => {
      for (const db of s.server.keyspace.dbs) db.clear();
      const cmds = [['CONFIG', 'SET', 'zset-max-listpack-entries', entries], ...COMMANDS];
      const ours = await ourKeyEvents(s, cmds);
      const c = await RawConnection.connect(real.port);
      await c.call('FLUSHALL');
      c.close();
      const theirs = await realKeyEvents(real.port, cmds);
      assert.ok(theirs.length > 20, `only ${theirs.length} events`);
      assert.deepEqual(ours, theirs);
    });
  }
});
