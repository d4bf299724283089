// OBJECT over real sockets: encodings, shared-integer refcounts, idle time from the ManualClock,
// FREQ and IDLETIME under LRU vs LFU policies, the help reply and exact errors.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { connectIoredis, ManualClock, RawConnection, type Started, startServer } from './helpers/server.ts';
import { ERR_LFU_NOT_SELECTED, ERR_LFU_SELECTED } from '../src/protocol/errors.ts';

describe('OBJECT', () => {
  let s: Started;
  let r: Redis;
  const clock = new ManualClock();
  before(async () => {
    s = await startServer({ clock });
    r = await connectIoredis(s.port);
  });
  after(async () => {
    r.disconnect();
    await s.stop();
  });

  it('reports string encodings', async () => {
    await r.set('i', '12345');
    await r.set('e', 'hello');
    await r.set('raw', 'x'.repeat(45));
    await r.set('e44', 'x'.repeat(44));
    assert.equal(await r.object('ENCODING', 'i'), 'int');
    assert.equal(await r.object('ENCODING', 'e'), 'embstr');
    assert.equal(await r.object('ENCODING', 'e44'), 'embstr');
    assert.equal(await r.object('ENCODING', 'raw'), 'raw');
    assert.equal(await r.object('ENCODING', 'nokey'), null);
  });

  it('reports shared integers with INT_MAX refcount and others with 1', async () => {
    await r.set('small', '9999');
    await r.set('big', '10000');
    await r.set('neg', '-1');
    assert.equal(await r.object('REFCOUNT', 'small'), 2147483647);
    assert.equal(await r.object('REFCOUNT', 'big'), 1);
    assert.equal(await r.object('REFCOUNT', 'neg'), 1);
    assert.equal(await r.object('REFCOUNT', 'e'), 1);
    assert.equal(await r.object('REFCOUNT', 'nokey'), null);
  });

  it('measures idle time in seconds without touching the key', async () => {
    await r.set('idle', 'v');
    clock.advance(5500);
    assert.equal(await r.object('IDLETIME', 'idle'), 5);
    assert.equal(await r.object('IDLETIME', 'idle'), 5, 'OBJECT does not touch');
    await r.get('idle');
    assert.equal(await r.object('IDLETIME', 'idle'), 0);
    assert.equal(await r.object('IDLETIME', 'nokey'), null);
  });

  it('needs an LFU policy for FREQ and an LRU one for IDLETIME', async () => {
    await assert.rejects(r.object('FREQ', 'idle'), { message: ERR_LFU_NOT_SELECTED });
    s.server.config.values['maxmemory-policy'] = 'allkeys-lfu';
    try {
      await assert.rejects(r.object('IDLETIME', 'idle'), { message: ERR_LFU_SELECTED });
      assert.equal(typeof (await r.object('FREQ', 'idle')), 'number');
      assert.equal(await r.object('FREQ', 'nokey'), null);
    } finally {
      s.server.config.values['maxmemory-policy'] = 'noeviction';
    }
  });

  it('counts accesses logarithmically under LFU and decays them over time', async () => {
    await r.config('SET', 'maxmemory-policy', 'allkeys-lfu');
    const ks = s.server.keyspace;
    ks.lfu = { logFactor: 0, decayTime: 1 }; // factor 0: every access counts
    try {
      await r.set('hot', 'v');
      assert.equal(await r.object('FREQ', 'hot'), 5, 'a new key starts at LFU_INIT_VAL');
      for (let i = 0; i < 3; i++) await r.get('hot');
      assert.equal(await r.object('FREQ', 'hot'), 8);
      clock.advance(2 * 60000);
      assert.equal(await r.object('FREQ', 'hot'), 6, 'one point per decay period');
    } finally {
      ks.lfu = null;
      await r.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });

  it('does not share integers under maxmemory with an LRU policy', async () => {
    await r.config('SET', 'maxmemory', '100mb');
    await r.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      await r.set('n', '7');
      assert.equal(await r.object('REFCOUNT', 'n'), 1);
    } finally {
      await r.config('SET', 'maxmemory', '0');
      await r.config('SET', 'maxmemory-policy', 'noeviction');
    }
    assert.equal(await r.object('REFCOUNT', 'n'), 2147483647);
  });

  it('answers HELP and rejects bad subcommands and arity like Redis', async () => {
    const h = await RawConnection.connect(s.port);
    const help = (await h.call('OBJECT', 'HELP')) as string[];
    h.close();
    assert.ok(Array.isArray(help));
    assert.match(help[0]!, /^OBJECT <subcommand>/);
    assert.ok(help.includes('ENCODING <key>'));
    assert.ok(help.includes('REFCOUNT <key>'));
    const c = await RawConnection.connect(s.port);
    c.send('OBJECT', 'ENCODING');
    assert.equal(await c.readRaw(), "-ERR wrong number of arguments for 'object|encoding' command\r\n");
    c.send('OBJECT', 'ENCODING', 'a', 'b');
    assert.equal(await c.readRaw(), "-ERR wrong number of arguments for 'object|encoding' command\r\n");
    c.send('OBJECT', 'NOPE', 'a');
    assert.equal(await c.readRaw(), "-ERR unknown subcommand 'NOPE'. Try OBJECT HELP.\r\n");
    c.send('OBJECT');
    assert.equal(await c.readRaw(), "-ERR wrong number of arguments for 'object' command\r\n");
    c.send('OBJECT', 'ENCODING', 'nokey');
    assert.equal(await c.readRaw(), '$-1\r\n');
    c.close();
  });

  it('expires the key lazily and counts hits and misses', async () => {
    await r.set('vol', 'v');
    s.server.keyspace.dbs[0]!.setExpire('vol', clock.now() + 100);
    clock.advance(101);
    assert.equal(await r.object('ENCODING', 'vol'), null);
    assert.equal(s.server.keyspace.dbs[0]!.dict.has('vol'), false);
  });
});
