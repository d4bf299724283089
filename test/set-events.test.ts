// Keyspace events of the set and hash families compared with the real redis-server: the same
// commands on both; Redis's keyevent notifications (KEA through PSUBSCRIBE) must equal, in order,
// the events Respite's keyspace emits.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';
import { ourKeyEvents, realKeyEvents } from './set-diff-compare.ts';

const SET_COMMANDS: string[][] = [
  ['SADD', 's', '1', '2', '3'], ['SADD', 's', '1'], ['SREM', 's', '9'], ['SREM', 's', '1'], ['SMOVE', 's', 't', '2'],
  ['SMOVE', 's', 't', '9'], ['SMOVE', 's', 's', '3'], ['SMOVE', 's', 't', '3'], ['SADD', 't', '2'], ['SMOVE', 't', 'u', '2'],
  ['SADD', 'p', 'a', 'b', 'c', 'd'], ['SPOP', 'p'], ['SPOP', 'p', '0'], ['SPOP', 'p', '1'], ['SPOP', 'p', '5'], ['SPOP', 'p'],
  ['SADD', 'x', '1', '2'], ['SADD', 'y', '2', '3'], ['SINTERSTORE', 'd', 'x', 'y'], ['SINTERSTORE', 'd', 'x', 'none'],
  ['SINTERSTORE', 'd', 'x', 'none'], ['SUNIONSTORE', 'd', 'x', 'y'], ['SDIFFSTORE', 'd', 'x', 'y'], ['SDIFFSTORE', 'd', 'x', 'x'],
  ['SUNIONSTORE', 'd', 'none'], ['SADD', 'big', ...Array.from({ length: 30 }, (_, i) => `m${i}`)], ['SPOP', 'big', '28'],
  ['SREM', 'big', 'none', ...Array.from({ length: 30 }, (_, i) => `m${i}`)], ['SRANDMEMBER', 'x', '3'], ['SMEMBERS', 'x'],
];

const HASH_COMMANDS: string[][] = [
  ['HSET', 'h', 'a', '1', 'b', '2'], ['HSET', 'h', 'a', '1'], ['HMSET', 'h', 'c', '3'], ['HSETNX', 'h', 'a', '1'], ['HSETNX', 'h', 'd', '4'],
  ['HINCRBY', 'h', 'a', '5'], ['HINCRBY', 'h', 'c', 'x'], ['HINCRBYFLOAT', 'h', 'b', '0.5'], ['HINCRBYFLOAT', 'h', 'b', 'inf'],
  ['HDEL', 'h', 'zz'], ['HDEL', 'h', 'a', 'b'], ['HDEL', 'h', 'c', 'd', 'e'], ['HINCRBY', 'n', 'f', '1'], ['HINCRBYFLOAT', 'm', 'f', '1'],
  ['HGET', 'n', 'f'], ['HGETALL', 'm'], ['HRANDFIELD', 'm', '2'], ['HSET', 'h', 'a'],
];

describe('set and hash keyspace events vs real redis', { skip: SKIP_NO_REDIS }, () => {
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

  for (const [name, commands] of [['sets', SET_COMMANDS], ['hashes', HASH_COMMANDS]] as const) {
    it(`${name}: the same events in the same order`, async () => {
      for (const db of s.server.keyspace.dbs) db.clear();
      const ours = await ourKeyEvents(s, commands);
      const c = await RawConnection.connect(real.port);
      await c.call('FLUSHALL');
      c.close();
      const theirs = await realKeyEvents(real.port, commands);
      assert.ok(theirs.length > 10, `only ${theirs.length} events`);
      assert.deepEqual(ours, theirs);
    });
  }
});
