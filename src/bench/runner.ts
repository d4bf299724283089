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

  onReply(latencyUs: number): void {
    if (this.finished++ < this.cfg.requests) {
      this.histogram.record(latencyUs);
      this.recent.record(latencyUs);
    }
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
    let pos = 0;
    while (this.#pending > 0) {
      const end = skipReply(data, pos);
      if (end < 0) break;
      const t = data[pos];
      if (t === 45 || t === 33) {
        if (this.#prefixPending === 0) run.onError(this, data.latin1Slice(pos + 1, end - 2));
      }
      pos = end;
      this.#pending--;
      if (this.#prefixPending > 0) {
        this.#prefixPending--;
        continue;
      }
      run.onReply(this.#latency);
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
