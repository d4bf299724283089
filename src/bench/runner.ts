// Runs one benchmark test: N raw connections, each writing a precomputed batch of -P requests and
// waiting for the batch's replies, which are counted by skipping over their bytes (no decoding).
// Latency is measured like redis-benchmark: from the write of a batch to the first bytes of its
// reply, recorded once per reply. Reads land in one shared buffer (net's `onread`), so steady
// state allocates nothing per request.

import net from 'node:net';
import { encodeCommand, skipReply } from '../protocol/reply-reader.ts';
import { Histogram } from './histogram.ts';
import { randOffsets, type BenchTest } from './tests.ts';

export interface Target {
  host: string;
  port: number;
  /** A Unix socket path (wins over host and port). */
  socket?: string;
}

export interface RunConfig extends Target {
  auth?: string;
  user?: string;
  dbnum: number;
  resp3: boolean;
  clients: number;
  requests: number;
  pipeline: number;
  /** -r: __rand_int__ is replaced by a random number below this (0: left alone). */
  keyspacelen: number;
  keepalive: boolean;
  showErrors: boolean;
  precision: number;
}

export interface RunResult {
  title: string;
  finished: number;
  /** Wall time in whole milliseconds, as redis-benchmark measures it. */
  elapsedMs: number;
  histogram: Histogram;
  errors: number;
}

const readBuffer = Buffer.allocUnsafe(256 * 1024);

/** The AUTH / HELLO / SELECT requests every connection starts with. */
function prefixRequests(cfg: RunConfig): Buffer[] {
  const out: Buffer[] = [];
  if (cfg.auth !== undefined) out.push(encodeCommand(cfg.user !== undefined ? ['AUTH', cfg.user, cfg.auth] : ['AUTH', cfg.auth]));
  if (cfg.resp3) out.push(encodeCommand(['HELLO', '3']));
  if (cfg.dbnum !== 0) out.push(encodeCommand(['SELECT', String(cfg.dbnum)]));
  return out;
}

export class BenchRun {
  readonly cfg: RunConfig;
  readonly test: BenchTest;
  readonly histogram: Histogram;
  /** Latencies since the last progress line. */
  readonly recent: Histogram;
  issued = 0;
  finished = 0;
  errors = 0;
  start = 0;
  readonly batch: Buffer;
  readonly randAt: number[];
  readonly prefix: Buffer;
  readonly prefixCount: number;
  #live = new Set<Conn>();
  #resolve: ((r: RunResult) => void) | null = null;
  #reject: ((e: Error) => void) | null = null;
  #done = false;
  #lastErrorAt = 0;

  constructor(cfg: RunConfig, test: BenchTest) {
    this.cfg = cfg;
    this.test = test;
    this.histogram = new Histogram(cfg.precision);
    this.recent = new Histogram(cfg.precision);
    this.batch = Buffer.concat(Array.from({ length: cfg.pipeline }, () => test.request));
    this.randAt = cfg.keyspacelen > 0 ? randOffsets(this.batch) : [];
    const prefix = prefixRequests(cfg);
    this.prefix = Buffer.concat(prefix);
    this.prefixCount = prefix.length;
  }

  run(): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      for (let i = 0; i < this.cfg.clients; i++) this.#live.add(new Conn(this));
      this.start = Date.now();
    });
  }

  /** Reserves the next batch; false when every request has been issued. */
  take(): boolean {
    if (this.issued >= this.cfg.requests) return false;
    this.issued += this.cfg.pipeline;
    return true;
  }

  /** `count` replies arrived, all with the same latency (one batch's first read). */
  onReplies(latencyUs: number, count: number): void {
    const room = this.cfg.requests - this.finished;
    if (room > 0) {
      const k = count < room ? count : room;
      this.histogram.record(latencyUs, k);
      this.recent.record(latencyUs, k);
    }
    this.finished += count;
    if (this.finished >= this.cfg.requests && !this.#done) this.#finish();
  }

  onError(conn: Conn, text: string): void {
    this.errors++;
    if (!this.cfg.showErrors) return;
    const now = Math.floor(Date.now() / 1000);
    if (now === this.#lastErrorAt) return;
    this.#lastErrorAt = now;
    void conn;
    process.stdout.write(`Error from server: ${text}\n`);
  }

  replace(conn: Conn): void {
    this.#live.delete(conn);
    if (!this.#done) this.#live.add(new Conn(this));
  }

  fail(conn: Conn, err: Error): void {
    this.#live.delete(conn);
    if (this.#done) return;
    this.#done = true;
    for (const c of this.#live) c.close();
    this.#reject?.(err);
  }

  #finish(): void {
    this.#done = true;
    const elapsedMs = Date.now() - this.start;
    for (const c of this.#live) c.close();
    this.#live.clear();
    this.#resolve?.({ title: this.test.title, finished: this.finished, elapsedMs, histogram: this.histogram, errors: this.errors });
  }

  get done(): boolean {
    return this.#done;
  }
}

class Conn {
  readonly #run: BenchRun;
  readonly #socket: net.Socket;
  #obuf: Buffer;
  #pending = 0;
  #prefixPending: number;
  #started = 0;
  #latency = -1;
  #leftover: Buffer | null = null;
  #closed = false;

  constructor(run: BenchRun) {
    this.#run = run;
    this.#prefixPending = run.prefixCount;
    // Each connection randomizes its own copy of the batch in place.
    this.#obuf = run.randAt.length > 0 ? Buffer.from(run.batch) : run.batch;
    const cfg = run.cfg;
    const onread = { buffer: readBuffer, callback: (n: number, buf: Uint8Array): boolean => this.#onRead(n, buf as Buffer) };
    this.#socket = cfg.socket !== undefined
      ? net.connect({ path: cfg.socket, onread })
      : net.connect({ host: cfg.host, port: cfg.port, onread, noDelay: true });
    this.#socket.on('error', (err) => {
      if (!this.#closed) this.#run.fail(this, err);
    });
    this.#socket.on('close', () => {
      if (!this.#closed && !this.#run.done) this.#run.fail(this, new Error('Server closed the connection'));
    });
    this.#send(true);
  }

  close(): void {
    this.#closed = true;
    this.#socket.destroy();
  }

  #send(first: boolean): void {
    const run = this.#run;
    if (!run.take()) return;
    const at = run.randAt;
    if (at.length > 0) {
      const buf = this.#obuf;
      const space = run.cfg.keyspacelen;
      for (let i = 0; i < at.length; i++) {
        let r = Math.floor(Math.random() * space);
        for (let p = at[i]! + 11; p >= at[i]!; p--) {
          buf[p] = 48 + (r % 10);
          r = Math.floor(r / 10);
        }
      }
    }
    this.#pending = run.cfg.pipeline;
    this.#latency = -1;
    this.#started = performance.now();
    if (first && this.#prefixPending > 0) {
      this.#pending += this.#prefixPending;
      this.#socket.write(Buffer.concat([run.prefix, this.#obuf]));
    } else {
      this.#socket.write(this.#obuf);
    }
  }

  #onRead(n: number, chunk: Buffer): boolean {
    if (this.#closed) return false;
    if (this.#latency < 0) this.#latency = (performance.now() - this.#started) * 1000;
    let data = chunk.subarray(0, n);
    if (this.#leftover !== null) {
      data = Buffer.concat([this.#leftover, data]);
      this.#leftover = null;
    }
    const run = this.#run;
    const len = data.length;
    let pos = 0;
    let replies = 0;
    while (this.#pending > 0 && pos < len) {
      const end = scanReply(data, pos, len);
      if (end < 0) break;
      const t = data[pos];
      if ((t === 45 || t === 33) && this.#prefixPending === 0) run.onError(this, data.latin1Slice(pos + 1, end - 2));
      pos = end;
      this.#pending--;
      if (this.#prefixPending > 0) this.#prefixPending--;
      else replies++;
    }
    if (replies > 0) {
      run.onReplies(this.#latency, replies);
      if (run.done) return false;
    }
    // The read buffer is shared: keep a copy of any partial reply.
    if (pos < data.length) this.#leftover = Buffer.from(data.subarray(pos));
    if (this.#pending === 0) {
      if (run.cfg.keepalive) {
        this.#send(false);
      } else {
        this.close();
        run.replace(this);
      }
    }
    return true;
  }
}

/**
 * The end of the reply at `pos`, or -1 when incomplete. Single-line replies and bulks (nearly every
 * benchmark reply) are scanned inline, byte by byte; aggregates go through skipReply.
 */
function scanReply(buf: Buffer, pos: number, len: number): number {
  const t = buf[pos];
  if (t === 36) {
    let i = pos + 1;
    if (buf[i] === 45) {
      while (i < len && buf[i] !== 10) i++;
      return i < len ? i + 1 : -1;
    }
    let n = 0;
    for (; i < len; i++) {
      const c = buf[i]!;
      if (c === 13) break;
      n = n * 10 + c - 48;
    }
    const end = i + 2 + n + 2;
    return end <= len ? end : -1;
  }
  if (t === 43 || t === 58 || t === 45 || t === 95 || t === 44 || t === 35) {
    let i = pos + 1;
    while (i < len && buf[i] !== 10) i++;
    return i < len ? i + 1 : -1;
  }
  const end = skipReply(buf, pos);
  return end < 0 ? -1 : end;
}

/**
 * Runs the per-reply code on canned bytes until V8 has optimized it, so that a short first test
 * (100000 requests at a million per second last 0.1 s) is not measured on cold code. No traffic.
 */
export function warmUp(): void {
  const replies = Buffer.from('+OK\r\n$3\r\nabc\r\n:12\r\n$-1\r\n*2\r\n$1\r\na\r\n:1\r\n'.repeat(8));
  const h = new Histogram(3);
  let n = 0;
  for (let round = 0; round < 4000; round++) {
    for (let pos = 0; pos < replies.length; n++) pos = scanReply(replies, pos, replies.length);
    h.record(100 + (round % 500), 16);
  }
  if (n === 0) throw new Error('unreachable');
}
