// Starting servers for tests: Respite in-process on a random port (port 0), with an optional
// clock the test advances; plus raw connections that send bytes and read exact replies.

import net from 'node:net';
import { Redis } from 'ioredis';
import { Server, type ServerOptions } from '../../src/server/server.ts';
import type { Clock } from '../../src/store/keyspace.ts';
import { encodeCommand, ReplyReader, type ReplyValue } from '../../src/protocol/reply-reader.ts';

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  t: number;
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Started {
  server: Server;
  port: number;
  stop(): Promise<void>;
}

/** Starts Respite on 127.0.0.1 and a random port. Log lines are kept quiet unless RESPITE_TEST_LOG is set. */
export async function startServer(options: ServerOptions = {}): Promise<Started> {
  const server = new Server({
    log: process.env.RESPITE_TEST_LOG ? undefined : () => {},
    ...options,
    config: { port: 0, bind: ['127.0.0.1'], ...options.config },
  });
  await server.start();
  return { server, port: server.port, stop: () => server.stop() };
}

/**
 * A raw connection: write any bytes, read replies one at a time (decoded or as exact bytes), and
 * learn when the server closes. For protocol tests and differential comparisons.
 */
export class RawConnection {
  readonly socket: net.Socket;
  readonly #reader = new ReplyReader();
  #waiters: (() => void)[] = [];
  closed = false;
  readonly #closedPromise: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#reader.feed(chunk);
      this.#wake();
    });
    this.#closedPromise = new Promise((resolve) =>
      socket.on('close', () => {
        this.closed = true;
        this.#wake();
        resolve();
      }),
    );
    socket.on('error', () => {});
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawConnection> {
    return RawConnection.connectTo({ port, host });
  }

  static connectTo(options: net.NetConnectOpts): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const s = net.connect(options, () => resolve(new RawConnection(s)));
      s.once('error', reject);
    });
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  write(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Sends a command as a RESP multibulk request. */
  send(...args: (string | Buffer | number)[]): void {
    this.write(encodeCommand(args));
  }

  async #wait<T>(take: () => T | undefined): Promise<T> {
    for (;;) {
      const v = take();
      if (v !== undefined) return v;
      if (this.closed) throw new Error('connection closed before a complete reply');
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** The next reply, decoded. */
  read(): Promise<ReplyValue> {
    return this.#wait(() => this.#reader.next());
  }

  /** The next reply's exact bytes as a latin1 string. */
  async readRaw(): Promise<string> {
    const b = await this.#wait(() => this.#reader.nextRaw());
    return b.latin1Slice(0, b.length);
  }

  /** Sends a command and returns its decoded reply. */
  async call(...args: (string | Buffer | number)[]): Promise<ReplyValue> {
    this.send(...args);
    return this.read();
  }

  /** Resolves when the server has closed the connection. */
  whenClosed(): Promise<void> {
    return this.#closedPromise;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** An ioredis client connected to 127.0.0.1:port, as the tests use it (no ready check, no retries of its own). */
export async function connectIoredis(port: number): Promise<Redis> {
  const r = new Redis(port, '127.0.0.1', { lazyConnect: true, enableReadyCheck: false });
  await r.connect();
  return r;
}
