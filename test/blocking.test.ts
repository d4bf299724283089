// Blocking pops with several real connections: first-come first-served per key, wake-ups by pushes
// from other clients, by LMOVE/RPOPLPUSH into the key, by ZADD and by MULTI/EXEC; timeouts driven
// by a ManualClock and server.cron(); CLIENT UNBLOCK in both forms; disconnects; Redis 7.2's
// re-run of the command on wake-up (WRONGTYPE when a key changed type meanwhile); no blocking
// inside MULTI; INFO and CLIENT LIST; exact RESP2/RESP3 bytes.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createClient } from 'redis';
import { connectIoredis, ManualClock, RawConnection, type Started, startServer } from './helpers/server.ts';
import { ERR_TIMEOUT_NEGATIVE, ERR_TIMEOUT_NOT_FLOAT, ERR_TIMEOUT_OUT_OF_RANGE, ERR_UNBLOCK_REASON, ERR_UNBLOCKED, ERR_WRONGTYPE } from '../src/protocol/errors.ts';

describe('blocking commands', () => {
  let s: Started;
  let clock: ManualClock;
  let r: Redis;
  const conns: RawConnection[] = [];

  const connect = async (): Promise<RawConnection> => {
    const c = await RawConnection.connect(s.port);
    conns.push(c);
    return c;
  };
  /** Resolves once exactly n clients are blocked on keys (turns of the event loop, no sleeping). */
  const blocked = async (n: number): Promise<void> => {
    for (let i = 0; i < 10000 && s.server.blocking.blockedClients !== n; i++) await new Promise((res) => setImmediate(res));
    assert.equal(s.server.blocking.blockedClients, n);
  };

  before(async () => {
    clock = new ManualClock();
    s = await startServer({ clock });
    r = await connectIoredis(s.port);
  });
  after(async () => {
    for (const c of conns) c.close();
    r.disconnect();
    await s.stop();
  });
  beforeEach(async () => {
    for (const c of conns.splice(0)) c.close();
    await blocked(0);
    for (const db of s.server.keyspace.dbs) db.clear();
  });

  it('serves clients first come first served, one element each', async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    a.send('BLPOP', 'q', '0');
    await blocked(1);
    b.send('BRPOP', 'other', 'q', '0');
    await blocked(2);
    c.send('BLPOP', 'q', '0');
    await blocked(3);
    assert.equal(await r.rpush('q', 'x', 'y'), 2);
    assert.deepEqual(await a.read(), ['q', 'x']);
    assert.deepEqual(await b.read(), ['q', 'y']);
    await blocked(1);
    assert.equal(await r.exists('q'), 0);
    await r.lpush('q', 'z');
    assert.deepEqual(await c.read(), ['q', 'z']);
    await blocked(0);
  });

  it('is woken by LMOVE and RPOPLPUSH into the key, and chains through BLMOVE', async () => {
    const [a, b] = [await connect(), await connect()];
    a.send('BLPOP', 'dst', '0');
    await blocked(1);
    await r.rpush('src', '1', '2');
    assert.equal(await r.lmove('src', 'dst', 'LEFT', 'RIGHT'), '1');
    assert.deepEqual(await a.read(), ['dst', '1']);
    a.send('BRPOPLPUSH', 'dst', 'out', '0');
    await blocked(1);
    assert.equal(await r.rpoplpush('src', 'dst'), '2');
    assert.equal(await a.read(), '2');
    assert.deepEqual(await r.lrange('out', 0, -1), ['2']);
    // a moves from m1 to m2, b waits on m2: one push serves both, in one go.
    a.send('BLMOVE', 'm1', 'm2', 'LEFT', 'RIGHT', '0');
    b.send('BLMPOP', '0', '1', 'm2', 'LEFT', 'COUNT', '5');
    await blocked(2);
    await r.rpush('m1', 'v');
    assert.equal(await a.read(), 'v');
    assert.deepEqual(await b.read(), ['m2', ['v']]);
    assert.equal(await r.exists('m1', 'm2'), 0);
  });

  it('times out by the injected clock on cron, with a null array (RESP2 and RESP3)', async () => {
    const [a, b] = [await connect(), await connect()];
    await b.call('HELLO', '3');
    a.send('BLPOP', 'q', '1.5');
    b.send('BZPOPMIN', 'z', '0.001');
    await blocked(2);
    clock.advance(2);
    s.server.cron();
    assert.equal(await b.readRaw(), '_\r\n');
    clock.advance(1000);
    s.server.cron();
    await blocked(1);
    clock.advance(600);
    s.server.cron();
    assert.equal(await a.readRaw(), '*-1\r\n');
    await blocked(0);
    // BLMOVE's timeout is a null array too (unlike its null bulk inside MULTI).
    a.send('BLMOVE', 'q', 'd', 'LEFT', 'LEFT', '0.01');
    await blocked(1);
    clock.advance(11);
    s.server.cron();
    assert.equal(await a.readRaw(), '*-1\r\n');
  });

  it('CLIENT UNBLOCK as a timeout or an error; 0 for a client not blocked', async () => {
    const a = await connect();
    const id = Number(await a.call('CLIENT', 'ID'));
    a.send('BLPOP', 'q', '0');
    await blocked(1);
    assert.deepEqual(s.server.clients.get(id)!.bstate?.keys, ['q']);
    assert.match(String(await r.client('LIST')), /flags=b /);
    assert.equal(await r.call('CLIENT', 'UNBLOCK', String(id)), 1);
    assert.equal(await a.readRaw(), '*-1\r\n');
    a.send('BZMPOP', '0', '2', 'z1', 'z2', 'MAX');
    await blocked(1);
    assert.equal(await r.call('CLIENT', 'UNBLOCK', String(id), 'ERROR'), 1);
    assert.equal(await a.readRaw(), `-${ERR_UNBLOCKED}\r\n`);
    assert.equal(await r.call('CLIENT', 'UNBLOCK', String(id), 'TIMEOUT'), 0);
    assert.equal(await r.call('CLIENT', 'UNBLOCK', '99999'), 0);
    await assert.rejects(r.call('CLIENT', 'UNBLOCK', String(id), 'LATER'), { message: ERR_UNBLOCK_REASON });
    await assert.rejects(r.call('CLIENT', 'UNBLOCK', 'x'), { message: 'ERR value is not an integer or out of range' });
    assert.equal(await a.call('PING'), 'PONG');
  });

  it('forgets a client that disconnects while blocked', async () => {
    const a = await connect();
    a.send('BLPOP', 'q', '0');
    await blocked(1);
    assert.match(await r.info('clients'), /blocked_clients:1\r\n[\s\S]*total_blocking_keys:1\r\n/);
    a.close();
    await blocked(0);
    assert.match(await r.info('clients'), /blocked_clients:0\r\n[\s\S]*total_blocking_keys:0\r\n/);
    await r.rpush('q', 'x');
    assert.equal(await r.llen('q'), 1);
  });

  it('re-runs the command on wake-up: WRONGTYPE when an earlier key changed type (Redis 7.2)', async () => {
    const a = await connect();
    a.send('BLPOP', 'k1', 'k2', '0');
    await blocked(1);
    await r.set('k1', 'str'); // not a list: wakes nobody
    await blocked(1);
    await r.rpush('k2', 'x');
    assert.equal(await a.readRaw(), `-${ERR_WRONGTYPE}\r\n`);
    assert.equal(await r.llen('k2'), 1);
  });

  it('a key pushed then deleted or replaced inside MULTI wakes nobody; EXEC pushes do', async () => {
    const a = await connect();
    a.send('BLPOP', 'q', '0');
    await blocked(1);
    const tx = await r.multi().lpush('q', 'x').del('q').set('q', 'str').exec();
    assert.deepEqual(tx, [[null, 1], [null, 1], [null, 'OK']]);
    await blocked(1);
    await r.del('q');
    assert.deepEqual(await r.multi().rpush('q', 'a', 'b').rpush('q', 'c').exec(), [[null, 2], [null, 3]]);
    assert.deepEqual(await a.read(), ['q', 'a']);
    assert.deepEqual(await r.lrange('q', 0, -1), ['b', 'c']);
  });

  it('never blocks inside MULTI: null array, or a null bulk for BLMOVE', async () => {
    const a = await connect();
    for (const args of [['BLPOP', 'e', '0'], ['BRPOP', 'e', '0'], ['BLMPOP', '0', '1', 'e', 'LEFT'], ['BZPOPMIN', 'e', '0'],
      ['BZPOPMAX', 'e', '0'], ['BZMPOP', '0', '1', 'e', 'MIN'], ['BLMOVE', 'e', 'f', 'LEFT', 'LEFT', '0'], ['BRPOPLPUSH', 'e', 'f', '0']]) {
      assert.equal(await a.call('MULTI'), 'OK');
      a.send(...args);
      assert.equal(await a.readRaw(), '+QUEUED\r\n');
      a.send('EXEC');
      const null1 = args[0] === 'BLMOVE' || args[0] === 'BRPOPLPUSH' ? '$-1\r\n' : '*-1\r\n';
      assert.equal(await a.readRaw(), `*1\r\n${null1}`, args.join(' '));
    }
    await blocked(0);
  });

  it('sorted sets: BZPOPMIN, BZPOPMAX and BZMPOP woken by ZADD', async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    await c.call('HELLO', '3');
    a.send('BZPOPMIN', 'z', '0');
    b.send('BZPOPMAX', 'z', '0');
    c.send('BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '10');
    await blocked(3);
    await r.zadd('z', 1, 'a', 2, 'b', 3, 'c', 4, 'd');
    assert.deepEqual(await a.read(), ['z', 'a', '1']);
    assert.deepEqual(await b.read(), ['z', 'd', '4']);
    assert.equal(await c.readRaw(), '*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\nc\r\n,3\r\n');
    assert.equal(await r.exists('z'), 0);
    // A list push does not serve a client waiting for a sorted set on the same key.
    a.send('BZPOPMIN', 'k', '0');
    await blocked(1);
    await r.rpush('k', 'x');
    await blocked(1);
    await r.del('k');
    await r.zadd('k', 5, 'm');
    assert.deepEqual(await a.read(), ['k', 'm', '5']);
  });

  it('is woken by RENAME, MOVE, COPY and SWAPDB bringing a list under the key', async () => {
    const a = await connect();
    a.send('BLPOP', 'k', '0');
    await blocked(1);
    await r.rpush('tmp', 'r');
    await r.rename('tmp', 'k');
    assert.deepEqual(await a.read(), ['k', 'r']);
    a.send('BLPOP', 'k', '0');
    await blocked(1);
    await r.rpush('tmp', 'c');
    await r.copy('tmp', 'k');
    assert.deepEqual(await a.read(), ['k', 'c']);
    // Blocked in db 0; db 1 holds a list under the key, then the databases are swapped.
    a.send('BLPOP', 'k', '0');
    await blocked(1);
    await r.select(1);
    await r.rpush('k', 's');
    await r.swapdb(0, 1);
    assert.deepEqual(await a.read(), ['k', 's']);
    await r.rpush('m', 'v');
    a.send('BLPOP', 'm', '0');
    await blocked(1);
    await r.move('m', 0);
    await r.select(0);
    assert.deepEqual(await a.read(), ['m', 'v']);
  });

  it('runs what the client pipelined after the blocking command once served', async () => {
    const a = await connect();
    a.write('*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nLLEN\r\n$1\r\nq\r\n');
    await blocked(1);
    await r.rpush('q', 'a', 'b');
    assert.deepEqual(await a.read(), ['q', 'a']);
    assert.equal(await a.read(), 'PONG');
    assert.equal(await a.read(), 1);
  });

  it('timeout argument errors; a key of the wrong type fails at once', async () => {
    await assert.rejects(r.blpop('q', 'abc'), { message: ERR_TIMEOUT_NOT_FLOAT });
    await assert.rejects(r.blpop('q', ' 1'), { message: ERR_TIMEOUT_NOT_FLOAT });
    await assert.rejects(r.blpop('q', '-1'), { message: ERR_TIMEOUT_NEGATIVE });
    await assert.rejects(r.brpop('q', '-inf'), { message: ERR_TIMEOUT_NEGATIVE });
    // Redis 7.2: values past LLONG_MAX ms are "out of range" (7.0: "negative").
    await assert.rejects(r.blpop('q', 'inf'), { message: ERR_TIMEOUT_OUT_OF_RANGE });
    await assert.rejects(r.blpop('q', '1e20'), { message: ERR_TIMEOUT_OUT_OF_RANGE });
    await assert.rejects(r.call('BLMPOP', 'x', '1', 'q', 'LEFT'), { message: ERR_TIMEOUT_NOT_FLOAT });
    await assert.rejects(r.call('BZPOPMIN', 'q', 'x'), { message: ERR_TIMEOUT_NOT_FLOAT });
    await r.set('str', 'v');
    await assert.rejects(r.blpop('nokey', 'str', '0'), { message: ERR_WRONGTYPE });
    await assert.rejects(r.call('BZPOPMIN', 'str', '0'), { message: ERR_WRONGTYPE });
    await assert.rejects(r.call('BLMOVE', 'str', 'd', 'LEFT', 'LEFT', '0'), { message: ERR_WRONGTYPE });
    // Non-empty keys answer at once like the plain commands.
    await r.rpush('l', 'a', 'b', 'c');
    assert.deepEqual(await r.blpop('nokey', 'l', '0'), ['l', 'a']);
    assert.deepEqual(await r.brpop('l', '0'), ['l', 'c']);
    assert.deepEqual(await r.call('BLMPOP', '0', '1', 'l', 'RIGHT', 'COUNT', '9'), ['l', ['b']]);
    // '-0' and tiny negatives round to 0: wait forever.
    const a = await connect();
    a.send('BLPOP', 'q', '-0.0001');
    await blocked(1);
    clock.advance(1e9);
    s.server.cron();
    await blocked(1);
  });

  it('times out on a real timer between crons, with the system clock', async () => {
    const sys = await startServer({ config: { hz: 1 } });
    const a = await RawConnection.connect(sys.port);
    try {
      const t0 = performance.now();
      a.send('BLPOP', 'q', '0.05');
      assert.equal(await a.readRaw(), '*-1\r\n');
      const dt = performance.now() - t0;
      assert.ok(dt >= 45 && dt < 900, `timed out after ${dt} ms`); // the cron alone would take up to 1 s
    } finally {
      a.close();
      await sys.stop();
    }
  });

  it('ioredis and node-redis (RESP2 and RESP3) as users call them', async () => {
    const waiter = r.duplicate();
    try {
      const p = waiter.blpop('jobs', 0);
      await blocked(1);
      await r.rpush('jobs', 'j1');
      assert.deepEqual(await p, ['jobs', 'j1']);
    } finally {
      waiter.disconnect();
    }
    for (const RESP of [2, 3] as const) {
      const c = createClient({ socket: { port: s.port, host: '127.0.0.1' }, RESP });
      await c.connect();
      try {
        const p = c.sendCommand(['BZPOPMAX', 'zz', '0']);
        await blocked(1);
        await r.zadd('zz', 2.5, 'm');
        assert.deepEqual(await p, RESP === 2 ? ['zz', 'm', '2.5'] : ['zz', 'm', 2.5]);
        const q = c.sendCommand(['BLPOP', 'none', '0.5']);
        await blocked(1);
        clock.advance(501);
        s.server.cron();
        assert.equal(await q, null);
      } finally {
        await c.quit();
      }
    }
  });
});
