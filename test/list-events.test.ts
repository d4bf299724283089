// Keyspace events of the list family (and SORT ... STORE) compared with the real redis-server: the
// same commands on both, with small and multi-node lists; Redis's keyevent notifications (KEA
// through PSUBSCRIBE) must equal, in order, the events Respite's keyspace emits.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';
import { ourKeyEvents, realKeyEvents } from './set-diff-compare.ts';

const COMMANDS: string[][] = [
  ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e'], ['LPUSH', 'l', 'z'], ['LPUSHX', 'l', 'y'], ['RPUSHX', 'l', 'x'], ['LPUSHX', 'none', 'a'],
  ['LPOP', 'l'], ['RPOP', 'l', '2'], ['LPOP', 'l', '0'], ['LPOP', 'none'], ['LSET', 'l', '0', 'q'], ['LSET', 'l', '99', 'q'],
  ['LINSERT', 'l', 'BEFORE', 'q', 'p'], ['LINSERT', 'l', 'AFTER', 'nope', 'p'], ['LREM', 'l', '0', 'nope'], ['LREM', 'l', '1', 'p'],
  ['LTRIM', 'l', '0', '-1'], ['LTRIM', 'l', '1', '2'], ['LRANGE', 'l', '0', '-1'], ['LINDEX', 'l', '0'], ['LPOS', 'l', 'c'],
  ['RPUSH', 'm', '1'], ['LMOVE', 'l', 'm', 'LEFT', 'RIGHT'], ['LMOVE', 'l', 'new', 'LEFT', 'LEFT'], ['RPOPLPUSH', 'm', 'm'],
  ['RPOPLPUSH', 'none', 'm'], ['LMPOP', '2', 'none', 'm', 'RIGHT', 'COUNT', '9'], ['RPUSH', 'b', '1', '2', '3'],
  ['BLPOP', 'b', '0'], ['BRPOP', 'b', '0'], ['BLMOVE', 'b', 'c', 'LEFT', 'LEFT', '0'], ['BRPOPLPUSH', 'c', 'c', '0'],
  ['BLMPOP', '0', '1', 'c', 'LEFT'], ['RPUSH', 'e', 'x'], ['LREM', 'e', '0', 'x'], ['RPUSH', 't', 'x'], ['LTRIM', 't', '5', '9'],
  ['RPUSH', 'src', '3', '1', '2'], ['SORT', 'src', 'STORE', 'dst'], ['SORT', 'none', 'STORE', 'dst'], ['SORT', 'none', 'STORE', 'dst'],
  ['SORT', 'src', 'LIMIT', '0', '1', 'STORE', 'src'], ['SET', 's', 'v'], ['LPUSH', 's', 'a'], ['LMOVE', 'src', 's', 'LEFT', 'LEFT'],
  ['ZADD', 'z', '1', 'a', '2', 'b'], ['BZPOPMIN', 'z', '0'], ['BZMPOP', '0', '1', 'z', 'MAX'],
];

describe('list keyspace events vs real redis', { skip: SKIP_NO_REDIS }, () => {
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

  for (const fill of ['-2', '2']) {
    it(`the same events in the same order (list-max-listpack-size ${fill})`, async () => {
      for (const db of s.server.keyspace.dbs) db.clear();
      const cmds = [['CONFIG', 'SET', 'list-max-listpack-size', fill], ...COMMANDS];
      const ours = await ourKeyEvents(s, cmds);
      const c = await RawConnection.connect(real.port);
      await c.call('FLUSHALL');
      c.close();
      const theirs = await realKeyEvents(real.port, cmds);
      assert.ok(theirs.length > 40, `only ${theirs.length} events`);
      assert.deepEqual(ours, theirs);
    });
  }
});
