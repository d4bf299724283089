// The socket transport end to end: the fast path (transport/fast-socket.ts) when Node's internals
// allow it, the plain one under RESPITE_PLAIN_SOCKETS=1; both must pass every case. The cases aim at
// what the fast path changes: one read buffer shared by every connection (data split across reads,
// interleaved connections), replies written in place (async writes, pendingBytes, drain, backpressure),
// close-after-reply with output still queued, output limits, and Unix sockets.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeCommand } from '../src/protocol/reply-reader.ts';
import type { Client } from '../src/server/client.ts';
import type { Server } from '../src/server/server.ts';
import { FastConnection } from '../src/transport/fast-socket.ts';
import { fastSocketsEnabled } from '../src/transport/socket.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';

/** Deterministic bytes covering all 256 values (a xorshift generator). */
function bytes(n: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 255;
  }
  return b;
}

function bulk(v: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`$${v.length}\r\n`), v, Buffer.from('\r\n')]);
}

/** Waits for a condition nothing signals (the server's write going asynchronous), for at most 5 s. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (cond()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** A socket that does not read until told: the server's replies pile up in the kernel, then in libuv. */
class SlowReader {
  readonly socket: net.Socket;
  #chunks: Buffer[] = [];
  #size = 0;
  #closed: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.pause();
    socket.on('error', () => {});
    this.#closed = new Promise((resolve) => socket.on('close', () => resolve()));
  }

  static connect(options: net.NetConnectOpts): Promise<SlowReader> {
    return new Promise((resolve, reject) => {
      const s = net.connect(options, () => resolve(new SlowReader(s)));
      s.once('error', reject);
    });
  }

  /** Starts reading; resolves once `n` bytes arrived. */
  async readBytes(n: number): Promise<Buffer> {
    this.socket.on('data', (c: Buffer) => {
      this.#chunks.push(c);
      this.#size += c.length;
    });
    this.socket.resume(); // a listener alone does not undo an explicit pause()
    await until(() => this.#size >= n || this.socket.destroyed, `${n} bytes`);
    return Buffer.concat(this.#chunks);
  }

  whenClosed(): Promise<void> {
    return this.#closed;
  }
}

/** The server-side client of the most recent connection. */
function lastClient(server: Server): Client {
  const all = [...server.clients.values()];
  return all[all.length - 1]!;
}

/** A slow reader and its server-side client. */
async function connectSlow(server: Server, options: net.NetConnectOpts): Promise<{ r: SlowReader; c: Client }> {
  const known = new Set(server.clients.keys());
  const r = await SlowReader.connect(options);
  let c: Client | undefined;
  await until(() => (c = [...server.clients.values()].find((x) => !known.has(x.id))) !== undefined, 'the accept');
  return { r, c: c! };
}

describe('transport', () => {
  let s: Started;
  const big = bytes(8 * 1024 * 1024, 7);

  before(async () => {
    s = await startServer();
    const r = await RawConnection.connect(s.port);
    assert.equal(await r.call('SET', 'big', big), 'OK');
    r.close();
  });
  after(() => s.stop());

  it('takes the fast path unless RESPITE_PLAIN_SOCKETS=1', async () => {
    assert.equal(fastSocketsEnabled, process.env.RESPITE_PLAIN_SOCKETS !== '1');
    const r = await RawConnection.connect(s.port);
    assert.equal(await r.call('PING'), 'PONG');
    assert.equal(lastClient(s.server).conn instanceof FastConnection, fastSocketsEnabled);
    r.close();
  });

  it('pipelined values of every size, split anywhere, on two interleaved connections', async () => {
    const sizes = [0, 1, 8, 9, 100, 16383, 32767, 32768, 40000, 65535, 65536, 65537, 200000];
    const conns = await Promise.all([RawConnection.connect(s.port), RawConnection.connect(s.port)]);
    const requests: Buffer[] = [];
    const expected: Buffer[] = [];
    for (let k = 0; k < 2; k++) {
      const req: Buffer[] = [];
      const exp: Buffer[] = [];
      sizes.forEach((n, i) => {
        const v = bytes(n, 1000 * k + i + 1);
        req.push(encodeCommand(['SET', `split:${k}:${i}`, v]), Buffer.from('PING\r\n'));
        exp.push(Buffer.from('+OK\r\n+PONG\r\n'));
      });
      sizes.forEach((n, i) => {
        req.push(encodeCommand(['GET', `split:${k}:${i}`]));
        exp.push(bulk(bytes(n, 1000 * k + i + 1)));
      });
      requests.push(Buffer.concat(req));
      expected.push(Buffer.concat(exp));
    }
    // Alternate small random pieces of both streams, letting the server read between them.
    const offsets = [0, 0];
    let rnd = 12345;
    while (offsets[0]! < requests[0]!.length || offsets[1]! < requests[1]!.length) {
      for (let k = 0; k < 2; k++) {
        rnd = (rnd * 1103515245 + 12345) & 0x7fffffff;
        const n = 1 + (rnd % 9000);
        const o = offsets[k]!;
        if (o < requests[k]!.length) conns[k]!.write(requests[k]!.subarray(o, o + n));
        offsets[k] = o + n;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (let k = 0; k < 2; k++) {
      const got: string[] = [];
      for (let i = 0; i < sizes.length * 3; i++) got.push(await conns[k]!.readRaw());
      assert.ok(Buffer.from(got.join(''), 'latin1').equals(expected[k]!), `stream ${k} differs`);
      conns[k]!.close();
    }
  });

  it('a reply bigger than the socket buffers: async writes, pendingBytes, backpressure, drain', async () => {
    const { r, c } = await connectSlow(s.server, { port: s.port, host: '127.0.0.1' });
    r.socket.write('GET big\r\nGET big\r\nGET big\r\nPING\r\n');
    await until(() => c.outputPaused, 'the server to stop reading');
    assert.ok(c.conn.pendingBytes > 0, 'libuv holds unsent bytes');
    const info = await RawConnection.connect(s.port);
    const list = (await info.call('CLIENT', 'LIST', 'ID', c.id)) as string;
    assert.ok(Number(/omem=(\d+)/.exec(list)![1]) > 0, list);
    info.close();
    const want = Buffer.concat([bulk(big), bulk(big), bulk(big), Buffer.from('+PONG\r\n')]);
    const got = await r.readBytes(want.length);
    assert.ok(got.equals(want), 'replies arrive whole and in order');
    await until(() => c.conn.pendingBytes === 0 && !c.outputPaused, 'the drain');
    r.socket.destroy();
  });

  it('QUIT closes after its reply, even with earlier output still queued', async () => {
    const { r, c } = await connectSlow(s.server, { port: s.port, host: '127.0.0.1' });
    r.socket.write('GET big\r\nQUIT\r\nPING\r\n');
    // The GET's reply fills the socket: the server stops before QUIT until the reader drains it.
    await until(() => c.outputPaused && c.conn.pendingBytes > 0, 'backpressure');
    assert.ok(!c.closing);
    const want = Buffer.concat([bulk(big), Buffer.from('+OK\r\n')]);
    const got = await r.readBytes(want.length);
    await r.whenClosed();
    assert.ok(c.closing);
    assert.ok(got.equals(want), 'the whole reply, then +OK, and nothing after QUIT');
  });

  it('a peer that closes is forgotten, also with a command half sent', async () => {
    for (const tail of ['', '*2\r\n$3\r\nGET\r\n$10\r\nabc']) {
      const { r, c } = await connectSlow(s.server, { port: s.port, host: '127.0.0.1' });
      r.socket.end('PING\r\n' + tail);
      await until(() => !s.server.clients.has(c.id), 'the disconnect');
      assert.ok(c.closing);
    }
  });

  it('a protocol error is sent before the connection closes', async () => {
    const r = await RawConnection.connect(s.port);
    r.write('*1\r\n$4\r\nPING\r\n*1\r\nx\r\n');
    assert.equal(await r.readRaw(), '+PONG\r\n');
    assert.equal(await r.readRaw(), "-ERR Protocol error: expected '$', got 'x'\r\n");
    await r.whenClosed();
  });

  it('client-output-buffer-limit counts what libuv holds and closes a slow reader', async () => {
    const admin = await RawConnection.connect(s.port);
    assert.equal(await admin.call('SET', 'v600k', bytes(600 * 1024, 3)), 'OK');
    assert.equal(await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1mb 0 0'), 'OK');
    const before = s.server.stats.clientOutputBufferLimitDisconnections;
    try {
      // One GET per read: each reply alone is under the limit, only the bytes libuv still holds
      // from earlier ones can push the client over it.
      const { r, c } = await connectSlow(s.server, { port: s.port, host: '127.0.0.1' });
      for (let i = 0; i < 100 && !c.closing; i++) {
        r.socket.write('GET v600k\r\n');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      assert.ok(c.closing && !c.outputPaused);
      assert.ok(s.server.stats.clientOutputBufferLimitDisconnections > before);
      r.socket.resume(); // to see the close
      await r.whenClosed();
    } finally {
      await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0 0');
      admin.close();
    }
  });

  it('a client that stops reading is paused and resumed without losing or reordering commands', async () => {
    const { r, c } = await connectSlow(s.server, { port: s.port, host: '127.0.0.1' });
    const n = 300;
    const cmds: Buffer[] = [];
    for (let i = 0; i < n; i++) cmds.push(encodeCommand(['GETRANGE', 'big', String(i), String(i + 65535)]));
    r.socket.write(Buffer.concat([...cmds, encodeCommand(['INCR', 'resumed'])]));
    await until(() => c.outputPaused, 'backpressure');
    const want = Buffer.concat([...cmds.map((_, i) => bulk(big.subarray(i, i + 65536))), Buffer.from(':1\r\n')]);
    const got = await r.readBytes(want.length);
    assert.ok(got.equals(want));
    r.socket.destroy();
  });
});

describe('transport: fairness and write batching', () => {
  let s: Started;
  before(async () => {
    s = await startServer();
  });
  after(() => s.stop());

  it('reads a client that streams a long pipeline one full buffer per turn, serving others between', { skip: !fastSocketsEnabled && 'fast path only' }, async () => {
    // Both clients' bytes wait in the kernel while this (the server's) thread is held; then the
    // server must not take more than one 64 KB read of the flood before reading the other client
    // (libuv alone reads a socket up to 32 times in a row while each read fills the buffer).
    const flood = net.connect({ port: s.port, host: '127.0.0.1' });
    await new Promise<void>((resolve) => flood.once('connect', () => resolve()));
    const other = await RawConnection.connect(s.port);
    assert.equal(await other.call('PING'), 'PONG');
    const otherId = lastClient(s.server).id;
    const reads: [number, number][] = [];
    const onInput = s.server.onInput.bind(s.server);
    s.server.onInput = (c: Client, chunk: Buffer): void => {
      reads.push([c.id, chunk.length]);
      onInput(c, chunk);
    };
    try {
      const n = 100_000;
      const pongs = new Promise<void>((resolve) => {
        let got = 0;
        flood.on('data', (d: Buffer) => {
          got += d.length;
          if (got === n * 7) resolve();
        });
      });
      flood.write('PING\r\n'.repeat(n));
      other.send('PING');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30); // let the kernel move it all
      assert.equal(await other.read(), 'PONG');
      await pongs;
      const firstOther = reads.findIndex(([id]) => id === otherId);
      const floodBefore = reads.slice(0, firstOther).reduce((sum, [, len]) => sum + len, 0);
      assert.ok(floodBefore <= 64 * 1024, `${floodBefore} bytes of the flood were read before the other client`);
    } finally {
      s.server.onInput = onInput;
      flood.destroy();
      other.close();
    }
  });

  it('writes a subscriber once per turn for several publishers, ahead of their replies', async () => {
    const sub = await RawConnection.connect(s.port);
    sub.send('SUBSCRIBE', 'ch');
    await sub.read();
    const subscriber = lastClient(s.server);
    const publishers: RawConnection[] = [];
    const clients = [subscriber];
    for (let i = 0; i < 2; i++) {
      const p = await RawConnection.connect(s.port);
      assert.equal(await p.call('PING'), 'PONG');
      publishers.push(p);
      clients.push(lastClient(s.server));
    }
    const writes: number[] = [];
    for (const c of clients) {
      const flush = c.flush.bind(c);
      c.flush = (): void => {
        if (c.w.len > 0) writes.push(c.id);
        flush();
      };
    }
    try {
      publishers[0]!.send('PUBLISH', 'ch', 'one');
      publishers[1]!.send('PUBLISH', 'ch', 'two');
      // Both requests wait in the kernel while this (the server's) thread is held: one turn reads both.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
      for (const p of publishers) assert.equal(await p.read(), 1);
      const got = [await sub.read(), await sub.read()].map((m) => (m as string[])[2]).sort();
      assert.deepEqual(got, ['one', 'two']);
      // One write to the subscriber carrying both messages, before either publisher's reply.
      assert.equal(writes.length, 3, `writes by client id: ${writes.join(' ')}`);
      assert.equal(writes[0], subscriber.id);
      assert.deepEqual(writes.slice(1).sort(), [clients[1]!.id, clients[2]!.id].sort());
    } finally {
      for (const c of clients) delete (c as { flush?: unknown }).flush;
      sub.close();
      for (const p of publishers) p.close();
    }
  });
});

describe('transport over a Unix socket', () => {
  let s: Started;
  let dir: string;
  let path: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'respite-transport-'));
    path = join(dir, 'respite.sock');
    s = await startServer({ config: { unixsocket: path } });
  });
  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves pipelined commands and big replies the same way', async () => {
    const r = await RawConnection.connectTo({ path });
    const c = lastClient(s.server);
    assert.equal(c.conn.kind, 'unix');
    assert.equal(c.conn instanceof FastConnection, fastSocketsEnabled);
    const v = bytes(3 * 1024 * 1024, 11);
    r.write(Buffer.concat([encodeCommand(['SET', 'u', v]), encodeCommand(['GET', 'u']), encodeCommand(['STRLEN', 'u'])]));
    assert.equal(await r.readRaw(), '+OK\r\n');
    assert.ok(Buffer.from(await r.readRaw(), 'latin1').equals(bulk(v)));
    assert.equal(await r.readRaw(), `:${v.length}\r\n`);
    const list = (await r.call('CLIENT', 'LIST', 'ID', c.id)) as string;
    assert.match(list, new RegExp(`addr=${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:0 `));
    r.close();
  });

  it('a slow Unix reader gets its replies whole after backpressure', async () => {
    const { r, c } = await connectSlow(s.server, { path });
    r.socket.write('GET u\r\nGET u\r\nECHO done\r\n');
    await until(() => c.conn.pendingBytes > 0, 'an asynchronous write');
    const v = bytes(3 * 1024 * 1024, 11);
    const want = Buffer.concat([bulk(v), bulk(v), bulk(Buffer.from('done'))]);
    assert.ok((await r.readBytes(want.length)).equals(want));
    r.socket.destroy();
  });
});
