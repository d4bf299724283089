// The string family over real sockets with real clients (ioredis, node-redis in RESP2 and RESP3):
// replies, exact errors, encodings, expiry driven by a ManualClock, keyspace events and the
// proto-max-bulk-len limits.

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createClient } from 'redis';
import { connectIoredis, ManualClock, RawConnection, type Started, startServer } from './helpers/server.ts';
import {
  ERR_BIT_OFFSET,
  ERR_INVALID_EXPIRE,
  ERR_LCS_MEMORY,
  ERR_NOT_FLOAT,
  ERR_NOT_INTEGER,
  ERR_OVERFLOW,
  ERR_STRING_TOO_LONG,
  ERR_SYNTAX,
} from '../src/protocol/errors.ts';

describe('strings', () => {
  let s: Started;
  let r: Redis;
  const clock = new ManualClock();
  let events: string[] = [];
  const hasObject = (): boolean => s.server.table.lookup(['object', 'encoding']).cmd?.handler != null;

  before(async () => {
    s = await startServer({ clock });
    s.server.keyspace.hooks.event.push((cls, event, key) => events.push(`${cls}:${event}:${key}`));
    r = await connectIoredis(s.port);
  });
  after(async () => {
    r.disconnect();
    await s.stop();
  });
  beforeEach(async () => {
    await r.select(0);
    for (const db of s.server.keyspace.dbs) db.clear();
    events = [];
  });

  const ttlMs = (key: string): number => s.server.keyspace.dbs[0]!.getExpire(key);

  it('GET and SET with NX, XX, GET', async () => {
    assert.equal(await r.get('k'), null);
    assert.equal(await r.set('k', 'v'), 'OK');
    assert.equal(await r.set('k', 'w', 'NX'), null);
    assert.equal(await r.set('k', 'w', 'XX'), 'OK');
    assert.equal(await r.set('k', 'x', 'GET'), 'w');
    assert.equal(await r.set('n', 'x', 'NX', 'GET'), null);
    assert.equal(await r.get('n'), 'x');
    assert.equal(await r.set('n', 'y', 'NX', 'GET'), 'x', 'NX with GET returns the old value and does not set');
    assert.equal(await r.get('n'), 'x');
    await assert.rejects(r.call('SET', 'k', 'v', 'NX', 'XX'), { message: ERR_SYNTAX });
    await assert.rejects(r.call('SET', 'k', 'v', 'EX', '10', 'KEEPTTL'), { message: ERR_SYNTAX });
    await assert.rejects(r.call('SET', 'k', 'v', 'EX'), { message: ERR_SYNTAX });
  });

  it('SET expiry options against the clock, with Redis errors', async () => {
    const now = clock.now();
    await r.set('k', 'v', 'EX', 100);
    assert.equal(ttlMs('k'), now + 100000);
    await r.set('k', 'v', 'PX', 1500);
    assert.equal(ttlMs('k'), now + 1500);
    await r.set('k', 'v', 'KEEPTTL');
    assert.equal(ttlMs('k'), now + 1500, 'KEEPTTL keeps it');
    await r.set('k', 'v');
    assert.equal(ttlMs('k'), -1, 'a plain SET drops it');
    await r.set('k', 'v', 'EXAT', Math.floor(now / 1000) + 50);
    assert.equal(ttlMs('k'), (Math.floor(now / 1000) + 50) * 1000);
    await r.set('k', 'v', 'PXAT', now + 7);
    clock.advance(7);
    assert.equal(await r.get('k'), 'v', 'alive at its exact expiry time');
    clock.advance(1);
    assert.equal(await r.get('k'), null, 'expired one ms later');
    for (const bad of [['EX', '0'], ['PX', '-1'], ['EX', '9223372036854776'], ['PX', '9223372036854775807']]) {
      await assert.rejects(r.call('SET', 'k', 'v', ...bad), { message: ERR_INVALID_EXPIRE('set') }, bad.join(' '));
    }
    await assert.rejects(r.call('SET', 'k', 'v', 'EX', '1.5'), { message: ERR_NOT_INTEGER });
    await assert.rejects(r.setex('k', 0, 'v'), { message: ERR_INVALID_EXPIRE('setex') });
    await assert.rejects(r.psetex('k', -5, 'v'), { message: ERR_INVALID_EXPIRE('psetex') });
  });

  it('emits set and expire events; a past PXAT expires on access', async () => {
    await r.set('k', 'v', 'PXAT', clock.now() - 1000);
    assert.deepEqual(events, ['$:set:k', 'g:expire:k']);
    events = [];
    assert.equal(await r.get('k'), null);
    assert.deepEqual(events.slice(0, 1), ['x:expired:k']);
  });

  it('GETEX sets, persists, and deletes on a past absolute time', async () => {
    await r.set('g', 'val');
    events = [];
    assert.equal(await r.getex('g', 'EX', 10), 'val');
    assert.equal(ttlMs('g'), clock.now() + 10000);
    assert.equal(await r.getex('g', 'PERSIST'), 'val');
    assert.equal(ttlMs('g'), -1);
    assert.equal(await r.getex('g', 'PERSIST'), 'val');
    assert.deepEqual(events, ['g:expire:g', 'g:persist:g'], 'a second PERSIST changes nothing');
    events = [];
    assert.equal(await r.getex('g', 'PXAT', clock.now()), 'val');
    assert.equal(await r.exists('g'), 0);
    assert.deepEqual(events.filter((e) => !e.startsWith('m:')), ['g:del:g']);
    assert.equal(await r.getex('nokey', 'EX', -1), null, 'a missing key is nil before the time is checked');
    await r.set('g', 'v');
    await assert.rejects(r.getex('g', 'EX', -1), { message: ERR_INVALID_EXPIRE('getex') });
  });

  it('GETDEL, GETSET, SETNX, MSET, MSETNX, MGET', async () => {
    await r.set('a', '1', 'EX', 100);
    assert.equal(await r.getset('a', '2'), '1');
    assert.equal(ttlMs('a'), -1, 'GETSET drops the TTL');
    assert.equal(await r.getdel('a'), '2');
    assert.equal(await r.getdel('a'), null);
    assert.equal(await r.setnx('a', 'x'), 1);
    assert.equal(await r.setnx('a', 'y'), 0);
    assert.equal(await r.mset('b', '1', 'c', '2'), 'OK');
    assert.equal(await r.msetnx('c', '3', 'd', '4'), 0);
    assert.equal(await r.msetnx('d', '4', 'e', '5'), 1);
    assert.deepEqual(await r.mget('a', 'b', 'zz', 'd'), ['x', '1', null, '4']);
    await assert.rejects(r.call('MSET', 'a', '1', 'b'), { message: "ERR wrong number of arguments for 'mset' command" });
  });

  it('APPEND, STRLEN, GETRANGE, SETRANGE keep TTLs and use raw', async () => {
    assert.equal(await r.append('s', 'hello'), 5);
    await r.pexpire('s', 5000);
    assert.equal(await r.append('s', ' world'), 11);
    assert.equal(await r.setrange('s', 6, 'WORLD'), 11);
    assert.equal(ttlMs('s'), clock.now() + 5000);
    assert.equal(await r.getrange('s', -5, -1), 'WORLD');
    assert.equal(await r.getrange('s', -1, -5), '');
    assert.equal(await r.strlen('s'), 11);
    assert.equal(await r.setrange('p', 3, 'x'), 4);
    assert.equal(await r.get('p'), '\0\0\0x');
    assert.equal(await r.setrange('q', 0, ''), 0);
    assert.equal(await r.exists('q'), 0);
    assert.deepEqual(events.filter((e) => e.startsWith('$')), ['$:append:s', '$:append:s', '$:setrange:s', '$:setrange:p']);
  });

  it('INCR family over the full int64 range', async () => {
    assert.equal(await r.incr('c'), 1);
    assert.equal(await r.incrby('c', 9007199254740990), 9007199254740991);
    assert.equal(await r.call('INCRBY', 'c', '2'), 9007199254740993, 'exact past 2^53');
    assert.equal(await r.get('c'), '9007199254740993');
    await r.set('c', '9223372036854775807');
    await assert.rejects(r.incr('c'), { message: ERR_OVERFLOW });
    await r.set('c', '-9223372036854775808');
    await assert.rejects(r.decr('c'), { message: ERR_OVERFLOW });
    await assert.rejects(r.call('DECRBY', 'c', '-9223372036854775808'), { message: 'ERR decrement would overflow' });
    await r.set('c', 'x');
    await assert.rejects(r.incr('c'), { message: ERR_NOT_INTEGER });
    await r.set('t', '5', 'PX', 100);
    assert.equal(await r.incr('t'), 6);
    assert.equal(ttlMs('t'), clock.now() + 100, 'INCR keeps the TTL');
    assert.ok(events.includes('$:incrby:t'));
  });

  it('INCRBYFLOAT as Redis long double', async () => {
    for (let i = 0; i < 10; i++) await r.incrbyfloat('f', '0.1');
    assert.equal(await r.get('f'), '1');
    assert.equal(await r.incrbyfloat('f', '1e3'), '1001');
    assert.equal(await r.incrbyfloat('f', '0.000003814697265625'), '1001.00000381469726562');
    await assert.rejects(r.incrbyfloat('f', 'abc'), { message: ERR_NOT_FLOAT });
    await assert.rejects(r.incrbyfloat('f', 'inf'), { message: 'ERR increment would produce NaN or Infinity' });
    assert.ok(events.includes('$:incrbyfloat:f'));
  });

  it('bit commands', async () => {
    assert.equal(await r.setbit('b', 7, 1), 0);
    assert.equal(await r.setbit('b', 7, 1), 1);
    assert.equal(await r.getbit('b', 7), 1);
    assert.equal(await r.get('b'), '\x01');
    await r.set('foo', 'foobar');
    assert.equal(await r.bitcount('foo'), 26);
    assert.equal(await r.call('BITCOUNT', 'foo', '5', '30', 'BIT'), 17);
    assert.equal(await r.bitpos('foo', 1), 1);
    await r.set('ones', Buffer.from([0xff, 0xff]));
    assert.equal(await r.bitpos('ones', 0), 16, 'past the end without an explicit end');
    assert.equal(await r.bitpos('ones', 0, 0, -1), -1, 'not found inside an explicit range');
    assert.equal(await r.bitop('AND', 'dst', 'foo', 'ones'), 6);
    assert.equal(await r.bitop('AND', 'dst', 'n1', 'n2'), 0);
    assert.equal(await r.exists('dst'), 0);
    await assert.rejects(r.setbit('b', -1, 1), { message: ERR_BIT_OFFSET });
    // Redis 7.2: a missing key with bad range arguments is an error, not 0.
    await assert.rejects(r.call('BITCOUNT', 'nokey', 'a', 'b'), { message: ERR_NOT_INTEGER });
  });

  it('BITFIELD and BITFIELD_RO', async () => {
    assert.deepEqual(await r.call('BITFIELD', 'bf', 'SET', 'i8', '0', '100', 'INCRBY', 'i8', '0', '100'), [0, -56]);
    assert.deepEqual(await r.call('BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'INCRBY', 'i8', '0', '-100'), [null]);
    assert.deepEqual(await r.call('BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'INCRBY', 'u4', '#1', '100'), [15]);
    assert.deepEqual(await r.call('BITFIELD_RO', 'bf', 'GET', 'u4', '#1'), [15]);
    await assert.rejects(r.call('BITFIELD_RO', 'bf', 'SET', 'u4', '0', '1'), { message: 'ERR BITFIELD_RO only supports the GET subcommand' });
    assert.deepEqual(events.filter((e) => e.startsWith('$')), ['$:setbit:bf', '$:setbit:bf']);
  });

  it('LCS in RESP2 and RESP3 (node-redis)', async () => {
    await r.mset('a', 'ohmytext', 'b', 'mynewtext');
    assert.equal(await r.call('LCS', 'a', 'b'), 'mytext');
    assert.deepEqual(await r.call('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'), ['matches', [[[4, 7], [5, 8], 4]], 'len', 6]);
    const c = createClient({ socket: { port: s.port, host: '127.0.0.1' }, RESP: 3 });
    await c.connect();
    try {
      const reply = await c.sendCommand(['LCS', 'a', 'b', 'IDX']);
      assert.deepEqual({ ...reply }, { matches: [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], len: 6 });
      assert.equal(await c.getEx('missing', { type: 'PERSIST' }), null);
    } finally {
      c.destroy();
    }
  });

  it('RESP3 nulls on the wire', async () => {
    const c = await RawConnection.connect(s.port);
    try {
      await c.call('HELLO', '3');
      c.send('GET', 'nokey');
      assert.equal(await c.readRaw(), '_\r\n');
      c.send('MGET', 'nokey', 'x');
      assert.equal(await c.readRaw(), '*2\r\n_\r\n_\r\n');
      c.send('SET', 'k', 'v', 'XX');
      assert.equal(await c.readRaw(), '_\r\n');
    } finally {
      c.close();
    }
  });

  it('picks encodings as Redis does', { skip: false }, async (t) => {
    if (!hasObject()) {
      t.skip('OBJECT is not implemented yet');
      return;
    }
    const enc = (k: string): Promise<unknown> => r.call('OBJECT', 'ENCODING', k);
    await r.set('i', '123');
    await r.set('e', 'x'.repeat(44));
    await r.set('w', 'x'.repeat(45));
    assert.deepEqual([await enc('i'), await enc('e'), await enc('w')], ['int', 'embstr', 'raw']);
    await r.append('new', '77');
    assert.equal(await enc('new'), 'int', 'APPEND to a new key encodes like SET');
    await r.append('new', '7');
    assert.equal(await enc('new'), 'raw');
    await r.incr('new');
    assert.equal(await enc('new'), 'int');
    await r.incrbyfloat('fl', '3');
    assert.equal(await enc('fl'), 'embstr');
    await r.set('sb', 'a');
    await r.setbit('sb', 0, 0);
    assert.equal(await enc('sb'), 'raw', 'SETBIT unshares even without a change');
    await r.set('sr', 'abc');
    await r.setrange('sr', 0, 'x');
    assert.equal(await enc('sr'), 'raw');
    await r.bitop('OR', 'bo', 'i');
    assert.equal(await enc('bo'), 'raw');
  });

  describe('proto-max-bulk-len', () => {
    let saved = 0;
    beforeEach(() => {
      saved = s.server.config.values.protoMaxBulkLen;
      s.server.config.values.protoMaxBulkLen = 100;
    });
    afterEach(() => {
      s.server.config.values.protoMaxBulkLen = saved;
    });

    it('limits APPEND, SETRANGE, SETBIT, BITFIELD and LCS', async () => {
      await r.set('s', 'x'.repeat(90));
      assert.equal(await r.append('s', 'y'.repeat(10)), 100);
      await assert.rejects(r.append('s', 'z'), { message: ERR_STRING_TOO_LONG });
      await assert.rejects(r.setrange('n', 100, 'a'), { message: ERR_STRING_TOO_LONG });
      assert.equal(await r.setrange('n', 99, 'a'), 100);
      await assert.rejects(r.setbit('b', 800, 1), { message: ERR_BIT_OFFSET });
      assert.equal(await r.setbit('b', 799, 1), 0);
      await assert.rejects(r.call('BITFIELD', 'b', 'GET', 'u8', '#100'), { message: ERR_BIT_OFFSET });
      await r.set('l', 'abcdef');
      await assert.rejects(r.call('LCS', 'l', 'l'), { message: ERR_LCS_MEMORY });
    });
  });
});
