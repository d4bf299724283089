// SORT and SORT_RO: differential against the real redis-server (lists, sets of integers, sorted
// sets; BY with `*` and `->field`, nosort, GET with `#`, LIMIT, ASC/DESC, ALPHA, STORE, errors),
// plus what only Respite can show: the stored list's encoding, events, SORT_RO refusing STORE,
// and that SORT leaves a sorted set as a skiplist (as Redis does).

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createClient } from 'redis';
import { assertSameReplies, type Step } from './helpers/differential.ts';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { connectIoredis, type Started, startServer } from './helpers/server.ts';
import { ERR_SORT_SCORE, ERR_SYNTAX, ERR_WRONGTYPE } from '../src/protocol/errors.ts';

describe('SORT vs real redis', { skip: SKIP_NO_REDIS }, () => {
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
  const same = (steps: Step[], label: string): Promise<void> =>
    assertSameReplies(s.port, real.port, [['SELECT', String(nextDb++ % 16)], ['FLUSHDB'], ...steps], label);

  it('numeric and ALPHA sorts, LIMIT, ASC/DESC, errors', async () => {
    await same([
      ['RPUSH', 'l', '3', '10', '-1.5', '2e1', '0x10', '7', '10', ' 4'], ['SORT', 'l'], ['SORT', 'l', 'DESC'], ['SORT', 'l', 'ALPHA'],
      ['SORT', 'l', 'ALPHA', 'DESC'], ['SORT', 'l', 'LIMIT', '1', '3'], ['SORT', 'l', 'LIMIT', '-5', '2'], ['SORT', 'l', 'LIMIT', '2', '-1'],
      ['SORT', 'l', 'LIMIT', '100', '5'], ['SORT', 'l', 'LIMIT', '0', '0'], ['SORT', 'l', 'desc', 'limit', '0', '3', 'asc'],
      ['SORT', 'l', 'LIMIT', 'x', '1'], ['SORT', 'l', 'LIMIT', '1'], ['SORT', 'l', 'FOO'], ['SORT', 'l', 'BY'], ['SORT', 'none'],
      ['SORT', 'none', 'LIMIT', '0', '5'], ['RPUSH', 'bad', '1', 'abc', '2'], ['SORT', 'bad'], ['SORT', 'bad', 'ALPHA'],
      ['RPUSH', 'bad2', '1', 'nan'], ['SORT', 'bad2'], ['RPUSH', 'e', ''], ['SORT', 'e'],
      // Not compared: an overflowing score ('1e400'), after which Redis's stale errno fails every later numeric SORT.
      ['SET', 'str', 'x'], ['SORT', 'str'], ['SORT_RO', 'str'], ['HSET', 'h', 'a', '1'], ['SORT', 'h'],
      ['SADD', 'si', '5', '-2', '30', '1'], ['SORT', 'si'], ['SORT', 'si', 'DESC', 'LIMIT', '1', '2'],
      ['ZADD', 'z', '1', 'c', '2', 'a', '3', 'b'], ['SORT', 'z', 'ALPHA'], ['SORT', 'z', 'BY', 'nosort'], ['SORT', 'z', 'BY', 'nosort', 'DESC'],
      ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '1', '5'], ['SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '1'], ['SORT', 'z'],
      { hello: 3 }, ['SORT', 'l', 'LIMIT', '0', '2'], ['SORT', 'none'], { hello: 2 },
    ], 'basic');
  });

  it('BY and GET patterns, hash fields, #, nosort on lists', async () => {
    await same([
      ['RPUSH', 'ids', '1', '2', '3', '4'], ['MSET', 'w_1', '30', 'w_2', '10', 'w_3', '20', 'name_1', 'one', 'name_2', 'two', 'name_4', 'four'],
      ['HSET', 'h_1', 'age', '40', 'nick', 'A'], ['HSET', 'h_2', 'age', '5', 'nick', 'B'], ['HSET', 'h_3', 'age', '17'],
      ['SORT', 'ids', 'BY', 'w_*'], ['SORT', 'ids', 'BY', 'w_*', 'DESC'], ['SORT', 'ids', 'BY', 'w_*', 'GET', 'name_*'],
      ['SORT', 'ids', 'BY', 'w_*', 'GET', '#', 'GET', 'name_*', 'GET', 'h_*->nick'], ['SORT', 'ids', 'BY', 'h_*->age'],
      ['SORT', 'ids', 'BY', 'h_*->age', 'DESC', 'GET', 'h_*->age'], ['SORT', 'ids', 'BY', 'name_*', 'ALPHA'],
      ['SORT', 'ids', 'BY', 'nosort'], ['SORT', 'ids', 'BY', 'nosort', 'DESC'], ['SORT', 'ids', 'BY', 'nosort', 'LIMIT', '1', '2'],
      ['SORT', 'ids', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2'], ['SORT', 'ids', 'BY', 'nosort', 'LIMIT', '10', '2'],
      ['SORT', 'ids', 'BY', 'nosort', 'GET', 'name_*'], ['SORT', 'ids', 'GET', 'nokey'], ['SORT', 'ids', 'GET', 'h_*->'],
      ['SORT', 'ids', 'GET', 'h_*->missing'], ['SORT', 'ids', 'GET', 'ids*'], ['SORT', 'ids', 'BY', 'h_*->nick', 'ALPHA', 'GET', '#'],
      ['SORT', 'ids', 'BY', 'name_*'], ['SORT', 'ids', 'LIMIT', '0', '2', 'GET', '#', 'GET', 'w_*'],
      ['SORT_RO', 'ids', 'BY', 'w_*', 'GET', 'name_*'], ['SORT_RO', 'ids', 'STORE', 'x'], ['SORT', 'ids', 'STORE'],
    ], 'patterns');
  });

  it('STORE: a list of the results, GET values or empty strings, deletes on empty', async () => {
    await same([
      ['RPUSH', 'ids', '3', '1', '2'], ['SET', 'name_1', 'one'], ['SORT', 'ids', 'STORE', 'out'], ['LRANGE', 'out', '0', '-1'],
      ['SORT', 'ids', 'GET', 'name_*', 'GET', '#', 'STORE', 'out'], ['LRANGE', 'out', '0', '-1'], ['TYPE', 'out'],
      ['SET', 'dst', 'string'], ['EXPIRE', 'dst', '100'], ['SORT', 'ids', 'STORE', 'dst'], ['TTL', 'dst'], ['LRANGE', 'dst', '0', '-1'],
      ['SORT', 'none', 'STORE', 'dst'], ['EXISTS', 'dst'], ['SORT', 'none', 'STORE', 'dst'],
      ['SADD', 'set', '9', '8', '10'], ['SORT', 'set', 'BY', 'nosort', 'STORE', 'o2'], ['LRANGE', 'o2', '0', '-1'],
      ['SORT', 'ids', 'LIMIT', '5', '5', 'STORE', 'out'], ['EXISTS', 'out'],
    ], 'store');
  });
});

describe('SORT', () => {
  let s: Started;
  let r: Redis;
  let events: string[] = [];
  before(async () => {
    s = await startServer();
    s.server.keyspace.hooks.event.push((cls, event, key) => {
      if (cls !== 'm') events.push(`${cls}:${event}:${key}`);
    });
    r = await connectIoredis(s.port);
  });
  after(async () => {
    r.disconnect();
    await s.stop();
  });
  beforeEach(() => {
    for (const db of s.server.keyspace.dbs) db.clear();
    events = [];
  });

  it('STORE writes a listpack or a quicklist by size; sortstore and del events', async () => {
    await r.rpush('src', ...Array.from({ length: 300 }, (_, i) => String(300 - i)));
    assert.equal(await r.sort('src', 'LIMIT', 0, 5, 'STORE', 'small'), 5);
    assert.equal(await r.object('ENCODING', 'small'), 'listpack');
    assert.deepEqual(await r.lrange('small', 0, -1), ['1', '2', '3', '4', '5']);
    await r.rpush('wide', ...Array.from({ length: 200 }, (_, i) => 'v'.repeat(60) + String(i)));
    assert.equal(await r.sort('wide', 'ALPHA', 'STORE', 'big'), 200);
    assert.equal(await r.object('ENCODING', 'big'), 'quicklist');
    events = [];
    assert.equal(await r.sort('none', 'STORE', 'big'), 0);
    assert.equal(await r.exists('big'), 0);
    await r.sort('src', 'LIMIT', 0, 1, 'STORE', 'small');
    assert.deepEqual(events, ['g:del:big', 'l:sortstore:small']);
  });

  it('sorted sets become skiplists; SORT_RO refuses STORE; errors', async () => {
    await r.zadd('z', 1, 'b', 2, 'a');
    assert.equal(await r.object('ENCODING', 'z'), 'listpack');
    assert.deepEqual(await r.sort('z', 'ALPHA'), ['a', 'b']);
    assert.equal(await r.object('ENCODING', 'z'), 'skiplist');
    assert.deepEqual(await r.zrange('z', 0, -1, 'WITHSCORES'), ['b', '1', 'a', '2']);
    await assert.rejects(r.call('SORT_RO', 'z', 'STORE', 'x'), { message: ERR_SYNTAX });
    await r.rpush('bad', 'x');
    await assert.rejects(r.sort('bad'), { message: ERR_SORT_SCORE });
    await r.set('str', 'v');
    await assert.rejects(r.sort('str'), { message: ERR_WRONGTYPE });
    // A set sorted for STORE with BY nosort is sorted ALPHA anyway, so replicas agree.
    await r.sadd('s', 'b', 'c', 'a');
    await r.sort('s', 'BY', 'nosort', 'STORE', 'o');
    assert.deepEqual(await r.lrange('o', 0, -1), ['a', 'b', 'c']);
  });

  for (const RESP of [2, 3] as const) {
    it(`node-redis RESP${RESP}`, async () => {
      const c = createClient({ socket: { port: s.port, host: '127.0.0.1' }, RESP });
      await c.connect();
      try {
        await c.sendCommand(['RPUSH', 'n', '2', '1']);
        await c.sendCommand(['SET', 'k_1', 'one']);
        assert.deepEqual(await c.sendCommand(['SORT', 'n', 'GET', 'k_*', 'GET', '#']), ['one', '1', null, '2']);
        assert.deepEqual(await c.sendCommand(['SORT_RO', 'n', 'DESC']), ['2', '1']);
      } finally {
        await c.quit();
      }
    });
  }
});
