// TIME, LASTSAVE, SHUTDOWN, MEMORY and DEBUG over real sockets, with differential checks against
// the real redis-server where replies are deterministic.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertSameReplies, type Step } from './helpers/differential.ts';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { ManualClock, RawConnection, startServer, type Started } from './helpers/server.ts';

describe('server commands', () => {
  let s: Started;
  let c: RawConnection;
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 0) + 250);
  before(async () => {
    s = await startServer({ clock, config: { 'enable-debug-command': 'yes' } });
    c = await RawConnection.connect(s.port);
  });
  after(async () => {
    c.close();
    await s.stop();
  });

  it('TIME and LASTSAVE follow the server clock', async () => {
    assert.deepEqual(await c.call('TIME'), [String(Date.UTC(2026, 0, 1) / 1000), '250000']);
    assert.equal(await c.call('LASTSAVE'), Date.UTC(2026, 0, 1) / 1000);
  });

  it('MEMORY USAGE estimates strings as Redis accounts them', async () => {
    await c.call('SET', 'k', 'v');
    assert.equal(await c.call('MEMORY', 'USAGE', 'k'), 64);
    await c.call('SET', 'k', '12345');
    assert.equal(await c.call('MEMORY', 'USAGE', 'k', 'SAMPLES', '0'), 48);
    await c.call('SET', 'k', 'a'.repeat(1000));
    assert.equal(await c.call('MEMORY', 'USAGE', 'k'), 1072);
    assert.equal(await c.call('MEMORY', 'USAGE', 'nokey'), null);
    const stats = (await c.call('MEMORY', 'STATS')) as unknown[];
    assert.equal(stats[0], 'peak.allocated');
    assert.match((await c.call('MEMORY', 'DOCTOR')) as string, /memory/);
    assert.equal(await c.call('MEMORY', 'PURGE'), 'OK');
    assert.equal(await c.call('MEMORY', 'MALLOC-STATS'), 'Stats not supported for the current allocator');
    const help = (await c.call('MEMORY', 'HELP')) as string[];
    assert.equal(help[0], 'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    assert.ok(help.includes('USAGE <key> [SAMPLES <count>]'));
    assert.equal(((await c.call('DEBUG', 'HELP')) as string[])[0], 'DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
  });

  it('DEBUG OBJECT describes a value in Redis line format', async () => {
    await c.call('SET', 'k', 'v');
    assert.match(((await c.call('DEBUG', 'OBJECT', 'k')) as string),
      /^Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:2 lru:\d+ lru_seconds_idle:0$/);
    clock.advance(3000);
    assert.match(((await c.call('DEBUG', 'OBJECT', 'k')) as string), /lru_seconds_idle:3$/);
  });

  it('DEBUG SET-ACTIVE-EXPIRE 0 stops the cron from deleting expired keys', async () => {
    await c.call('SET', 'e', 'v', 'PX', '10');
    assert.equal(await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0'), 'OK');
    clock.advance(100);
    s.server.cron();
    assert.equal(s.server.keyspace.dbs[0]!.dict.has('e'), true);
    assert.equal(await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1'), 'OK');
    s.server.cron();
    assert.equal(s.server.keyspace.dbs[0]!.dict.has('e'), false);
  });

  it('DEBUG SLEEP blocks the server; CHANGE-REPL-ID draws a new id', async () => {
    const before = performance.now();
    assert.equal(await c.call('DEBUG', 'SLEEP', '0.05'), 'OK');
    assert.ok(performance.now() - before >= 45);
    const info1 = ((await c.call('INFO', 'replication')) as string);
    assert.equal(await c.call('DEBUG', 'CHANGE-REPL-ID'), 'OK');
    const info2 = ((await c.call('INFO', 'replication')) as string);
    assert.notEqual(/master_replid:(\w+)/.exec(info1)![1], /master_replid:(\w+)/.exec(info2)![1]);
  });

  it('SHUTDOWN closes the clients and stops the server', async () => {
    const t = await startServer();
    const a = await RawConnection.connect(t.port);
    const b = await RawConnection.connect(t.port);
    a.send('SHUTDOWN', 'NOSAVE', 'NOW');
    await Promise.all([a.whenClosed(), b.whenClosed(), t.server.stopped]);
    assert.equal(t.server.clients.size, 0);
  });

  it('SHUTDOWN SAVE fails without persistence unless FORCE', async () => {
    const t = await startServer();
    const a = await RawConnection.connect(t.port);
    const reply = await a.call('SHUTDOWN', 'SAVE');
    assert.ok(reply instanceof Error);
    assert.equal(reply.message, 'ERR Errors trying to SHUTDOWN. Check logs.');
    a.send('SHUTDOWN', 'SAVE', 'FORCE');
    await a.whenClosed();
    await t.server.stopped;
  });
});

describe('server commands differential', { skip: SKIP_NO_REDIS }, () => {
  let s: Started;
  let plain: Started;
  let real: RealRedis;
  let realPlain: RealRedis;
  before(async () => {
    s = await startServer({ config: { 'enable-debug-command': 'yes' } });
    plain = await startServer();
    real = await startRealRedis(['--enable-debug-command', 'yes']);
    realPlain = await startRealRedis();
  });
  after(async () => {
    await s.stop();
    await plain.stop();
    await real.stop();
    await realPlain.stop();
  });

  it('answers MEMORY USAGE, DEBUG and SHUTDOWN errors alike', async () => {
    const steps: Step[] = [];
    for (const v of ['v', 'abcde', 'a'.repeat(13), 'a'.repeat(30), 'a'.repeat(44), 'a'.repeat(45), 'a'.repeat(100), '12345', '-7']) {
      steps.push(['SET', 'k', v], ['MEMORY', 'USAGE', 'k']);
    }
    steps.push(['SET', 'k'.repeat(40), 'v'], ['MEMORY', 'USAGE', 'k'.repeat(40)], ['MEMORY', 'USAGE', 'nokey'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES'], ['MEMORY', 'USAGE', 'k', 'SAMPLES', 'x'], ['MEMORY', 'USAGE', 'k', 'SAMPLES', '-1'],
      ['MEMORY', 'USAGE', 'k', 'foo'], ['MEMORY', 'foo'], ['MEMORY'],
      ['DEBUG', 'OBJECT', 'nokey'], ['DEBUG', 'foo'], ['DEBUG', 'SLEEP', '0'], ['DEBUG', 'SLEEP', 'x'],
      ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'], ['DEBUG', 'CHANGE-REPL-ID'], ['DEBUG'],
      ['SHUTDOWN', 'ABORT'], ['SHUTDOWN', 'foo'], ['SHUTDOWN', 'NOSAVE', 'SAVE'], ['SHUTDOWN', 'ABORT', 'NOW'],
      ['LASTSAVE', 'x'], ['TIME', 'x']);
    await assertSameReplies(s.port, real.port, steps);
  });

  it('refuses DEBUG unless enable-debug-command allows it', async () => {
    await assertSameReplies(plain.port, realPlain.port, [['DEBUG', 'SLEEP', '0'], ['DEBUG', 'OBJECT', 'k']]);
  });
});
