// WATCH: which writes fail a watching client's EXEC (any write to the key, its expiry, FLUSHDB /
// FLUSHALL / SWAPDB when they change it, RENAME's both ends) and which do not (other databases,
// the transaction's own writes, keys already expired when watched). Time moves by a ManualClock.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { connectIoredis, ManualClock, type Started, startServer } from './helpers/server.ts';

describe('WATCH', () => {
  let s: Started;
  let r: Redis; // the watching client
  let o: Redis; // the other one
  const clock = new ManualClock();

  before(async () => {
    s = await startServer({ clock });
    s.server.activeExpireEnabled = false; // expiry only where the test makes it happen
    r = new Redis(s.port, '127.0.0.1', { lazyConnect: true, enableReadyCheck: false });
    o = new Redis(s.port, '127.0.0.1', { lazyConnect: true, enableReadyCheck: false });
    await r.connect();
    await o.connect();
  });
  after(async () => {
    r.disconnect();
    o.disconnect();
    await s.stop();
  });
  beforeEach(async () => {
    await r.unwatch();
    await r.select(0);
    await o.select(0);
    await o.flushall();
  });

  /** WATCHes `keys`, runs `between` on the other connection, and says whether EXEC went through. */
  async function survives(keys: string[], between: () => unknown): Promise<boolean> {
    await r.watch(...keys);
    await between();
    const res = await r.multi().set('__probe', '1').exec();
    return res !== null;
  }

  it('a write by another client fails EXEC (ioredis gets null); an untouched watch passes', async () => {
    await o.set('k', '1');
    assert.equal(await survives(['k'], () => o.set('k', '1')), false); // same value: still a write
    assert.equal(await survives(['k'], () => o.get('k')), true);
    assert.equal(await survives(['k', 'x'], () => o.incr('x')), false);
    assert.equal(await survives(['k'], () => o.del('nothing')), true);
  });

  it("the client's own writes before MULTI count; its transaction's own writes do not", async () => {
    await r.watch('k');
    await r.set('k', 'mine');
    assert.equal(await r.multi().get('k').exec(), null);
    await r.watch('k');
    const res = await r.multi().set('k', '1').set('k', '2').exec();
    assert.deepEqual(res, [[null, 'OK'], [null, 'OK']]);
    // EXEC unwatched everything: a later write does not fail the next transaction.
    await o.set('k', '3');
    assert.notEqual(await r.multi().get('k').exec(), null);
  });

  it('writes to the same key in another database do not touch the watch', async () => {
    assert.equal(await survives(['k'], async () => {
      await o.select(1);
      await o.set('k', 'v');
    }), true);
  });

  it('UNWATCH forgets the keys and the dirty flag; DISCARD and RESET unwatch too', async () => {
    await r.watch('k');
    await o.set('k', '1');
    await r.unwatch();
    assert.notEqual(await r.multi().get('k').exec(), null);
    await r.watch('k');
    await r.call('MULTI');
    await r.call('DISCARD');
    assert.equal(s.server.watches.size, 0);
    await r.watch('k');
    await r.call('RESET');
    assert.equal(s.server.watches.size, 0);
  });

  it('expiry: a watched key that expires fails EXEC, even before anyone deletes it', async () => {
    await o.set('k', 'v', 'PX', 100);
    assert.equal(await survives(['k'], () => clock.advance(200)), false);
    // Lazy expiry by another client's read is a deletion: also a change.
    await o.set('k', 'v', 'PX', 100);
    assert.equal(await survives(['k'], async () => {
      clock.advance(200);
      await o.get('k');
    }), false);
  });

  it('a key already expired when watched: its deletion is no change, a new value is', async () => {
    await o.set('k', 'v', 'PX', 100);
    clock.advance(200);
    assert.equal(await survives(['k'], () => {}), true);
    await o.set('k2', 'v', 'PX', 100);
    clock.advance(200);
    assert.equal(await survives(['k2'], () => o.get('k2')), true); // deleted by lazy expiry
    await o.set('k3', 'v', 'PX', 100);
    clock.advance(200);
    assert.equal(await survives(['k3'], () => o.set('k3', 'new')), false);
  });

  it('FLUSHDB / FLUSHALL touch watched keys that exist, not missing ones', async () => {
    await o.set('k', 'v');
    assert.equal(await survives(['k'], () => o.flushdb()), false);
    assert.equal(await survives(['k'], () => o.flushdb()), true); // k no longer exists
    await o.set('k', 'v');
    assert.equal(await survives(['k'], () => o.flushall()), false);
    await o.set('k', 'v');
    assert.equal(await survives(['k'], async () => {
      await o.select(1);
      await o.flushdb(); // another database
    }), true);
  });

  it('SWAPDB touches a watched key that changes by the swap, in either direction', async () => {
    await o.set('k', 'v');
    assert.equal(await survives(['k'], () => o.swapdb(0, 1)), false); // k leaves db 0
    assert.equal(await survives(['k'], () => o.swapdb(0, 1)), false); // k comes back
    assert.equal(await survives(['absent'], () => o.swapdb(0, 1)), true);
    // A missing key replaced by an already expired one is still missing.
    await o.select(1);
    await o.set('e', 'v', 'PX', 100);
    clock.advance(200);
    assert.equal(await survives(['e'], () => o.swapdb(0, 1)), true);
  });

  it('RENAME touches both keys; MOVE touches the key in both databases', async () => {
    await o.set('src', 'v');
    assert.equal(await survives(['dst'], () => o.rename('src', 'dst')), false);
    assert.equal(await survives(['dst'], () => o.move('dst', 1)), false);
    await r.select(1);
    await o.select(1);
    assert.equal(await survives(['dst'], () => o.move('dst', 0)), false);
  });

  it('a key watched twice is held once; WATCH of many keys stays cheap', async () => {
    await r.watch('k', 'k');
    await r.watch('k');
    assert.equal(s.server.watches.size, 1);
    const keys = Array.from({ length: 20000 }, (_, i) => `key:${i}`);
    await r.watch(...keys);
    assert.equal(s.server.watches.size, 20001);
    assert.equal(await survives(['key:19999'], () => o.set('key:19999', 'v')), false);
    assert.equal(s.server.watches.size, 0); // a dirty client's watches are dropped at once
  });

  it('forgets a disconnected client and everything it watched', async () => {
    const t = await connectIoredis(s.port);
    await t.watch('a', 'b', 'c');
    await t.call('MULTI');
    await r.watch('a', 'z');
    const watched = (): number => s.server.watches.size;
    assert.equal(watched(), 5);
    const info = await o.info('clients');
    assert.match(info, /\r\nwatching_clients:2\r\n/);
    assert.match(info, /\r\ntotal_watched_keys:4\r\n/); // distinct keys
    await r.unwatch();
    t.disconnect();
    for (let i = 0; i < 50 && watched() !== 0; i++) await new Promise((res) => setImmediate(res));
    assert.equal(watched(), 0);
    assert.equal(s.server.watches.byDb[0]!.size, 0);
  });
});
