// Keyspace notifications: the class flags of notify-keyspace-events select what is published, on
// `__keyspace@<db>__:<key>` and/or `__keyevent@<db>__:<event>`; `expired` comes from lazy and active
// expiry (ManualClock), `new` and `keymiss` only when asked for; RESP3 subscribers get pushes.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createClient } from 'redis';
import { parseNotifyFlags } from '../src/server/config-special.ts';
import { connectIoredis, ManualClock, RawConnection, type Started, startServer } from './helpers/server.ts';

describe('keyspace notifications', () => {
  let s: Started;
  let r: Redis;
  let sub: RawConnection;
  const clock = new ManualClock();

  before(async () => {
    s = await startServer({ clock });
    s.server.activeExpireEnabled = false;
    r = await connectIoredis(s.port);
    sub = await RawConnection.connect(s.port);
    await sub.call('PSUBSCRIBE', '__key*__:*');
  });
  after(async () => {
    r.disconnect();
    sub.close();
    await s.stop();
  });
  beforeEach(async () => {
    await r.config('SET', 'notify-keyspace-events', '');
    await r.select(0);
    await r.flushall();
  });

  /** Runs `fn` and returns the notifications it caused, as `channel message`. */
  async function caught(flags: string, fn: () => unknown): Promise<string[]> {
    await r.config('SET', 'notify-keyspace-events', flags);
    await fn();
    await r.config('SET', 'notify-keyspace-events', '');
    await r.publish('__keyevent@0__:end', 'end');
    const out: string[] = [];
    for (;;) {
      const m = (await sub.read()) as string[];
      if (m[2] === '__keyevent@0__:end') return out;
      out.push(`${m[2]!} ${m[3]!}`);
    }
  }

  it('is off by default and publishes nothing', async () => {
    assert.equal(await r.config('GET', 'notify-keyspace-events').then((x) => (x as string[])[1]), '');
    assert.deepEqual(await caught('', () => r.set('k', 'v')), []);
  });

  it('K and E choose the channels; the class letters choose the events', async () => {
    assert.deepEqual(await caught('KA', () => r.set('k', 'v')), ['__keyspace@0__:k set']);
    assert.deepEqual(await caught('EA', () => r.set('k', 'v')), ['__keyevent@0__:set k']);
    assert.deepEqual(await caught('KEA', () => r.set('k', 'v')), ['__keyspace@0__:k set', '__keyevent@0__:set k']);
    // A class without K or E, or K/E without a class: nothing.
    assert.deepEqual(await caught('A', () => r.set('k', 'v')), []);
    assert.deepEqual(await caught('KE', () => r.set('k', 'v')), []);
    const mixed = async (): Promise<void> => {
      await r.flushall(); // FLUSHALL itself notifies nothing
      await r.set('s', '1');
      await r.hset('h', 'f', 'v');
      await r.sadd('st', 'm');
      await r.zadd('z', 1, 'm');
      await r.rpush('l', 'x');
      await r.expire('s', 100);
      await r.del('h');
    };
    assert.deepEqual(await caught('E$', mixed), ['__keyevent@0__:set s']);
    assert.deepEqual(await caught('Eh', mixed), ['__keyevent@0__:hset h']);
    assert.deepEqual(await caught('Es', mixed), ['__keyevent@0__:sadd st']);
    assert.deepEqual(await caught('Ez', mixed), ['__keyevent@0__:zadd z']);
    assert.deepEqual(await caught('El', mixed), ['__keyevent@0__:rpush l']);
    assert.deepEqual(await caught('Eg', mixed), ['__keyevent@0__:expire s', '__keyevent@0__:del h']);
  });

  it('the database number is in the channel', async () => {
    assert.deepEqual(await caught('KEA', async () => {
      await r.select(5);
      await r.set('k', 'v');
    }), ['__keyspace@5__:k set', '__keyevent@5__:set k']);
  });

  it('expired comes from lazy expiry and from the active cycle (x)', async () => {
    await r.set('lazy', 'v', 'PX', 100);
    await r.set('active', 'v', 'PX', 100);
    clock.advance(200);
    assert.deepEqual(await caught('Ex', () => r.get('lazy')), ['__keyevent@0__:expired lazy']);
    assert.deepEqual(await caught('Ex', () => {
      s.server.activeExpireEnabled = true;
      s.server.cron();
      s.server.activeExpireEnabled = false;
    }), ['__keyevent@0__:expired active']);
  });

  it('new (n) and keymiss (m) only when named; A includes neither', async () => {
    const ops = async (): Promise<void> => {
      await r.set('k', '1');
      await r.set('k', '2');
      await r.get('absent');
      await r.hset('h', 'f', 'v');
      await r.mset('m', '1', 'k', '3');
    };
    assert.deepEqual(await caught('EA', ops), ['__keyevent@0__:set k', '__keyevent@0__:set k', '__keyevent@0__:hset h',
      '__keyevent@0__:set m', '__keyevent@0__:set k']);
    await r.flushall();
    assert.deepEqual(await caught('En', ops), ['__keyevent@0__:new k', '__keyevent@0__:new h', '__keyevent@0__:new m']);
    await r.flushall();
    assert.deepEqual(await caught('Em', ops), ['__keyevent@0__:keymiss absent']);
    await r.flushall();
    assert.deepEqual(await caught('KEA$n', async () => r.set('k', 'v')),
      ['__keyspace@0__:k new', '__keyevent@0__:new k', '__keyspace@0__:k set', '__keyevent@0__:set k']);
    assert.equal(s.server.keyspace.newKeyEvents, false); // cleared again with the flags
  });

  it('a RESP3 node-redis subscriber receives them as pushes; a RESP3 client sees its own', async () => {
    const n = createClient({ socket: { port: s.port, host: '127.0.0.1' }, RESP: 3 });
    await n.connect();
    try {
      const got: string[] = [];
      await n.pSubscribe('__keyevent@0__:*', (m, ch) => got.push(`${ch} ${m}`));
      await r.config('SET', 'notify-keyspace-events', 'E$');
      await r.set('k', 'v');
      for (let i = 0; i < 200 && got.length === 0; i++) await new Promise((res) => setTimeout(res, 2));
      assert.deepEqual(got, ['__keyevent@0__:set k']);
    } finally {
      n.destroy();
    }
    const c = await RawConnection.connect(s.port);
    try {
      await c.call('HELLO', '3');
      await c.call('SUBSCRIBE', '__keyevent@0__:set');
      c.send('SET', 'mine', 'v');
      // Published while the command runs, so the push comes before its reply, as in Redis.
      assert.equal(await c.readRaw(), '>3\r\n$7\r\nmessage\r\n$18\r\n__keyevent@0__:set\r\n$4\r\nmine\r\n');
      assert.equal(await c.readRaw(), '+OK\r\n');
    } finally {
      c.close();
    }
  });

  it('CONFIG GET shows the flags in Redis\'s canonical form', async () => {
    await r.config('SET', 'notify-keyspace-events', 'KEA');
    assert.deepEqual(await r.config('GET', 'notify-keyspace-events'), ['notify-keyspace-events', 'AKE']);
    await assert.rejects(r.config('SET', 'notify-keyspace-events', 'Q'), /Invalid event class character/);
  });

  it('applies the flags a server starts with (config file or options)', async () => {
    const t = await startServer({ config: { 'notify-keyspace-events': parseNotifyFlags('E$n') } });
    const c = await RawConnection.connect(t.port);
    const w = await RawConnection.connect(t.port);
    try {
      await c.call('PSUBSCRIBE', '__keyevent@0__:*');
      await w.call('SET', 'k', 'v');
      assert.deepEqual(await c.read(), ['pmessage', '__keyevent@0__:*', '__keyevent@0__:new', 'k']);
      assert.deepEqual(await c.read(), ['pmessage', '__keyevent@0__:*', '__keyevent@0__:set', 'k']);
    } finally {
      c.close();
      w.close();
      await t.stop();
    }
  });
});
