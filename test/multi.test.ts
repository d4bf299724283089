// Transactions over real sockets: ioredis and node-redis as users drive them, exact bytes in RESP2
// and RESP3, the queueing errors, and WATCH invalidation by every kind of write (expiry included,
// with a ManualClock).

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createClient } from 'redis';
import { connectIoredis, ManualClock, RawConnection, type Started, startServer } from './helpers/server.ts';

describe('MULTI/EXEC', () => {
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
  beforeEach(async () => {
    await r.flushall();
  });

  it('ioredis multi().exec() runs the queue and returns each reply, errors in place', async () => {
    await r.set('str', 'x');
    const res = await r.multi().set('a', '1').incr('a').incr('str').get('a').lpush('str', 'v').exec();
    assert.ok(res !== null);
    assert.deepEqual(res[0], [null, 'OK']);
    assert.deepEqual(res[1], [null, 2]);
    assert.match(String(res[2]![0]), /ERR value is not an integer or out of range/);
    assert.deepEqual(res[3], [null, '2']);
    assert.match(String(res[4]![0]), /WRONGTYPE/);
  });

  it('a queueing error aborts EXEC with EXECABORT; nothing runs', async () => {
    const c = await RawConnection.connect(s.port);
    try {
      assert.equal(await c.call('MULTI'), 'OK');
      assert.equal(await c.call('SET', 'a', '1'), 'QUEUED');
      assert.equal(await raw(c, 'NOSUCHCMD', 'x'), "-ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' \r\n");
      assert.equal(await raw(c, 'GET'), "-ERR wrong number of arguments for 'get' command\r\n");
      assert.equal(await raw(c, 'EXEC'), '-EXECABORT Transaction discarded because of previous errors.\r\n');
      assert.equal(await c.call('EXISTS', 'a'), 0);
      assert.equal(s.server.clients.get(lastId(s))!.multi, -1);
    } finally {
      c.close();
    }
  });

  it('gives Redis errors for nesting, WATCH inside MULTI, EXEC/DISCARD without MULTI, no-multi commands', async () => {
    const c = await RawConnection.connect(s.port);
    try {
      assert.equal(await raw(c, 'EXEC'), '-ERR EXEC without MULTI\r\n');
      assert.equal(await raw(c, 'DISCARD'), '-ERR DISCARD without MULTI\r\n');
      assert.equal(await c.call('MULTI'), 'OK');
      assert.equal(await raw(c, 'MULTI'), '-ERR MULTI calls can not be nested\r\n');
      assert.equal(await raw(c, 'WATCH', 'k'), '-ERR WATCH inside MULTI is not allowed\r\n');
      assert.equal(await c.call('SET', 'a', '1'), 'QUEUED');
      // Neither error dooms the transaction (they are the commands' own replies, not rejections).
      assert.equal(await raw(c, 'EXEC'), '*1\r\n+OK\r\n');
      assert.equal(await c.call('MULTI'), 'OK');
      assert.equal(await raw(c, 'SHUTDOWN'), '-ERR Command not allowed inside a transaction\r\n');
      assert.equal(await raw(c, 'EXEC'), '-EXECABORT Transaction discarded because of previous errors.\r\n');
      // A rejected EXEC (wrong arity) discards the transaction and says why, without the ERR prefix.
      assert.equal(await c.call('MULTI'), 'OK');
      assert.equal(await raw(c, 'EXEC', 'x'),
        "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n");
      assert.equal(await raw(c, 'EXEC'), '-ERR EXEC without MULTI\r\n');
    } finally {
      c.close();
    }
  });

  it('DISCARD drops the queue; QUIT and RESET run at once inside MULTI', async () => {
    const c = await RawConnection.connect(s.port);
    try {
      assert.equal(await c.call('MULTI'), 'OK');
      assert.equal(await c.call('SET', 'a', '1'), 'QUEUED');
      assert.equal(await c.call('DISCARD'), 'OK');
      assert.equal(await c.call('EXISTS', 'a'), 0);
      assert.equal(await c.call('MULTI'), 'OK');
      assert.equal(await c.call('SET', 'a', '1'), 'QUEUED');
      assert.equal(await c.call('RESET'), 'RESET');
      assert.equal(await raw(c, 'EXEC'), '-ERR EXEC without MULTI\r\n');
      assert.equal(await c.call('MULTI'), 'OK');
      assert.equal(await c.call('QUIT'), 'OK');
      await c.whenClosed();
    } finally {
      c.close();
    }
  });

  it('replies byte-exact in RESP2 and RESP3 (maps, doubles, nulls inside the EXEC array)', async () => {
    await r.hset('h', 'f', 'v');
    const seq = ['MULTI', 'HGETALL h', 'INCRBYFLOAT n 1.5', 'GET missing', 'ZADD z 1 m', 'ZSCORE z m', 'EXEC'];
    const c2 = await RawConnection.connect(s.port);
    const c3 = await RawConnection.connect(s.port);
    try {
      await c3.call('HELLO', '3');
      const run = async (c: RawConnection): Promise<string> => {
        let last = '';
        for (const line of seq) last = await raw(c, ...line.split(' '));
        return last;
      };
      assert.equal(await run(c2), '*5\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n$3\r\n1.5\r\n$-1\r\n:1\r\n$1\r\n1\r\n');
      assert.equal(await run(c3), '*5\r\n%1\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\n3\r\n_\r\n:0\r\n,1\r\n');
    } finally {
      c2.close();
      c3.close();
    }
  });

  it('an empty transaction replies an empty array; the CLIENT LIST multi field counts the queue', async () => {
    const c = await RawConnection.connect(s.port);
    try {
      assert.equal(await c.call('MULTI'), 'OK');
      assert.match(String(await r.client('LIST')), /multi=0 /);
      await c.call('SET', 'a', '1');
      await c.call('SET', 'b', '1');
      // multi-mem: argument bytes plus a pointer per argument (SET a 1: 5 + 8 * 3, twice).
      assert.match(String(await r.client('LIST')), /multi=2 .* multi-mem=58 /);
      assert.equal(await raw(c, 'EXEC'), '*2\r\n+OK\r\n+OK\r\n');
      assert.equal(await c.call('MULTI'), 'OK');
      assert.equal(await raw(c, 'EXEC'), '*0\r\n');
      assert.match(String(await r.client('LIST')), /multi=-1 /);
    } finally {
      c.close();
    }
  });

  it('counts the queued commands in commandstats when they run, not when queued', async () => {
    await r.config('RESETSTAT');
    const c = await RawConnection.connect(s.port);
    try {
      await c.call('MULTI');
      await c.call('INCR', 'n');
      await c.call('INCR', 'n');
      const before = await r.info('commandstats');
      assert.doesNotMatch(before, /cmdstat_incr:/);
      await c.call('EXEC');
      const after = await r.info('commandstats');
      assert.match(after, /cmdstat_incr:calls=2,/);
      assert.match(after, /cmdstat_exec:calls=1,/);
      // An error inside the transaction fails that command, not EXEC; EXECABORT fails EXEC.
      await r.set('str', 'x');
      await c.call('MULTI');
      await c.call('INCR', 'str');
      await c.call('EXEC');
      await c.call('MULTI');
      await c.call('NOSUCH');
      await c.call('EXEC');
      const stats = await r.info('commandstats');
      assert.match(stats, /cmdstat_incr:calls=3,.*,rejected_calls=0,failed_calls=1\r/);
      assert.match(stats, /cmdstat_exec:calls=3,.*,rejected_calls=0,failed_calls=1\r/);
      assert.match(await r.info('errorstats'), /errorstat_ERR:count=2\r\nerrorstat_EXECABORT:count=1\r/);
    } finally {
      c.close();
    }
  });

  it('CLIENT PAUSE WRITE holds an EXEC with a queued write, not a read-only one', async () => {
    const w = await RawConnection.connect(s.port);
    const ro = await RawConnection.connect(s.port);
    try {
      assert.equal(await w.call('MULTI'), 'OK');
      assert.equal(await w.call('SET', 'a', '1'), 'QUEUED');
      assert.equal(await ro.call('MULTI'), 'OK');
      assert.equal(await ro.call('GET', 'a'), 'QUEUED');
      await r.call('CLIENT', 'PAUSE', '100000', 'WRITE');
      w.send('EXEC');
      assert.equal(await raw(ro, 'EXEC'), '*1\r\n$-1\r\n');
      const held = [...s.server.clients.values()].find((c) => c.multi === 1)!;
      assert.ok(held.postponed !== null && held.postponed[0] === 'EXEC');
      await r.call('CLIENT', 'UNPAUSE');
      assert.equal(await w.readRaw(), '*1\r\n+OK\r\n');
      assert.equal(await r.get('a'), '1');
    } finally {
      w.close();
      ro.close();
    }
  });

  it('sets c.inExec only while EXEC runs the queue', async () => {
    const seen: boolean[] = [];
    const hook = (): void => {
      for (const c of s.server.clients.values()) if (c.multi !== -1 || c.inExec) seen.push(c.inExec);
    };
    s.server.keyspace.hooks.modified.push(hook);
    try {
      await r.set('x', '1'); // outside: no client in MULTI
      await r.multi().set('x', '2').exec();
      assert.deepEqual(seen, [true]);
      assert.ok([...s.server.clients.values()].every((c) => !c.inExec));
    } finally {
      const h = s.server.keyspace.hooks.modified;
      h.splice(h.indexOf(hook), 1);
    }
  });

  it('node-redis multi() in RESP2 and RESP3, and its WatchError', async () => {
    for (const RESP of [2, 3] as const) {
      const n = createClient({ socket: { port: s.port, host: '127.0.0.1' }, RESP });
      const other = createClient({ socket: { port: s.port, host: '127.0.0.1' } });
      await n.connect();
      await other.connect();
      try {
        await other.flushAll();
        const res = await n.multi().set('a', '1').incr('a').hSet('h', 'f', 'v').hGetAll('h').exec();
        assert.deepEqual(res.slice(0, 3), ['OK', 2, 1]);
        assert.deepEqual({ ...(res[3] as object) }, { f: 'v' });
        await n.watch('w');
        await other.set('w', 'changed');
        await assert.rejects(n.multi().set('a', '9').exec(), (e: Error) => e.constructor.name === 'WatchError');
        assert.equal(await n.get('a'), '2');
      } finally {
        n.destroy();
        other.destroy();
      }
    }
  });
});

/** The id of the most recently connected client. */
function lastId(s: Started): number {
  return Math.max(...s.server.clients.keys());
}

/** Sends a command and returns its reply's exact bytes. */
async function raw(c: RawConnection, ...args: string[]): Promise<string> {
  c.send(...args);
  return c.readRaw();
}
