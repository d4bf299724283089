// Expiry over real sockets with a ManualClock: the EXPIRE family's semantics and events, TTL
// rounding, lazy expiry at the exact millisecond, and the active expiry cycle driven by calling
// server.cron() directly (adaptive rounds, per-db cursor, stats, time cap). No sleeping.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { activeExpireCycle, activeExpireCycleFast } from '../src/store/expire.ts';
import { RObject } from '../src/types/object.ts';
import { connectIoredis, ManualClock, type Started, startServer } from './helpers/server.ts';

describe('expire', () => {
  let s: Started;
  let r: Redis;
  const clock = new ManualClock();
  let events: string[] = [];

  before(async () => {
    s = await startServer({ clock });
    s.server.keyspace.hooks.event.push((cls, ev, key, dbid) => {
      if (cls !== 'm') events.push(`${cls}:${ev}:${key}@${dbid}`);
    });
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
  });

  const ks = (): Started['server']['keyspace'] => s.server.keyspace;

  it('sets relative and absolute times and reports them', async () => {
    await r.set('k', 'v');
    events = [];
    assert.equal(await r.expire('k', 100), 1);
    assert.deepEqual(events, ['g:expire:k@0']);
    assert.equal(await r.ttl('k'), 100);
    assert.equal(await r.pttl('k'), 100000);
    assert.equal(await r.pexpiretime('k'), clock.now() + 100000);
    assert.equal(await r.expiretime('k'), Math.floor((clock.now() + 100000 + 500) / 1000));
    assert.equal(await r.pexpireat('k', clock.now() + 1499), 1);
    assert.equal(await r.ttl('k'), 1, 'rounded to the nearest second');
    assert.equal(await r.pexpireat('k', clock.now() + 1500), 1);
    assert.equal(await r.ttl('k'), 2);
    assert.equal(await r.expireat('k', Math.floor(clock.now() / 1000) + 50), 1);
    assert.equal(await r.expiretime('k'), Math.floor(clock.now() / 1000) + 50);
    assert.equal(await r.ttl('nokey'), -2);
    await r.set('p', 'v');
    assert.equal(await r.ttl('p'), -1);
    assert.equal(await r.expiretime('p'), -1);
  });

  it('expires at the first millisecond after the time, lazily, with the expired event', async () => {
    await r.set('k', 'v');
    await r.pexpire('k', 1000);
    clock.advance(1000);
    assert.equal(await r.get('k'), 'v', 'still there at exactly its time');
    assert.equal(await r.pttl('k'), 0);
    const before = ks().stats.expiredKeys;
    events = [];
    clock.advance(1);
    assert.equal(await r.get('k'), null);
    assert.deepEqual(events, ['x:expired:k@0']);
    assert.equal(ks().stats.expiredKeys, before + 1);
  });

  it('a time in the past deletes the key with del, not expired', async () => {
    await r.set('k', 'v');
    const before = ks().stats.expiredKeys;
    events = [];
    assert.equal(await r.expire('k', -1), 1);
    assert.deepEqual(events, ['g:del:k@0']);
    assert.equal(ks().stats.expiredKeys, before);
    assert.equal(await r.exists('k'), 0);
    await r.set('k', 'v');
    assert.equal(await r.pexpireat('k', clock.now()), 1, 'now counts as past');
    assert.equal(await r.exists('k'), 0);
  });

  it('applies NX, XX, GT and LT with a missing TTL counting as infinite', async () => {
    await r.set('k', 'v');
    assert.equal(await r.expire('k', 100, 'XX'), 0);
    assert.equal(await r.expire('k', 100, 'GT'), 0);
    assert.equal(await r.expire('k', 100, 'LT'), 1);
    assert.equal(await r.expire('k', 50, 'NX'), 0);
    assert.equal(await r.expire('k', 100, 'GT'), 0, 'equal is not greater');
    assert.equal(await r.expire('k', 101, 'GT'), 1);
    assert.equal(await r.expire('k', 101, 'LT'), 0, 'equal is not less');
    assert.equal(await r.call('expire', 'k', '20', 'LT', 'XX'), 1);
    assert.equal(await r.ttl('k'), 20);
    await r.persist('k');
    assert.equal(await r.expire('k', 10, 'NX'), 1);
    await assert.rejects(r.call('expire', 'k', '10', 'NX', 'XX'), {
      message: 'ERR NX and XX, GT or LT options at the same time are not compatible',
    });
    await assert.rejects(r.call('expire', 'k', '10', 'GT', 'LT'), { message: 'ERR GT and LT options at the same time are not compatible' });
    await assert.rejects(r.call('expire', 'k', '10', 'bogus'), { message: 'ERR Unsupported option bogus' });
    await assert.rejects(r.expire('k', '9223372036854775'), { message: "ERR invalid expire time in 'expire' command" });
    await assert.rejects(r.pexpire('k', '9223372036854775807'), { message: "ERR invalid expire time in 'pexpire' command" });
    await assert.rejects(r.expire('k', 'soon'), { message: 'ERR value is not an integer or out of range' });
  });

  it('PERSIST removes the TTL with the persist event', async () => {
    await r.set('k', 'v');
    assert.equal(await r.persist('k'), 0);
    await r.expire('k', 10);
    events = [];
    const dirty = ks().dirty;
    assert.equal(await r.persist('k'), 1);
    assert.deepEqual(events, ['g:persist:k@0']);
    assert.equal(ks().dirty, dirty + 1);
    assert.equal(await r.ttl('k'), -1);
    assert.equal(await r.persist('nokey'), 0);
  });

  it('the active cycle deletes expired keys in every database in one call when most are stale', async () => {
    for (const db of [0, 3]) {
      await r.select(db);
      const p = r.pipeline();
      for (let i = 0; i < 500; i++) p.set(`e${i}`, '1', 'PX', 10);
      for (let i = 0; i < 5; i++) p.set(`keep${i}`, '1', 'PX', 100000);
      await p.exec();
    }
    // SET PX may not exist yet in the string family: set the TTLs directly where it did not apply.
    for (const id of [0, 3]) {
      const db = ks().dbs[id]!;
      for (let i = 0; i < 500; i++) if (db.getExpire(`e${i}`) === -1) db.setExpire(`e${i}`, clock.now() + 10);
      for (let i = 0; i < 5; i++) if (db.getExpire(`keep${i}`) === -1) db.setExpire(`keep${i}`, clock.now() + 100000);
    }
    clock.advance(11);
    const before = ks().stats.expiredKeys;
    events = [];
    s.server.cron();
    assert.equal(ks().stats.expiredKeys - before, 1000);
    assert.equal(ks().dbs[0]!.size, 5);
    assert.equal(ks().dbs[3]!.size, 5);
    assert.equal(events.filter((e) => e.startsWith('x:expired:')).length, 1000);
    assert.ok(ks().stats.expiredStalePerc > 0);
  });

  it('the active cycle stops after a round with at most 10% stale keys and resumes where it stopped', async () => {
    const db = ks().dbs[0]!;
    for (let i = 0; i < 200; i++) {
      await r.set(`k${i}`, '1');
      db.setExpire(`k${i}`, clock.now() + 100000);
    }
    while (db.expires.rehashing) db.expires.rehashMilliseconds(10);
    // The cycle walks the table in scan order: make the first key and the hundred-and-first stale.
    const order: string[] = [];
    let cur = 0;
    do cur = db.expires.scan(cur, (k) => order.push(k));
    while (cur !== 0);
    assert.equal(order.length, 200);
    db.setExpire(order[0]!, clock.now() + 5);
    db.setExpire(order[100]!, clock.now() + 5);
    db.expireCursor = 0;
    clock.advance(6);
    s.server.cron();
    assert.equal(db.size, 199, 'one round of ~20 samples, 1 stale: stop');
    assert.equal(db.dict.has(order[0]!), false);
    assert.equal(db.dict.has(order[100]!), true);
    for (let i = 0; i < 6; i++) s.server.cron();
    assert.equal(db.dict.has(order[100]!), false, 'the per-db cursor moved on and reached it');
    assert.ok(db.avgTtl > 0 && db.avgTtl <= 100000);
  });

  /**
   * Later cycles finish the work. Each slow cycle has a wall-clock budget (25 ms at hz 10), which a
   * loaded machine can use up before 2000 keys are gone, so the test runs cycles until none is left.
   */
  function drain(db: { size: number }): void {
    for (let i = 0; i < 1000 && db.size > 0; i++) activeExpireCycle(ks(), 10);
  }

  it('the active cycle gives up at its time limit, counts it, and then visits every database', () => {
    const db = ks().dbs[7]!;
    for (let i = 0; i < 2000; i++) db.add(`t${i}`, new RObject('string', 'embstr', 'x', 0));
    for (let i = 0; i < 2000; i++) db.setExpire(`t${i}`, clock.now() - 1);
    const capped = ks().stats.expiredTimeCapReachedCount;
    // An absurd hz makes the budget 1 microsecond: the check after 16 rounds must trip it.
    activeExpireCycle(ks(), 1e9);
    assert.equal(ks().stats.expiredTimeCapReachedCount, capped + 1);
    assert.equal(ks().expireState.timelimitExit, true);
    assert.ok(db.size > 0 && db.size < 2000);
    drain(db);
    assert.equal(db.size, 0);
  });

  it('the fast cycle runs only after a slow cycle was cut short', () => {
    const db = ks().dbs[9]!;
    for (let i = 0; i < 3000; i++) db.add(`f${i}`, new RObject('string', 'embstr', 'x', 0));
    for (let i = 0; i < 3000; i++) db.setExpire(`f${i}`, clock.now() - 1);
    ks().expireState.timelimitExit = false;
    activeExpireCycleFast(ks(), 10);
    assert.equal(db.size, 3000, 'no slow cycle hit its limit: nothing to do');
    activeExpireCycle(ks(), 1e9);
    const afterSlow = db.size;
    assert.ok(afterSlow < 3000);
    ks().expireState.lastFastCycle = -Infinity;
    activeExpireCycleFast(ks(), 10);
    assert.ok(db.size < afterSlow, 'the fast cycle continued the work');
    drain(db);
    assert.equal(db.size, 0);
  });

  it('keeps expired keys while expiry is paused', async () => {
    await r.set('k', 'v');
    await r.pexpire('k', 5);
    clock.advance(6);
    s.server.pauseClients(false, clock.now() + 60000); // CLIENT PAUSE WRITE
    try {
      s.server.cron();
      assert.equal(ks().dbs[0]!.dict.has('k'), true);
      assert.equal(await r.get('k'), null, 'logically expired');
      assert.equal(ks().dbs[0]!.dict.has('k'), true, 'physically kept');
    } finally {
      s.server.unpauseClients();
    }
    s.server.cron();
    assert.equal(ks().dbs[0]!.dict.has('k'), false);
  });

  it('SCAN deletes expired keys it meets and leaves them out', async () => {
    await r.mset('a', '1', 'b', '2');
    await r.pexpire('b', 5);
    clock.advance(6);
    events = [];
    const [cur, keys] = await r.scan('0', 'COUNT', 100);
    assert.equal(cur, '0');
    assert.deepEqual(keys, ['a']);
    assert.deepEqual(events, ['x:expired:b@0']);
  });
});
