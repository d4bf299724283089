// Generic keyspace commands over real sockets (ioredis, node-redis; RESP2 and RESP3): replies,
// keyspace events and modification signals in Redis's order, dirty counting, RANDOMKEY, SWAPDB
// and FLUSH* hooks, COPY as a deep copy.

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createClient } from 'redis';
import { connectIoredis, ManualClock, RawConnection, type Started, startServer } from './helpers/server.ts';

describe('keys', () => {
  let s: Started;
  let r: Redis;
  const clock = new ManualClock();
  let events: string[] = [];
  let modified: string[] = [];
  let flushed: number[] = [];

  before(async () => {
    s = await startServer({ clock });
    // Expiry only where a test makes it happen: the cron's cycle reads the same manual clock, and
    // could delete a key a test has just made logically expired before the test looks at it.
    s.server.activeExpireEnabled = false;
    const hooks = s.server.keyspace.hooks;
    hooks.event.push((cls, ev, key, dbid) => {
      if (cls !== 'm') events.push(`${cls}:${ev}:${key}@${dbid}`);
    });
    hooks.modified.push((db, key) => modified.push(`${key}@${db.id}`));
    hooks.flushed.push((dbid) => flushed.push(dbid));
    r = await connectIoredis(s.port);
  });
  after(async () => {
    r.disconnect();
    await s.stop();
  });
  beforeEach(async () => {
    await r.select(0);
    await r.flushall();
    events = [];
    modified = [];
    flushed = [];
  });
  afterEach(() => {
    assert.equal(s.server.keyspace.scans.size <= 1024, true);
  });

  it('DEL and UNLINK count deleted keys and emit del', async () => {
    await r.mset('a', '1', 'b', '2');
    events = [];
    modified = [];
    assert.equal(await r.del('a', 'a', 'nokey', 'b'), 2);
    assert.deepEqual(events, ['g:del:a@0', 'g:del:b@0']);
    assert.deepEqual(modified, ['a@0', 'b@0']);
    await r.set('c', '3');
    assert.equal(await r.unlink('c', 'nokey'), 1);
    assert.equal(await r.dbsize(), 0);
  });

  it('DEL of an expired key reports 0 and emits expired, not del', async () => {
    await r.set('v', '1');
    await r.pexpire('v', 100);
    clock.advance(101);
    events = [];
    assert.equal(await r.del('v'), 0);
    assert.deepEqual(events, ['x:expired:v@0']);
  });

  it('EXISTS counts repeats; TYPE names types; TOUCH counts', async () => {
    await r.set('a', '1');
    assert.equal(await r.exists('a', 'a', 'nokey'), 2);
    assert.equal(await r.type('a'), 'string');
    assert.equal(await r.type('nokey'), 'none');
    assert.equal(await r.touch('a', 'nokey', 'a'), 2);
  });

  it('TYPE reports aggregate types generically', async () => {
    const { RObject } = await import('../src/types/object.ts');
    const db = s.server.keyspace.dbs[0]!;
    for (const t of ['list', 'set', 'zset', 'hash', 'stream'] as const) db.add(`t:${t}`, new RObject(t, 'listpack', null, 0));
    for (const t of ['list', 'set', 'zset', 'hash', 'stream']) assert.equal(await r.type(`t:${t}`), t);
    assert.deepEqual((await r.scan('0', 'TYPE', 'hash'))[1], ['t:hash']);
  });

  it('KEYS leaves out logically expired keys without deleting them', async () => {
    await r.mset('k1', '1', 'k2', '2', 'other', '3');
    await r.pexpire('k2', 10);
    clock.advance(11);
    assert.deepEqual((await r.keys('k*')).sort(), ['k1']);
    assert.equal(s.server.keyspace.dbs[0]!.dict.has('k2'), true, 'KEYS does not delete');
    assert.deepEqual((await r.keys('*')).sort(), ['k1', 'other']);
  });

  it('RENAME keeps the TTL, overwrites, and emits rename_from/rename_to', async () => {
    await r.set('a', '1');
    await r.pexpire('a', 5000);
    await r.set('b', '2');
    const dirty = s.server.keyspace.dirty;
    events = [];
    assert.equal(await r.rename('a', 'b'), 'OK');
    assert.deepEqual(events, ['g:rename_from:a@0', 'g:rename_to:b@0']);
    assert.equal(s.server.keyspace.dirty, dirty + 1);
    assert.equal(await r.get('b'), '1');
    assert.equal(await r.pttl('b'), 5000);
    await r.set('c', '3');
    assert.equal(await r.renamenx('b', 'c'), 0);
    assert.equal(await r.renamenx('b', 'd'), 1);
    await assert.rejects(r.rename('nokey', 'x'), { message: 'ERR no such key' });
    // Renaming onto a key that had a TTL drops that TTL.
    await r.set('e', '1');
    await r.set('f', '1');
    await r.pexpire('f', 100);
    await r.rename('e', 'f');
    assert.equal(await r.pttl('f'), -1);
  });

  it('MOVE moves value and TTL between databases', async () => {
    await r.set('m', 'v');
    await r.pexpire('m', 7000);
    events = [];
    assert.equal(await r.move('m', 3), 1);
    assert.deepEqual(events, ['g:move_from:m@0', 'g:move_to:m@3']);
    assert.equal(await r.exists('m'), 0);
    await r.select(3);
    assert.equal(await r.get('m'), 'v');
    assert.equal(await r.pttl('m'), 7000);
    await assert.rejects(r.move('m', 3), { message: 'ERR source and destination objects are the same' });
    await assert.rejects(r.move('m', 16), { message: 'ERR DB index is out of range' });
  });

  it('COPY deep-copies with a fresh LRU, keeps the TTL, and emits copy_to', async () => {
    await r.set('src', 'value');
    await r.pexpire('src', 9000);
    clock.advance(3000);
    events = [];
    assert.equal(await r.copy('src', 'dst', 'DB', 2), 1);
    assert.deepEqual(events, ['g:copy_to:dst@2']);
    const a = s.server.keyspace.dbs[0]!.lookupRead('src', false)!;
    const b = s.server.keyspace.dbs[2]!.lookupRead('dst', false)!;
    assert.notEqual(a, b);
    assert.equal(b.enc, a.enc);
    assert.equal(s.server.keyspace.dbs[2]!.getExpire('dst'), s.server.keyspace.dbs[0]!.getExpire('src'));
    assert.equal(await r.copy('src', 'dst', 'DB', 2), 0);
    await r.set('src', '12');
    assert.equal(await r.copy('src', 'dst', 'DB', 2, 'REPLACE'), 1);
    await r.select(2);
    assert.equal(await r.get('dst'), '12');
    assert.equal(await r.pttl('dst'), -1, 'SET dropped the TTL on the source');
    assert.equal(await r.object('ENCODING', 'dst'), 'int');
  });

  it('SWAPDB swaps contents; clients keep their database index', async () => {
    const other = await connectIoredis(s.port);
    await other.select(1);
    await r.set('in0', 'x');
    await other.set('in1', 'y');
    flushed = [];
    assert.equal(await r.swapdb(0, 1), 'OK');
    assert.deepEqual(flushed.sort(), [0, 1]);
    assert.equal(await r.get('in1'), 'y');
    assert.equal(await other.get('in0'), 'x');
    other.disconnect();
  });

  it('a SCAN in progress survives SWAPDB and FLUSHDB without returning stale keys', async () => {
    for (let i = 0; i < 50; i++) await r.set(`a${i}`, '1');
    const [cur] = await r.scan('0', 'COUNT', 10);
    assert.notEqual(cur, '0');
    await r.select(1);
    for (let i = 0; i < 5; i++) await r.set(`b${i}`, '1');
    await r.select(0);
    await r.swapdb(0, 1);
    const seen: string[] = [];
    let c = cur;
    do {
      const [next, keys] = await r.scan(c, 'COUNT', 10);
      seen.push(...keys);
      c = next;
    } while (c !== '0');
    for (const k of seen) assert.match(k, /^b/, 'only keys of the current database');
    await r.flushdb();
    const [after, keys] = await r.scan(cur, 'COUNT', 10);
    assert.deepEqual([after, keys], ['0', []]);
  });

  it('FLUSHDB and FLUSHALL empty databases, signal the hook and count dirty', async () => {
    await r.set('a', '1');
    await r.select(5);
    await r.set('b', '1');
    await r.set('c', '1');
    flushed = [];
    const dirty = s.server.keyspace.dirty;
    assert.equal(await r.flushdb('ASYNC'), 'OK');
    assert.deepEqual(flushed, [5]);
    assert.equal(s.server.keyspace.dirty, dirty + 2);
    assert.equal(await r.dbsize(), 0);
    await r.select(0);
    assert.equal(await r.dbsize(), 1);
    flushed = [];
    assert.equal(await r.flushall('SYNC'), 'OK');
    assert.equal(flushed.length, 16);
    assert.equal(s.server.keyspace.totalKeys(), 0);
  });

  it('RANDOMKEY returns keys, reaches every key, and skips expired ones', async () => {
    assert.equal(await r.randomkey(), null);
    const all = new Set<string>();
    for (let i = 0; i < 20; i++) all.add(`r${i}`);
    for (const k of all) await r.set(k, '1');
    const seen = new Set<string>();
    for (let i = 0; i < 400 && seen.size < all.size; i++) seen.add((await r.randomkey())!);
    assert.deepEqual([...seen].sort(), [...all].sort());
    await r.flushall();
    await r.set('live', '1');
    for (let i = 0; i < 10; i++) {
      await r.set(`dead${i}`, '1');
      await r.pexpire(`dead${i}`, 5);
    }
    clock.advance(6);
    for (let i = 0; i < 5; i++) assert.equal(await r.randomkey(), 'live');
  });

  it('RANDOMKEY ends when every key is volatile and expired', async () => {
    for (let i = 0; i < 10; i++) {
      await r.set(`d${i}`, '1');
      await r.pexpire(`d${i}`, 5);
    }
    clock.advance(6);
    assert.equal(await r.randomkey(), null);
    assert.equal(await r.dbsize(), 0);
    // While expiry is paused nothing is deleted; RANDOMKEY still returns after a bounded number of tries.
    for (let i = 0; i < 3; i++) {
      await r.set(`p${i}`, '1');
      await r.pexpire(`p${i}`, 5);
    }
    clock.advance(6);
    s.server.pauseClients(false, clock.now() + 60000); // CLIENT PAUSE WRITE
    try {
      assert.match((await r.randomkey())!, /^p/);
    } finally {
      s.server.unpauseClients();
    }
  });

  it('answers node-redis over RESP3', async () => {
    const c = createClient({ socket: { port: s.port, host: '127.0.0.1' }, RESP: 3 });
    await c.connect();
    await c.set('n', '1');
    assert.equal(await c.exists('n'), 1);
    assert.equal(await c.type('n'), 'string');
    assert.equal(await c.randomKey(), 'n');
    assert.equal(await c.copy('n', 'n2'), 1);
    assert.deepEqual((await c.keys('n*')).sort(), ['n', 'n2']);
    assert.equal(await c.dbSize(), 2);
    const res = await c.scan('0');
    assert.equal(res.cursor, '0');
    assert.deepEqual([...res.keys].sort(), ['n', 'n2']);
    c.destroy();
  });

  it('RESP3 nulls for RANDOMKEY and OBJECT on an empty database', async () => {
    const c = await RawConnection.connect(s.port);
    await c.call('HELLO', '3');
    c.send('RANDOMKEY');
    assert.equal(await c.readRaw(), '_\r\n');
    c.send('SCAN', '0');
    assert.equal(await c.readRaw(), '*2\r\n$1\r\n0\r\n*0\r\n');
    c.close();
  });
});
