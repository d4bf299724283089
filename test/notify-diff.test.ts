// Keyspace notifications compared with the real redis-server: the same varied command sequence
// (strings, keys, expiry, hashes, sets, sorted sets, lists, databases) runs on both with every
// class enabled (AKEmn: also key-miss and new-key events); a pattern subscriber on each server must
// receive the same messages, `__keyspace@<db>__:<key>` and `__keyevent@<db>__:<event>` alike, in
// the same order.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';

const COMMANDS: string[][] = [
  // strings
  ['SET', 's', '1'], ['SET', 's', '2', 'NX'], ['SET', 's', '3', 'XX', 'EX', '1000'], ['GET', 's'], ['GET', 'missing'],
  ['INCR', 'n'], ['INCRBYFLOAT', 'n', '1.5'], ['APPEND', 'a', 'x'], ['SETRANGE', 'a', '3', 'y'], ['GETDEL', 'a'],
  ['MSET', 'm1', '1', 'm2', '2'], ['MGET', 'm1', 'nope'], ['GETEX', 'm1', 'EX', '100'], ['GETEX', 'm1', 'PERSIST'],
  ['SETBIT', 'b', '7', '1'], ['BITOP', 'OR', 'b2', 'b', 'nope'], ['STRLEN', 'nope'],
  // keys and expiry
  ['EXPIRE', 's', '500'], ['PEXPIRE', 's', '600000'], ['PERSIST', 's'], ['TTL', 'nope'], ['EXPIRE', 'm2', '-1'],
  ['RENAME', 's', 's2'], ['RENAMENX', 's2', 'n'], ['COPY', 's2', 'c1'], ['MOVE', 'c1', '1'], ['DEL', 's2', 'nope'],
  ['UNLINK', 'n'], ['EXISTS', 'nope'], ['TYPE', 'nope'], ['TOUCH', 'b', 'nope'],
  ['SELECT', '1'], ['SET', 'db1', 'v'], ['DEL', 'c1'], ['SELECT', '0'],
  // hashes
  ['HSET', 'h', 'f1', 'v1', 'f2', '2'], ['HSETNX', 'h', 'f1', 'x'], ['HINCRBY', 'h', 'f2', '3'], ['HINCRBYFLOAT', 'h', 'f2', '0.5'],
  ['HGET', 'h', 'f1'], ['HGET', 'nope', 'f'], ['HDEL', 'h', 'f1', 'zz'], ['HDEL', 'h', 'f2'],
  // sets
  ['SADD', 'st', 'a', 'b', 'c'], ['SREM', 'st', 'a'], ['SMOVE', 'st', 'st2', 'b'], ['SINTERSTORE', 'st3', 'st', 'st2'],
  ['SUNIONSTORE', 'st3', 'st', 'st2'], ['SPOP', 'st2'], ['SISMEMBER', 'nope', 'x'], ['SDIFFSTORE', 'st4', 'nope'],
  // sorted sets
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZINCRBY', 'z', '5', 'a'], ['ZREM', 'z', 'b'], ['ZPOPMIN', 'z'],
  ['ZREMRANGEBYSCORE', 'z', '0', '10'], ['ZADD', 'z', '1', 'x'], ['ZUNIONSTORE', 'z2', '1', 'z'], ['ZRANGESTORE', 'z3', 'z', '5', '9'],
  ['ZSCORE', 'nope', 'x'],
  // lists
  ['RPUSH', 'l', 'a', 'b', 'c'], ['LPUSH', 'l', 'z'], ['LSET', 'l', '0', 'y'], ['LINSERT', 'l', 'BEFORE', 'b', 'q'],
  ['LPOP', 'l'], ['RPOPLPUSH', 'l', 'l2'], ['LMOVE', 'l2', 'l', 'LEFT', 'RIGHT'], ['LTRIM', 'l', '0', '1'], ['LREM', 'l', '0', 'q'],
  ['LRANGE', 'nope', '0', '-1'], ['LPUSHX', 'nope', 'a'], ['SORT', 'l', 'ALPHA', 'STORE', 'sorted'],
  // flushes and swaps emit nothing per key
  ['SWAPDB', '0', '1'], ['SWAPDB', '0', '1'], ['FLUSHDB'],
  ['SET', 'last', 'v'],
];

/** Every notification message a pattern subscriber receives while COMMANDS run, as `channel message`. */
async function notifications(port: number): Promise<string[]> {
  const sub = await RawConnection.connect(port);
  const cmd = await RawConnection.connect(port);
  try {
    await cmd.call('FLUSHALL');
    await cmd.call('CONFIG', 'SET', 'notify-keyspace-events', 'AKEmn');
    await sub.call('PSUBSCRIBE', '__key*__:*');
    for (const argv of COMMANDS) await cmd.call(...argv);
    await cmd.call('CONFIG', 'SET', 'notify-keyspace-events', '');
    await cmd.call('PUBLISH', '__keyevent@0__:end', 'end');
    const out: string[] = [];
    for (;;) {
      const m = (await sub.read()) as string[];
      if (m[2] === '__keyevent@0__:end') return out;
      out.push(`${m[2]!} ${m[3]!}`);
    }
  } finally {
    sub.close();
    cmd.close();
  }
}

describe('keyspace notifications vs real redis', { skip: SKIP_NO_REDIS }, () => {
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

  it('publishes the same keyspace and keyevent messages in the same order', async () => {
    const ours = await notifications(s.port);
    const theirs = await notifications(real.port);
    assert.ok(theirs.length > 150, `only ${theirs.length} notifications`);
    assert.deepEqual(ours, theirs);
  });
});
