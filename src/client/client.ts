// The Respite client: one connection (TCP, Unix socket or TLS), RESP2 or RESP3, automatic
// pipelining (commands issued in the same tick leave in one write), explicit pipelines and
// MULTI/EXEC, pub/sub, reconnect with backoff, connect and command timeouts.
//
// Event model (client.on):
//   'connect'        the socket is open (the handshake has not run yet)
//   'ready'          the handshake (HELLO/AUTH/SELECT/SETNAME, resubscribe) is done; commands flow
//   'error' (err)    a connection-level error (never a command's own error reply)
//   'close'          the socket closed
//   'reconnecting' (delayMs, attempt)   a new attempt is scheduled
//   'end'            closed for good: quit(), disconnect(), or the retry strategy gave up
//   'message' (channel, message) / 'pmessage' (pattern, channel, message) / 'smessage' (channel, message)
//   'push' (items)   any other RESP3 push (client tracking invalidations...)
//   'monitor' (line) after monitor(): one line per command the server runs

import net from 'node:net';
import tls from 'node:tls';
import { Push, ReplyError, ReplyReader, type ReplyValue } from '../protocol/reply-reader.ts';
import { EventedCommands } from './evented.ts';
import { ConnectionError, TimeoutError } from './errors.ts';
import { Multi, Pipeline } from './pipeline.ts';
import { RequestBuffer, type Arg } from './request-buffer.ts';
import { scanKeys, type ScanOptions } from './scan.ts';
import { Subscriptions } from './subscriptions.ts';
import { parseRedisUrl } from './url.ts';
import { defaultRetryStrategy, handshakeCommands, type ClientOptions, type ClientState } from './options.ts';
import { Pending, type SendOptions } from './pending.ts';

export type { ClientOptions, ClientState } from './options.ts';


export class RespiteClient extends EventedCommands<Promise<ReplyValue>> {
  readonly options: Readonly<ClientOptions>;
  #state: ClientState = 'idle';
  #socket: net.Socket | null = null;
  #reader: ReplyReader;
  #out: RequestBuffer;
  #flushScheduled = false;
  // Commands written (or about to be) whose replies are due, oldest first from #head.
  #inflight: Pending[] = [];
  #head = 0;
  // Commands issued while not ready.
  #offline: { args: Arg[]; p: Pending }[] = [];
  readonly #subs = new Subscriptions();
  #db: number;
  #attempt = 0;
  #retryTimer: NodeJS.Timeout | null = null;
  #timeoutTimer: NodeJS.Timeout | null = null;
  #lastError: Error | undefined;
  #monitoring = false;
  #readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  readonly #flush = (): void => this.#doFlush();
  readonly #emit = (event: string, ...args: unknown[]): void => {
    this.events.emit(event, ...args);
  };

  constructor(options: ClientOptions | string = {}) {
    super();
    const o: ClientOptions = typeof options === 'string' ? { url: options } : { ...options };
    if (o.url !== undefined) {
      const u = parseRedisUrl(o.url);
      for (const [k, v] of Object.entries(u)) {
        if ((o as Record<string, unknown>)[k] === undefined && v !== undefined) (o as Record<string, unknown>)[k] = v;
      }
    }
    this.options = o;
    this.#db = o.db ?? 0;
    const encoding = o.encoding ?? 'utf8';
    this.#reader = new ReplyReader({ buffers: o.buffers ?? false, encoding });
    this.#out = new RequestBuffer(encoding);
    if (o.lazyConnect !== true) this.connect().catch(() => {});
  }

  get state(): ClientState {
    return this.#state;
  }

  /** The database the connection is on (follows successful SELECTs). */
  get db(): number {
    return this.#db;
  }

  /** Opens the connection (if not already) and resolves once it is ready. */
  connect(): Promise<void> {
    if (this.#state === 'ready') return Promise.resolve();
    if (this.#state === 'end' || this.#state === 'closing') {
      return Promise.reject(new ConnectionError('Connection is closed.'));
    }
    const p = new Promise<void>((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
    if (this.#state === 'idle') this.#open();
    return p;
  }

  /** Sends any command: `send(['SET', 'k', 'v'])`. Error replies reject with ReplyError. */
  send(args: Arg[], options?: SendOptions): Promise<ReplyValue> {
    return new Promise((resolve, reject) => {
      const p = new Pending(resolve, reject, options?.buffers ?? this.options.buffers ?? false);
      if (options?.errorsAsValues === true) p.errorsAsValues = true;
      this.#enqueue(args, p);
    });
  }

  /** Like send, with bulk replies as Buffers whatever the client's mode. */
  sendBuffers(args: Arg[]): Promise<ReplyValue> {
    return this.send(args, { buffers: true });
  }

  /** Commands queued on the pipeline leave in one write; exec() resolves with every reply. */
  pipeline(): Pipeline {
    return new Pipeline(this);
  }

  /** MULTI ... EXEC in one write; exec() resolves with EXEC's replies (null if a WATCH failed). */
  multi(): Multi {
    return new Multi(this);
  }

  /** The subscribe family resolves with the subscription count of the last confirmation. */
  subscribe(...channels: Arg[]): Promise<number> {
    return this.#subscribeGeneric('SUBSCRIBE', channels, channels.length);
  }
  psubscribe(...patterns: Arg[]): Promise<number> {
    return this.#subscribeGeneric('PSUBSCRIBE', patterns, patterns.length);
  }
  ssubscribe(...channels: Arg[]): Promise<number> {
    return this.#subscribeGeneric('SSUBSCRIBE', channels, channels.length);
  }
  unsubscribe(...channels: Arg[]): Promise<number> {
    return this.#subscribeGeneric('UNSUBSCRIBE', channels, channels.length || Math.max(1, this.#subs.channels.size));
  }
  punsubscribe(...patterns: Arg[]): Promise<number> {
    return this.#subscribeGeneric('PUNSUBSCRIBE', patterns, patterns.length || Math.max(1, this.#subs.patterns.size));
  }
  sunsubscribe(...channels: Arg[]): Promise<number> {
    return this.#subscribeGeneric('SUNSUBSCRIBE', channels, channels.length || Math.max(1, this.#subs.shards.size));
  }

  /**
   * MONITOR: from its OK on, every command the server runs arrives as a 'monitor' event with
   * the line MONITOR prints. Use a dedicated client: it accepts no other command after this.
   */
  async monitor(): Promise<void> {
    await this.send(['MONITOR']);
    this.#monitoring = true;
  }

  /** SCAN made iterable: `for await (const key of client.scanIterator({ match: 'user:*' }))`. */
  scanIterator(options: ScanOptions = {}): AsyncGenerator<ReplyValue> {
    return scanKeys((args) => this.send(args), options);
  }

  /** QUIT: waits for the pending replies, then closes for good. */
  async quit(): Promise<void> {
    if (this.#state === 'end') return;
    if (this.#state !== 'ready') {
      this.disconnect();
      return;
    }
    const done = this.send(['QUIT']).catch(() => null);
    this.#state = 'closing';
    await done;
    this.#socket?.end();
    if ((this.#state as ClientState) !== 'end') await new Promise<void>((r) => this.events.once('end', () => r()));
  }

  /** Closes now; commands still waiting fail with ConnectionError. */
  disconnect(): void {
    if (this.#state === 'end') return;
    this.#state = 'closing';
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    if (this.#socket !== null) this.#socket.destroy();
    else this.#end(new ConnectionError('Connection is closed.'));
  }

  /** A new client with the same options (a subscriber needs its own connection). */
  duplicate(overrides: ClientOptions = {}): RespiteClient {
    return new RespiteClient({ ...this.options, db: this.#db, ...overrides });
  }

  // ---- internals -------------------------------------------------------------------------------

  /** Queues one already-built command for the pipeline and transaction helpers. */
  sendMany(list: Arg[][], options: SendOptions): Promise<ReplyValue>[] {
    return list.map((args) => this.send(args, options));
  }

  #subscribeGeneric(cmd: string, names: Arg[], confirmations: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const p = new Pending(resolve as (v: ReplyValue) => void, reject, false);
      p.confirmations = confirmations;
      this.#enqueue([cmd, ...names], p);
    });
  }

  #enqueue(args: Arg[], p: Pending): void {
    if (args.length === 2 && typeof args[0] === 'string' && args[0].length === 6 && args[0].toUpperCase() === 'SELECT') {
      p.selectDb = Number(args[1]);
    }
    const state = this.#state;
    if (state === 'ready') {
      this.#write(args, p);
      return;
    }
    if (state === 'end' || state === 'closing') {
      p.reject(new ConnectionError('Connection is closed.'));
      return;
    }
    if (this.options.offlineQueue === false) {
      p.reject(new ConnectionError('Connection is not ready and the offline queue is disabled.'));
      return;
    }
    this.#offline.push({ args, p });
    if (state === 'idle') this.#open();
  }

  #write(args: Arg[], p: Pending): void {
    this.#out.add(args);
    if (this.options.commandTimeout) {
      p.deadline = performance.now() + this.options.commandTimeout;
      if (this.#timeoutTimer === null) this.#armTimeout(this.options.commandTimeout);
    }
    this.#inflight.push(p);
    if (this.options.autoPipelining === false) {
      this.#doFlush();
    } else if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      process.nextTick(this.#flush);
    }
  }

  #doFlush(): void {
    this.#flushScheduled = false;
    const data = this.#out.take();
    if (data === null || this.#socket === null) return;
    if (typeof data === 'string') this.#socket.write(data, this.options.encoding ?? 'utf8');
    else this.#socket.write(data);
  }

  #open(): void {
    this.#state = 'connecting';
    const o = this.options;
    const useTls = o.tls !== undefined && o.tls !== false;
    let socket: net.Socket;
    const onConnect = (): void => this.#onConnect();
    if (o.path !== undefined) {
      socket = net.connect({ path: o.path }, onConnect);
    } else if (useTls) {
      const extra = typeof o.tls === 'object' ? o.tls : {};
      socket = tls.connect({ host: o.host ?? '127.0.0.1', port: o.port ?? 6379, ...extra }, onConnect);
    } else {
      socket = net.connect({ host: o.host ?? '127.0.0.1', port: o.port ?? 6379 }, onConnect);
    }
    socket.setNoDelay(true);
    socket.setTimeout(o.connectTimeout ?? 10000, () => {
      socket.destroy(new TimeoutError('Connection timed out.'));
    });
    this.#socket = socket;
    this.#reader = new ReplyReader({ buffers: o.buffers ?? false, encoding: o.encoding ?? 'utf8' });
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (err: Error) => {
      this.#lastError = err;
      this.events.emit('error', err);
    });
    socket.on('close', () => this.#onClose());
  }

  #onConnect(): void {
    this.#state = 'handshake';
    this.events.emit('connect');
    const steps = handshakeCommands(this.options, this.#db);
    const replies = steps.map((args) => {
      return new Promise<ReplyValue>((resolve, reject) => this.#write(args, new Pending(resolve, reject, false)));
    });
    for (const args of this.#subs.resubscribeCommands()) {
      this.#write(args, new Pending(() => {}, () => {}, false));
      this.#inflight[this.#inflight.length - 1]!.confirmations = args.length - 1;
    }
    Promise.all(replies).then(
      () => this.#onReady(),
      (err: Error) => {
        // A failed handshake (wrong password, bad db) will not heal by retrying.
        this.events.emit('error', err);
        this.#state = 'closing';
        this.#end(err);
        this.#socket?.destroy();
      },
    );
  }

  #onReady(): void {
    if (this.#state !== 'handshake') return;
    this.#socket?.setTimeout(0);
    this.#state = 'ready';
    this.#attempt = 0;
    const queued = this.#offline;
    this.#offline = [];
    for (const { args, p } of queued) this.#write(args, p);
    this.events.emit('ready');
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const w of waiters) w.resolve();
  }

  #onData(chunk: Buffer): void {
    const reader = this.#reader;
    reader.feed(chunk);
    for (;;) {
      const head = this.#inflight[this.#head];
      reader.buffers = head !== undefined ? head.buffers : (this.options.buffers ?? false);
      let v: ReplyValue | undefined;
      try {
        v = reader.next();
      } catch (err) {
        this.#socket?.destroy(err as Error);
        return;
      }
      if (v === undefined) return;
      this.#dispatch(v);
    }
  }

  #dispatch(v: ReplyValue): void {
    if (v instanceof Push) {
      if (!this.#pubsub(v.items)) this.events.emit('push', v.items);
      return;
    }
    if (Array.isArray(v) && (this.#subs.active || this.#inflight[this.#head]?.confirmations) && this.#pubsub(v)) return;
    const p = this.#inflight[this.#head];
    if (p === undefined) {
      // Nobody waits: a MONITOR line, or a late reply after a timeout reset (dropped).
      if (this.#monitoring) this.events.emit('monitor', v);
      return;
    }
    this.#shift();
    if (p.timedOut) return;
    if (v instanceof ReplyError && !p.errorsAsValues) {
      p.reject(v);
      return;
    }
    if (p.selectDb >= 0 && v === 'OK') this.#db = p.selectDb;
    p.resolve(v);
  }

  /** Handles a pub/sub message or subscription confirmation; false when `items` is neither. */
  #pubsub(items: ReplyValue[]): boolean {
    const kind = this.#subs.route(items, this.#emit);
    if (kind !== 'confirm') return kind === 'message';
    const p = this.#inflight[this.#head];
    if (p !== undefined && p.confirmations > 0 && --p.confirmations === 0) {
      this.#shift();
      if (!p.timedOut) p.resolve(items[2]!);
    }
    return true;
  }

  #shift(): void {
    this.#inflight[this.#head++] = undefined as unknown as Pending;
    if (this.#head === this.#inflight.length) {
      this.#inflight.length = 0;
      this.#head = 0;
    } else if (this.#head > 4096 && this.#head * 2 > this.#inflight.length) {
      this.#inflight = this.#inflight.slice(this.#head);
      this.#head = 0;
    }
  }

  #armTimeout(ms: number): void {
    this.#timeoutTimer = setTimeout(() => {
      this.#timeoutTimer = null;
      const now = performance.now();
      let next = 0;
      for (let i = this.#head; i < this.#inflight.length; i++) {
        const p = this.#inflight[i]!;
        if (p.timedOut) continue;
        if (p.deadline > now) {
          next = p.deadline - now;
          break;
        }
        p.timedOut = true;
        p.reject(new TimeoutError('Command timed out.'));
      }
      if (next > 0) this.#armTimeout(next);
    }, ms);
    this.#timeoutTimer.unref();
  }

  #onClose(): void {
    this.#socket = null;
    this.#monitoring = false;
    this.#flushScheduled = false;
    this.#out.take();
    const err = new ConnectionError('Connection closed.', { cause: this.#lastError });
    const inflight = this.#inflight.slice(this.#head);
    this.#inflight = [];
    this.#head = 0;
    for (const p of inflight) if (!p.timedOut) p.reject(err);
    this.events.emit('close');
    if (this.#state === 'closing' || this.#state === 'end') {
      this.#end(new ConnectionError('Connection is closed.'));
      return;
    }
    const strategy = this.options.retryStrategy ?? defaultRetryStrategy;
    const delay = strategy(++this.#attempt, this.#lastError);
    if (delay === null) {
      this.#end(err);
      return;
    }
    this.#state = 'reconnecting';
    this.events.emit('reconnecting', delay, this.#attempt);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.#state === 'reconnecting') this.#open();
    }, delay);
  }

  #end(err: Error): void {
    if (this.#state === 'end') return;
    this.#state = 'end';
    if (this.#timeoutTimer !== null) clearTimeout(this.#timeoutTimer);
    const queued = this.#offline;
    this.#offline = [];
    for (const { p } of queued) p.reject(err);
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const w of waiters) w.reject(err);
    this.events.emit('end');
  }
}

/** Connects and resolves once ready: `const c = await createClient('redis://localhost:6379')`. */
export async function createClient(options: ClientOptions | string = {}): Promise<RespiteClient> {
  const c = new RespiteClient(typeof options === 'string' ? { url: options, lazyConnect: true } : { ...options, lazyConnect: true });
  await c.connect();
  return c;
}
