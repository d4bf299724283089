// Server-side connection behaviour: maxclients, the idle timeout, client-query-buffer-limit,
// client-output-buffer-limit (hard and soft), backpressure, one write per read batch, and TCP plus
// Unix-socket listeners at once. Socket-level where it matters; a fake Connection where the test
// must control what the socket holds.

import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { Verbatim } from '../src/protocol/reply-reader.ts';
import type { Client, Connection } from '../src/server/client.ts';
import type { OutputLimit } from '../src/server/config.ts';
import { Server } from '../src/server/server.ts';
import { OUTPUT_HIGH_WATER } from '../src/server/output.ts';
import { joinHostPort } from '../src/transport/socket.ts';
import { SKIP_NO_REDIS, startRealRedis } from './helpers/real-redis.ts';
import { ManualClock, RawConnection, startServer } from './helpers/server.ts';

const NONE: OutputLimit = { hard: 0, soft: 0, softSeconds: 0 };

function limits(normal: OutputLimit): { normal: OutputLimit; replica: OutputLimit; pubsub: OutputLimit } {
  return { normal, replica: NONE, pubsub: NONE };
}

/** A connection whose unsent byte count the test sets; it records writes and flow control. */
class FakeConnection implements Connection {
  readonly kind = 'tcp';
  readonly remoteAddress = '127.0.0.1:5000';
  readonly localAddress = '127.0.0.1:6379';
  readonly fd = 99;
  pendingBytes = 0;
  /** When true, every write stays pending (a peer that does not read). */
  stuck = false;
  writes: Buffer[] = [];
  paused = false;
  closed = false;
  destroyed = false;
  write(data: Buffer): void {
    this.writes.push(data);
    if (this.stuck) this.pendingBytes += data.length;
  }
  pauseReading(): void {
    this.paused = true;
  }
  resumeReading(): void {
    this.paused = false;
  }
  close(): void {
    this.closed = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  text(): string {
    return Buffer.concat(this.writes).toString('latin1');
  }
}

function fakeServer(options: ConstructorParameters<typeof Server>[0] = {}): { server: Server; logs: string[] } {
  const logs: string[] = [];
  const server = new Server({ log: (l) => logs.push(l), ...options });
  return { server, logs };
}

function connect(server: Server): { c: Client; conn: FakeConnection } {
  const conn = new FakeConnection();
  const c = server.accept(conn);
  assert.ok(c !== null);
  return { c, conn };
}

function resp(...args: string[]): Buffer {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return Buffer.from(s, 'latin1');
}

describe('maxclients', () => {
  it('refuses the connection past the limit with Redis\'s error, then closes', async () => {
    const s = await startServer({ config: { maxclients: 2 } });
    try {
      const a = await RawConnection.connect(s.port);
      const b = await RawConnection.connect(s.port);
      assert.equal(await a.call('PING'), 'PONG');
      assert.equal(await b.call('PING'), 'PONG');
      const c = await RawConnection.connect(s.port);
      assert.equal(await c.readRaw(), '-ERR max number of clients reached\r\n');
      await c.whenClosed();
      assert.equal(s.server.stats.rejectedConnections, 1);
      a.close();
      await a.whenClosed();
      await new Promise((r) => setTimeout(r, 20));
      const d = await RawConnection.connect(s.port);
      assert.equal(await d.call('PING'), 'PONG');
      b.close();
      d.close();
    } finally {
      await s.stop();
    }
  });
});

describe('closing', () => {
  it('QUIT closes the socket fully even when the peer keeps its side open', async () => {
    const s = await startServer();
    const sock = net.connect({ port: s.port, host: '127.0.0.1', allowHalfOpen: true });
    await new Promise((r) => sock.once('connect', r));
    let got = '';
    sock.on('data', (d: Buffer) => (got += d.toString('latin1')));
    const ended = new Promise((r) => sock.once('end', r));
    sock.write('QUIT\r\n');
    await ended;
    assert.equal(got, '+OK\r\n');
    assert.equal(s.server.clients.size, 0);
    // stop() waits for every connection: it returns only because ours is really closed.
    await s.stop();
    sock.destroy();
  });
});

describe('timeout', () => {
  it('closes idle clients from the cron, sparing blocked, pub/sub and MONITOR ones', async () => {
    const clock = new ManualClock();
    const s = await startServer({ clock, config: { timeout: 2 } });
    try {
      const idle = await RawConnection.connect(s.port);
      const busy = await RawConnection.connect(s.port);
      const sub = await RawConnection.connect(s.port);
      const mon = await RawConnection.connect(s.port);
      await Promise.all([idle, busy, sub].map((c) => c.call('PING')));
      const subId = await sub.call('CLIENT', 'ID');
      s.server.clients.get(subId as number)!.subs = 1; // as SUBSCRIBE would
      assert.equal(await mon.call('MONITOR'), 'OK');
      clock.advance(1500);
      assert.equal(await busy.call('PING'), 'PONG');
      clock.advance(1000);
      s.server.cron();
      await idle.whenClosed();
      assert.equal(busy.closed, false);
      clock.advance(2001);
      s.server.cron();
      await busy.whenClosed();
      assert.equal(sub.closed, false);
      assert.equal(mon.closed, false);
      sub.close();
      mon.close();
    } finally {
      await s.stop();
    }
  });
});

describe('client-query-buffer-limit', () => {
  it('closes a client whose pending request outgrows the limit', async () => {
    const logs: string[] = [];
    const s = await startServer({ config: { clientQueryBufferLimit: 1024 * 1024 }, log: (l) => logs.push(l) });
    try {
      const c = await RawConnection.connect(s.port);
      c.write(`*2\r\n$3\r\nSET\r\n$${2 * 1024 * 1024}\r\n`);
      c.write(Buffer.alloc(1024 * 1024 + 100, 120));
      await c.whenClosed();
      assert.equal(s.server.stats.clientQueryBufferLimitDisconnections, 1);
      assert.ok(logs.some((l) => l.includes('Closing client that reached max query buffer length: id=')));
      assert.ok(logs.some((l) => l.includes('(qbuf initial bytes: "xxxxxxxx')));
      const d = await RawConnection.connect(s.port);
      assert.equal(await d.call('PING'), 'PONG');
      d.close();
    } finally {
      await s.stop();
    }
  });
});

describe('client-output-buffer-limit', () => {
  it('hard limit: a reply past it closes the client without sending it', async () => {
    const logs: string[] = [];
    const s = await startServer({
      config: { clientOutputBufferLimit: limits({ hard: 1024 * 1024, soft: 0, softSeconds: 0 }) },
      log: (l) => logs.push(l),
    });
    try {
      const c = await RawConnection.connect(s.port);
      assert.equal(await c.call('SET', 'big', 'x'.repeat(2 * 1024 * 1024)), 'OK');
      assert.equal((await c.call('GETRANGE', 'big', '0', '9')), 'xxxxxxxxxx');
      c.send('GET', 'big');
      await c.whenClosed();
      assert.equal(s.server.stats.clientOutputBufferLimitDisconnections, 1);
      assert.ok(logs.some((l) => /Client id=\d+ .* scheduled to be closed ASAP for overcoming of output buffer limits\./.test(l)));
    } finally {
      await s.stop();
    }
  });

  it('hard limit: redis-server closes the same way', { skip: SKIP_NO_REDIS }, async () => {
    const r = await startRealRedis(['--client-output-buffer-limit', 'normal 1mb 0 0']);
    try {
      const c = await RawConnection.connect(r.port);
      assert.equal(await c.call('SET', 'big', 'x'.repeat(2 * 1024 * 1024)), 'OK');
      c.send('GET', 'big');
      await c.whenClosed();
    } finally {
      await r.stop();
    }
  });

  it('soft limit: closes after staying over it for longer than its seconds', () => {
    const clock = new ManualClock();
    const { server, logs } = fakeServer({
      clock, config: { clientOutputBufferLimit: limits({ hard: 0, soft: 1000, softSeconds: 2 }) },
    });
    const { c, conn } = connect(server);
    conn.pendingBytes = 5000;
    server.onInput(c, Buffer.from('PING\r\n'));
    assert.equal(conn.destroyed, false);
    assert.ok(c.softLimitSince > 0);
    clock.advance(2000);
    server.cron();
    assert.equal(conn.destroyed, false);
    clock.advance(1000);
    server.cron();
    assert.equal(conn.destroyed, true);
    assert.ok(logs.some((l) => l.includes('closed for overcoming of output buffer limits.')));
    assert.equal(server.stats.clientOutputBufferLimitDisconnections, 1);
  });

  it('the limit of the client\'s class applies: pub/sub clients have their own', () => {
    const { server } = fakeServer({
      config: { clientOutputBufferLimit: { normal: NONE, replica: NONE, pubsub: { hard: 1000, soft: 0, softSeconds: 0 } } },
    });
    const normal = connect(server);
    const sub = connect(server);
    sub.c.subs = 1; // as SUBSCRIBE would
    for (const x of [normal, sub]) {
      x.conn.pendingBytes = 5000;
      server.onInput(x.c, Buffer.from('PING\r\n'));
    }
    assert.equal(normal.conn.destroyed, false);
    assert.equal(sub.conn.destroyed, true);
    assert.equal(server.clients.size, 1);
  });

  it('soft limit: dropping below it restarts the clock', () => {
    const clock = new ManualClock();
    const { server } = fakeServer({
      clock, config: { clientOutputBufferLimit: limits({ hard: 0, soft: 1000, softSeconds: 1 }) },
    });
    const { c, conn } = connect(server);
    conn.pendingBytes = 5000;
    server.onInput(c, Buffer.from('PING\r\n'));
    clock.advance(1000);
    conn.pendingBytes = 10;
    server.cron();
    assert.equal(c.softLimitSince, 0);
    conn.pendingBytes = 5000;
    clock.advance(1000);
    server.cron();
    clock.advance(1000);
    server.cron();
    assert.equal(conn.destroyed, false);
  });
});

describe('batching and backpressure', () => {
  it('answers a whole read batch with one write', () => {
    const { server } = fakeServer();
    const { c, conn } = connect(server);
    const batch = Buffer.concat([resp('SET', 'a', '1'), Buffer.from('PING\r\nGET a\r\n'), resp('INCR', 'n')]);
    server.onInput(c, batch);
    assert.equal(conn.writes.length, 1);
    assert.equal(conn.text(), '+OK\r\n+PONG\r\n$1\r\n1\r\n:1\r\n');
    // A batch split over reads gets one write per read that completed something.
    server.onInput(c, Buffer.from('PI'));
    assert.equal(conn.writes.length, 1);
    server.onInput(c, Buffer.from('NG\r\n'));
    assert.equal(conn.writes.length, 2);
  });

  it('stops running and reading a client whose output does not drain, resumes on drain', () => {
    const { server } = fakeServer();
    const { c, conn } = connect(server);
    server.onInput(c, resp('SET', 'v', 'x'.repeat(400 * 1024)));
    conn.stuck = true;
    const gets: Buffer[] = [];
    for (let i = 0; i < 20; i++) gets.push(resp('GET', 'v'));
    server.onInput(c, Buffer.concat(gets));
    assert.equal(conn.paused, true);
    assert.equal(c.outputPaused, true);
    // Memory stays near the high-water mark instead of 8 MB.
    assert.ok(c.outputBytes < OUTPUT_HIGH_WATER + 400 * 1024 + 100, String(c.outputBytes));
    let replies = (conn.text().match(/\$409600\r\n/g) ?? []).length;
    assert.ok(replies < 20);
    for (let rounds = 0; c.outputPaused && rounds < 50; rounds++) {
      conn.pendingBytes = 0;
      server.onDrain(c);
    }
    assert.equal(conn.paused, false);
    replies = (conn.text().match(/\$409600\r\n/g) ?? []).length;
    assert.equal(replies, 20);
  });

  it('over a real socket: a client pipelining big replies without reading keeps our memory bounded', async () => {
    const s = await startServer();
    try {
      const value = 'v'.repeat(100 * 1024);
      const setup = await RawConnection.connect(s.port);
      await setup.call('SET', 'big', value);
      setup.close();
      const N = 300;
      const expected = N * (value.length + '$102400\r\n\r\n'.length);
      const sock = net.connect(s.port, '127.0.0.1');
      await new Promise((r) => sock.once('connect', r));
      sock.pause();
      sock.write(Buffer.concat(Array.from({ length: N }, () => resp('GET', 'big'))));
      await new Promise((r) => setTimeout(r, 150));
      const c = [...s.server.clients.values()].at(-1)!;
      assert.equal(c.outputPaused, true);
      assert.ok(c.outputBytes < 4 * OUTPUT_HIGH_WATER, `held ${c.outputBytes} bytes`);
      let received = 0;
      await new Promise<void>((resolve) => {
        sock.on('data', (d: Buffer) => {
          received += d.length;
          if (received >= expected) resolve();
        });
        sock.resume();
      });
      assert.equal(received, expected);
      sock.destroy();
    } finally {
      await s.stop();
    }
  });
});

/** A non-loopback IPv4 address of this host, to connect from somewhere other than loopback. */
function externalAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

describe('protected mode', () => {
  const external = externalAddress();
  it('refuses non-loopback peers while no password is set, as redis-server does', { skip: external === null ? 'no non-loopback interface' : false }, async () => {
    const s = await startServer({ config: { bind: ['0.0.0.0'], protectedMode: true } });
    try {
      const far = await RawConnection.connect(s.port, external!);
      const denied = await far.readRaw();
      assert.ok(denied.startsWith('-DENIED Redis is running in protected mode because protected mode is enabled'));
      await far.whenClosed();
      const near = await RawConnection.connect(s.port);
      assert.equal(await near.call('PING'), 'PONG');
      near.close();
      s.server.config.values.requirepass = 'pw';
      // With a password, remote peers may connect (and must authenticate).
      const far2 = await RawConnection.connect(s.port, external!);
      far2.send('PING');
      assert.equal(await far2.readRaw(), '-NOAUTH Authentication required.\r\n');
      far2.close();
      if (!SKIP_NO_REDIS) {
        const r = await startRealRedis(['--bind', '0.0.0.0', '--protected-mode', 'yes']);
        try {
          const theirs = await RawConnection.connect(r.port, external!);
          assert.equal(await theirs.readRaw(), denied);
          theirs.close();
        } finally {
          await r.stop();
        }
      }
    } finally {
      await s.stop();
    }
  });
});

describe('listeners', () => {
  it('formats addresses as Redis does: IPv6 in brackets, IPv4-mapped unwrapped', () => {
    assert.equal(joinHostPort('127.0.0.1', 5), '127.0.0.1:5');
    assert.equal(joinHostPort('::1', 6379), '[::1]:6379');
    assert.equal(joinHostPort('::ffff:10.1.2.3', 7), '10.1.2.3:7');
  });

  it('shows an IPv6 peer in brackets, as redis-server does', async (t) => {
    let s: Awaited<ReturnType<typeof startServer>>;
    try {
      s = await startServer({ config: { bind: ['::1'] } });
    } catch {
      t.skip('no IPv6 loopback');
      return;
    }
    try {
      const c = await RawConnection.connect(s.port, '::1');
      const info = await c.call('CLIENT', 'INFO');
      assert.ok(info instanceof Verbatim || typeof info === 'string');
      assert.match(info.toString(), new RegExp(` addr=\\[::1\\]:${c.socket.localPort} laddr=\\[::1\\]:${s.port} `));
      c.close();
    } finally {
      await s.stop();
    }
  });

  it('serves TCP and a Unix socket at once, with unixsocketperm', async () => {
    const path = join(tmpdir(), `respite-test-${process.pid}.sock`);
    const port = await new Promise<number>((resolve) => {
      const t = net.createServer().listen(0, '127.0.0.1', () => {
        const a = t.address() as net.AddressInfo;
        t.close(() => resolve(a.port));
      });
    });
    const s = await startServer({ config: { port, unixsocket: path, unixsocketperm: 0o700 } });
    try {
      assert.equal(statSync(path).mode & 0o777, 0o700);
      const viaUnix = new Redis({ path });
      const viaTcp = new Redis(port, '127.0.0.1');
      assert.equal(await viaUnix.set('shared', 'yes'), 'OK');
      assert.equal(await viaTcp.get('shared'), 'yes');
      const info = await viaUnix.client('INFO');
      assert.match(info, new RegExp(` addr=${path}:0 laddr=${path}:0 `));
      assert.match(info, / flags=U /);
      assert.match(await viaTcp.client('INFO'), / flags=N /);
      const raw = await RawConnection.connectTo({ path });
      raw.write('*1\r\n$4\r\nPING\r\n');
      assert.equal(await raw.readRaw(), '+PONG\r\n');
      raw.close();
      viaUnix.disconnect();
      viaTcp.disconnect();
    } finally {
      await s.stop();
    }
    assert.throws(() => statSync(path));
  });
});
