// MONITOR: Redis's line format and quoting, redaction of AUTH/HELLO secrets, hidden admin commands,
// RESET and disconnect; compared line by line with the real redis-server (timestamps and addresses
// masked), and used through ioredis's monitor() as a user would.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { ManualClock, RawConnection, startServer, type Started } from './helpers/server.ts';
import { allHandlers } from '../src/commands/families.ts';
import { assertSameReplies } from './helpers/differential.ts';
import { SKIP_NO_REDIS, startRealRedis, type RealRedis } from './helpers/real-redis.ts';

/** Sends each command from one client and returns what a monitoring client saw, masked. */
async function monitored(port: number, steps: string[][]): Promise<string[]> {
  const m = await RawConnection.connect(port);
  const a = await RawConnection.connect(port);
  try {
    assert.equal(await m.call('MONITOR'), 'OK');
    for (const step of steps) await a.call(...step);
    await a.call('ECHO', '__end__');
    const lines: string[] = [];
    for (;;) {
      const raw = await m.readRaw();
      assert.match(raw, /^\+\d+\.\d{6} \[\d+ [^\]]+\] .*\r\n$/);
      if (raw.includes('"__end__"')) break;
      lines.push(raw.replace(/^\+\d+\.\d{6} \[(\d+) [^\]]+\]/, '+T [$1 ADDR]'));
    }
    return lines;
  } finally {
    m.close();
    a.close();
  }
}

const STEPS: string[][] = [
  ['SET', 'k', 'v'],
  ['get', 'k'],
  ['SET', 'quote"back\\slash', 'nl\r\ntab\tbell\x07bs\x08 \x00\x01\xff\x7f~'],
  ['SELECT', '3'],
  ['INCRBY', 'n', '12'],
  ['SELECT', '0'],
  ['AUTH', 'secret'],
  ['AUTH', 'user', 'secret'],
  ['AUTH', 'a', 'b', 'c'],
  ['HELLO', '2', 'AUTH', 'default', 'secret'],
  ['HELLO', '2', 'SETNAME', 'me', 'AUTH', 'default', 'secret'],
  ['CONFIG', 'GET', 'maxmemory'],
  ['CLIENT', 'LIST'],
  ['CLIENT', 'ID'],
  ['DEBUG', 'SLEEP', '0'],
  ['SLOWLOG', 'LEN'],
  ['NOSUCHCOMMAND', 'x'],
  ['GET'],
  ['GET', 'k', 'extra'],
  ['SADD', 'k', 'x'],
  ['PING'],
];

describe('MONITOR vs the real redis-server', { skip: SKIP_NO_REDIS }, () => {
  let s: Started;
  let real: RealRedis;
  before(async () => {
    s = await startServer();
    real = await startRealRedis(['--enable-debug-command', 'yes']);
  });
  after(async () => {
    await s.stop();
    await real.stop();
  });

  it('shows the same lines (quoting, redaction, hidden and rejected commands, databases)', async () => {
    const ours = await monitored(s.port, STEPS);
    const theirs = await monitored(real.port, STEPS);
    assert.deepEqual(ours, theirs);
    assert.ok(ours.includes('+T [0 ADDR] "AUTH" "(redacted)" "(redacted)"\r\n'));
  });

  it('shows transactions as Redis: MULTI, the commands as EXEC runs them, then EXEC', {
    skip: allHandlers().has('multi') ? false : 'MULTI/EXEC are not implemented yet',
  }, async () => {
    const steps = [['MULTI'], ['SET', 'a', '1'], ['GET', 'a'], ['EXEC'], ['MULTI'], ['SET', 'a'], ['EXEC'],
      ['MULTI'], ['MONITOR'], ['EXEC'], ['DISCARD']];
    assert.deepEqual(await monitored(s.port, steps), await monitored(real.port, steps));
    await assertSameReplies(s.port, real.port, [['MULTI'], ['MONITOR'], ['EXEC']]);
  });
});

describe('MONITOR', () => {
  let s: Started;
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 7) + 250);
  before(async () => {
    s = await startServer({ clock, config: { enable_debug_command: 'yes' } });
  });
  after(async () => {
    await s.stop();
  });

  it('prints the clock, the database and the peer address; the monitor sees its own commands', async () => {
    const m = await RawConnection.connect(s.port);
    await m.call('MONITOR');
    const a = await RawConnection.connect(s.port);
    await a.call('SET', 'k', '1');
    const local = `${a.socket.localAddress}:${a.socket.localPort}`;
    const secs = Math.floor(clock.now() / 1000);
    assert.equal(await m.readRaw(), `+${secs}.250000 [0 ${local}] "SET" "k" "1"\r\n`);
    // A second MONITOR is ignored without a reply; the monitor's PING is shown after its reply.
    m.send('MONITOR');
    m.send('PING');
    assert.equal(await m.readRaw(), '+PONG\r\n');
    assert.match(await m.readRaw(), /"PING"\r\n$/);
    const list = await a.call('CLIENT', 'LIST');
    assert.equal(typeof list, 'string');
    assert.match(list as string, /flags=O /);
    // RESET leaves monitor mode.
    assert.equal(await m.call('RESET'), 'RESET');
    await a.call('SET', 'k', '2');
    assert.equal(await m.call('PING'), 'PONG');
    a.close();
    m.close();
  });

  it('names Unix socket clients unix:<path>, as Redis', async () => {
    const path = join(tmpdir(), `respite-monitor-${process.pid}.sock`);
    const u = await startServer({ config: { unixsocket: path } });
    try {
      const m = await RawConnection.connectTo({ path });
      await m.call('MONITOR');
      const a = await RawConnection.connectTo({ path });
      await a.call('SET', 'k', '1');
      assert.match(await m.readRaw(), new RegExp(`^\\+\\d+\\.\\d{6} \\[0 unix:${path}\\] "SET" "k" "1"\r\n$`));
      a.close();
      m.close();
    } finally {
      await u.stop();
    }
  });

  it('stops feeding a monitor that disconnected', async () => {
    const m = await RawConnection.connect(s.port);
    await m.call('MONITOR');
    m.close();
    await m.whenClosed();
    const a = await RawConnection.connect(s.port);
    for (let i = 0; i < 5 && s.server.clients.size > 1; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(await a.call('SET', 'k', '1'), 'OK');
    a.close();
  });

  it('works with ioredis monitor()', async () => {
    const r = new Redis({ port: s.port, lazyConnect: true });
    const w = new Redis({ port: s.port, lazyConnect: true });
    await r.connect();
    await w.connect();
    const mon = await r.monitor();
    try {
      const seen: { args: string[]; db: string }[] = [];
      const got = new Promise<void>((resolve) => {
        mon.on('monitor', (_time: string, args: string[], _source: string, database: string) => {
          if (args[0] === 'set' || args[0] === 'get') seen.push({ args, db: database });
          if (args[0] === 'get') resolve();
        });
      });
      await w.set('greeting', 'hello world');
      await w.get('greeting');
      await got;
      assert.deepEqual(seen.map((x) => x.args), [['set', 'greeting', 'hello world'], ['get', 'greeting']]);
      assert.equal(seen[0]!.db, '0');
    } finally {
      mon.disconnect();
      r.disconnect();
      w.disconnect();
    }
  });
});
