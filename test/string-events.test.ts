// Keyspace events of the string family, compared with the real redis-server: the same commands
// run on both; Redis's keyevent notifications (notify-keyspace-events KEA, received through
// PSUBSCRIBE) must equal, in order, the events Respite's keyspace emits.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';

const COMMANDS: string[][] = [
  ['SET', 'a', '1'], ['SET', 'a', '2', 'NX'], ['SET', 'a', '3', 'XX', 'EX', '100'], ['SET', 'a', '4', 'KEEPTTL', 'GET'],
  ['SET', 'p', 'v', 'PXAT', '1'], ['GET', 'p'], ['SETNX', 'b', '1'], ['SETNX', 'b', '2'], ['SETEX', 'c', '100', 'v'],
  ['PSETEX', 'c', '100000', 'v'], ['GETSET', 'c', 'w'], ['GETDEL', 'c'], ['GETDEL', 'c'], ['SET', 'g', 'v'],
  ['GETEX', 'g', 'EX', '100'], ['GETEX', 'g', 'PERSIST'], ['GETEX', 'g', 'PERSIST'], ['GETEX', 'g'], ['GETEX', 'g', 'PXAT', '1'],
  ['MSET', 'm1', '1', 'm2', '2'], ['MSETNX', 'm1', '1', 'm3', '3'], ['MSETNX', 'm3', '3', 'm4', '4'], ['APPEND', 'ap', 'x'],
  ['APPEND', 'ap', ''], ['SETRANGE', 'sr', '0', ''], ['SETRANGE', 'sr', '2', 'ab'], ['SETRANGE', 'sr', '0', ''],
  ['INCR', 'i'], ['DECRBY', 'i', '5'], ['INCRBY', 'i', 'x'], ['INCRBYFLOAT', 'i', '1.5'], ['INCRBYFLOAT', 'i', 'inf'],
  ['SETBIT', 'sb', '3', '1'], ['SETBIT', 'sb', '3', '1'], ['SETBIT', 'sb', '3', '0'], ['SETBIT', 'sb', '30', '0'],
  ['BITFIELD', 'bf', 'SET', 'u8', '0', '0'], ['BITFIELD', 'bf', 'SET', 'u8', '0', '0'], ['BITFIELD', 'bf', 'INCRBY', 'u8', '0', '1', 'INCRBY', 'u8', '8', '1'],
  ['BITFIELD', 'bf2', 'OVERFLOW', 'FAIL', 'SET', 'u8', '0', '999'], ['BITFIELD', 'bf', 'GET', 'u8', '0'],
  ['BITOP', 'OR', 'dst', 'sb', 'bf'], ['BITOP', 'AND', 'dst', 'none1', 'none2'], ['BITOP', 'AND', 'dst', 'none1', 'none2'],
  ['SET', 'e', 'v', 'PX', '1'], ['LCS', 'a', 'b'], ['STRLEN', 'a'], ['GETRANGE', 'a', '0', '-1'], ['MGET', 'a', 'zz'],
];

/** Events as `event:key`, collected from a real redis-server's keyevent notifications. */
async function realEvents(port: number): Promise<string[]> {
  const sub = await RawConnection.connect(port);
  const cmd = await RawConnection.connect(port);
  try {
    await cmd.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    await sub.call('PSUBSCRIBE', '__keyevent@0__:*');
    for (const argv of COMMANDS) await cmd.call(...argv);
    await cmd.call('SET', '__end__', '1');
    const out: string[] = [];
    for (;;) {
      const m = (await sub.read()) as string[];
      const event = m[2]!.slice('__keyevent@0__:'.length);
      if (m[3] === '__end__') return out;
      out.push(`${event}:${m[3]!}`);
    }
  } finally {
    sub.close();
    cmd.close();
  }
}

describe('string keyspace events vs real redis', { skip: SKIP_NO_REDIS }, () => {
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

  it('emits the same events in the same order', async () => {
    const ours: string[] = [];
    // KEA: every class but keymiss ('m') and new-key ('n') events.
    s.server.keyspace.hooks.event.push((cls, event, key) => {
      if (cls !== 'm' && cls !== 'n') ours.push(`${event}:${key}`);
    });
    const c = await RawConnection.connect(s.port);
    try {
      for (const argv of COMMANDS) await c.call(...argv);
    } finally {
      c.close();
    }
    const theirs = await realEvents(real.port);
    // The last PX 1 key may or may not have expired (actively) on either side before the end.
    const settled = (xs: string[]): string[] => xs.filter((e) => e !== 'expired:e');
    assert.ok(theirs.length > 30, `only ${theirs.length} events`);
    assert.deepEqual(settled(ours), settled(theirs));
  });
});
