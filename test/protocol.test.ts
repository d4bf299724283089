// The request protocol over real sockets: a corpus of requests (multibulk, inline, quoted inline,
// mixed pipelines, big arguments, empty and negative counts) split at every byte offset and in
// seeded random chunkings must get the same replies; 10k pipelined commands are answered in order.
// Protocol errors are in protocol-errors.test.ts.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startServer, type Started } from './helpers/server.ts';

function encode(...argv: string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** A socket that sends exact byte pieces, each in its own read on the server, and collects replies. */
class Wire {
  readonly sock: net.Socket;
  received = '';
  #waiters: (() => void)[] = [];

  private constructor(sock: net.Socket) {
    this.sock = sock;
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => {
      this.received += d.toString('latin1');
      this.#wake();
    });
    sock.on('close', () => this.#wake());
  }

  static async open(port: number): Promise<Wire> {
    const sock = net.connect(port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    return new Wire(sock);
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  /** Resolves once the server has read `total` input bytes (so the next write is a separate read). */
  static async serverRead(s: Started, total: number): Promise<void> {
    while (s.server.stats.netInputBytes < total) await new Promise((r) => setImmediate(r));
  }

  /** Waits until `n` bytes of replies have arrived, then returns and clears them. */
  async take(n: number): Promise<string> {
    while (this.received.length < n && !this.sock.destroyed) {
      await new Promise<void>((r) => this.#waiters.push(r));
    }
    const out = this.received.slice(0, n);
    this.received = this.received.slice(n);
    return out;
  }

  close(): void {
    this.sock.destroy();
  }
}

/** Requests whose replies do not depend on what ran before them. */
const BIG = 'B'.repeat(40 * 1024);
const CORPUS: { name: string; req: string; cuts?: number[] }[] = [
  { name: 'multibulk', req: encode('SET', 'k', 'hello') + encode('GET', 'k') },
  { name: 'binary multibulk', req: encode('SET', 'bin', '\x00\r\n\xff') + encode('GET', 'bin') },
  { name: 'inline', req: 'SET k2 v2\r\nGET k2\r\nPING\n' },
  { name: 'quoted inline', req: 'ECHO "a b\\x41\\n"\r\nECHO \'it\\\'s\'\r\n  PING   "x y"  \r\n' },
  { name: 'empty requests', req: '\r\n\n*0\r\n*-1\r\n' + encode('PING') + '*-5\r\n' },
  { name: 'mixed pipeline', req: encode('SET', 'n', '0') + 'INCR n\r\n' + encode('INCRBY', 'n', '41') + 'GET n\r\n' + encode('ECHO', '') },
  { name: 'errors that keep the connection', req: 'NOSUCH a b\r\n' + encode('GET') + 'GET\r\n' },
  { name: 'big argument', req: encode('SET', 'big', BIG) + encode('GET', 'big') + 'PING\r\n' },
];

describe('protocol: requests split anywhere', () => {
  let s: Started;
  const expected = new Map<string, string>();
  before(async () => {
    s = await startServer();
    for (const item of CORPUS) {
      const w = await Wire.open(s.port);
      w.sock.write(Buffer.from(item.req, 'latin1'));
      // The replies end when nothing more comes: every corpus item ends with a short reply.
      await new Promise((r) => setTimeout(r, 30));
      expected.set(item.name, w.received);
      w.close();
    }
  });
  after(() => s.stop());

  it('the corpus gets the replies Redis gives', () => {
    assert.equal(expected.get('multibulk'), '+OK\r\n$5\r\nhello\r\n');
    assert.equal(expected.get('inline'), '+OK\r\n$2\r\nv2\r\n+PONG\r\n');
    assert.equal(expected.get('quoted inline'), '$5\r\na bA\n\r\n$4\r\nit\'s\r\n$3\r\nx y\r\n');
    assert.equal(expected.get('empty requests'), '+PONG\r\n');
    assert.equal(expected.get('mixed pipeline'), '+OK\r\n:1\r\n:42\r\n$2\r\n42\r\n$0\r\n\r\n');
    assert.equal(expected.get('big argument'), `+OK\r\n$${BIG.length}\r\n${BIG}\r\n+PONG\r\n`);
  });

  for (const item of CORPUS) {
    it(`${item.name}: split at every byte offset`, async () => {
      const want = expected.get(item.name)!;
      const w = await Wire.open(s.port);
      const bytes = Buffer.from(item.req, 'latin1');
      // Every offset for small requests; for the big one, every offset of its head and tail and a
      // stride through the middle.
      const offsets: number[] = [];
      for (let k = 1; k < bytes.length; k++) {
        if (bytes.length < 2000 || k < 300 || k > bytes.length - 300 || k % 997 === 0) offsets.push(k);
      }
      for (const k of offsets) {
        const before = s.server.stats.netInputBytes;
        w.sock.write(bytes.subarray(0, k));
        await Wire.serverRead(s, before + k);
        w.sock.write(bytes.subarray(k));
        assert.equal(await w.take(want.length), want, `split at ${k}`);
      }
      w.close();
    });
  }

  it('the whole corpus in seeded random chunkings', async () => {
    const all = Buffer.from(CORPUS.map((c) => c.req).join(''), 'latin1');
    const want = CORPUS.map((c) => expected.get(c.name)!).join('');
    let seed = 20261121;
    const rand = (n: number): number => {
      // xorshift32: deterministic chunk sizes for a reproducible run.
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const w = await Wire.open(s.port);
    for (let round = 0; round < 8; round++) {
      let pos = 0;
      while (pos < all.length) {
        const size = 1 + rand(round % 2 === 0 ? 16 : 9000);
        const before = s.server.stats.netInputBytes;
        const piece = all.subarray(pos, pos + size);
        w.sock.write(piece);
        await Wire.serverRead(s, before + piece.length);
        pos += piece.length;
      }
      assert.equal(await w.take(want.length), want, `round ${round}`);
    }
    w.close();
  });

  it('answers 10k pipelined commands from one write, in order', async () => {
    const w = await Wire.open(s.port);
    let req = encode('SET', 'ctr', '0');
    let want = '+OK\r\n';
    for (let i = 1; i <= 10000; i++) {
      req += i % 2 === 0 ? encode('INCR', 'ctr') : 'INCR ctr\r\n';
      want += `:${i}\r\n`;
    }
    w.sock.write(Buffer.from(req, 'latin1'));
    assert.equal(await w.take(want.length), want);
    w.close();
  });
});
