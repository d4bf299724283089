// The server: owns the configuration, the keyspace, the command table and the clients, and drives
// them from Node's event loop as Redis's ae reactor does. One executor (this thread) runs every
// command; transports only move bytes (see transport/socket.ts).

import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { CommandTable } from '../commands/table.ts';
import { ERR_MAX_CLIENTS } from '../protocol/errors.ts';
import { activeExpireCycle } from '../store/expire.ts';
import { Keyspace, systemClock, type Clock } from '../store/keyspace.ts';
import { listenTcp, listenUnix, type ConnectionSink, type Listener } from '../transport/socket.ts';
import { Client, type Connection } from './client.ts';
import { Config, type ConfigValues } from './config.ts';
import { dispatch } from './dispatcher.ts';
import { Logger } from './logger.ts';
import { ServerStats } from './stats.ts';
import { REDIS_VERSION, RESPITE_VERSION } from './version.ts';

export interface ServerOptions {
  /** Option values by our typed names; port 0 picks a free port. */
  config?: Partial<ConfigValues>;
  /** A clock tests can advance to make keys expire without sleeping. */
  clock?: Clock;
  /** Receives log lines instead of stdout/logfile. */
  log?: (line: string) => void;
  /** The config file path, when started from one (for CONFIG REWRITE and the log). */
  configFile?: string | null;
}

export class Server implements ConnectionSink {
  readonly config: Config;
  readonly keyspace: Keyspace;
  readonly table: CommandTable;
  readonly clients = new Map<number, Client>();
  readonly stats = new ServerStats();
  readonly log = new Logger();
  readonly runId = randomBytes(20).toString('hex');
  readonly startedAt: number;
  #listeners: Listener[] = [];
  #nextClientId = 1;
  #cron: NodeJS.Timeout | null = null;
  #pendingFlush: Client[] = [];
  #flushQueued = false;
  #stopping: Promise<void> | null = null;
  /** Resolves when the server has stopped (SHUTDOWN, a signal, or stop()). */
  readonly stopped: Promise<void>;
  #resolveStopped!: () => void;

  constructor(options: ServerOptions = {}) {
    this.config = new Config(options.config);
    this.config.file = options.configFile ?? null;
    this.keyspace = new Keyspace(this.config.values.databases, options.clock ?? systemClock);
    this.table = new CommandTable();
    this.startedAt = this.keyspace.clock.now();
    this.log.sink = options.log ?? null;
    this.log.level = this.config.values.loglevel as Logger['level'];
    this.log.file = this.config.values.logfile;
    this.stopped = new Promise((resolve) => (this.#resolveStopped = resolve));
  }

  get clock(): Clock {
    return this.keyspace.clock;
  }

  /** The TCP port bound (useful with port 0), or 0 when only a Unix socket listens. */
  get port(): number {
    return this.#listeners.find((l) => l.port !== 0)?.port ?? 0;
  }

  async start(): Promise<void> {
    const v = this.config.values;
    this.log.warning('oO0OoO0OoO0Oo Respite is starting oO0OoO0OoO0Oo');
    this.log.warning(`Respite version=${RESPITE_VERSION} (redis_version=${REDIS_VERSION}), pid=${process.pid}, just started`);
    this.log.warning(this.config.file === null ? 'Warning: no config file specified, using the default config.' +
      ' In order to specify a config file use respite-server /path/to/redis.conf' : 'Configuration loaded');
    this.log.role = 'M';
    const backlog = 511;
    if (v.port !== 0 || v.unixsocket === '') await this.#listenTcp(v.bind, v.port, backlog);
    if (v.unixsocket !== '') {
      try {
        unlinkSync(v.unixsocket);
      } catch {
        // no stale socket file
      }
      const l = await listenUnix(this, v.unixsocket, backlog);
      if (v.unixsocketperm !== 0) (await import('node:fs')).chmodSync(v.unixsocket, v.unixsocketperm);
      this.#listeners.push(l);
    }
    this.log.notice(`Running mode=standalone, port=${this.port}.`);
    this.log.notice('Server initialized');
    this.#startCron();
    if (this.port !== 0) this.log.notice('Ready to accept connections tcp');
    if (v.unixsocket !== '') this.log.notice('Ready to accept connections unix');
  }

  async #listenTcp(binds: string[], port: number, backlog: number): Promise<void> {
    let bound = port;
    for (const spec of binds) {
      // A leading '-' marks an address that may be unavailable (e.g. no IPv6) without failing startup.
      const optional = spec.startsWith('-');
      const host = optional ? spec.slice(1) : spec;
      const addr = host === '*' ? '0.0.0.0' : host === '::*' ? '::' : host;
      try {
        const l = await listenTcp(this, addr, bound, backlog);
        this.#listeners.push(l);
        bound = l.port; // with port 0, every address shares the first one picked
      } catch (e) {
        if (optional) continue;
        throw new Error(`Could not create server TCP listening socket ${host}:${port}: ${(e as Error).message}`);
      }
    }
  }

  #startCron(): void {
    const hz = Math.min(500, Math.max(1, this.config.values.hz));
    this.#cron = setInterval(() => this.cron(), Math.floor(1000 / hz));
    this.#cron.unref();
  }

  /** Restarts the cron at the current hz (CONFIG SET hz). */
  restartCron(): void {
    if (this.#cron !== null) clearInterval(this.#cron);
    this.#startCron();
  }

  /** Redis's serverCron: active expiry and client housekeeping. Tests may call it directly. */
  cron(): void {
    activeExpireCycle(this.keyspace, this.config.values.hz);
    this.#clientsCron();
  }

  #clientsCron(): void {
    const timeout = this.config.values.timeout;
    if (timeout === 0) return;
    const now = this.clock.now();
    for (const c of this.clients.values()) {
      if (!c.blocked && now - c.lastInteraction > timeout * 1000) {
        this.log.verbose('Closing idle client');
        this.closeClient(c, true);
      }
    }
  }

  // --- connections (ConnectionSink) ---

  accept(conn: Connection): Client | null {
    if (this.#stopping !== null) {
      conn.destroy();
      return null;
    }
    if (this.clients.size >= this.config.values.maxclients) {
      this.stats.rejectedConnections++;
      conn.write(Buffer.from(`-${ERR_MAX_CLIENTS}\r\n`));
      conn.close();
      return null;
    }
    const c = new Client(this.#nextClientId++, this, conn, this.keyspace.dbs[0]!, this.clock.now());
    c.w.onError = (m) => this.stats.countError(m);
    this.clients.set(c.id, c);
    this.stats.totalConnections++;
    return c;
  }

  onInput(c: Client, chunk: Buffer): void {
    if (c.closing) return;
    this.stats.netInputBytes += chunk.length;
    c.lastInteraction = this.clock.now();
    c.parser.feed(chunk);
    if (c.parser.pending > this.config.values.clientQueryBufferLimit) {
      this.log.warning(`Closing client that reached max query buffer length (qbuf initial bytes: ${c.parser.pending})`);
      this.stats.clientQueryBufferLimitDisconnections++;
      this.closeClient(c, true);
      return;
    }
    this.processInput(c);
    this.#flush(c);
  }

  /** Runs every complete command the client has sent, stopping early when it blocks or must close. */
  processInput(c: Client): void {
    while (!c.blocked && !c.closeAfterReply && !c.closing) {
      const argv = c.parser.next();
      if (argv === null) {
        if (c.parser.error !== null) {
          c.w.error(c.parser.error);
          c.closeAfterReply = true;
        }
        return;
      }
      dispatch(this, c, argv);
    }
  }

  #flush(c: Client): void {
    const n = c.w.len;
    if (n > 0) this.stats.netOutputBytes += n;
    c.flush();
  }

  /** Schedules a flush for a client written to from outside its own read (pub/sub, unblocking). */
  scheduleFlush(c: Client): void {
    if (c.flushScheduled) return;
    c.flushScheduled = true;
    this.#pendingFlush.push(c);
    if (!this.#flushQueued) {
      this.#flushQueued = true;
      setImmediate(() => this.#flushPending());
    }
  }

  #flushPending(): void {
    this.#flushQueued = false;
    const list = this.#pendingFlush;
    this.#pendingFlush = [];
    for (const c of list) if (!c.closing) this.#flush(c);
  }

  onDisconnect(c: Client): void {
    this.#forget(c);
  }

  /** Closes a client: at once (dropping unsent output) or after what was written is sent. */
  closeClient(c: Client, immediate: boolean): void {
    if (c.closing) return;
    if (!immediate && c.w.len > 0) this.#flush(c);
    c.closing = true;
    this.#forget(c);
    if (immediate) c.conn.destroy();
    else c.conn.close();
  }

  #forget(c: Client): void {
    c.closing = true;
    this.clients.delete(c.id);
  }

  /** Stops listening, closes every client and the cron. Idempotent. */
  stop(): Promise<void> {
    if (this.#stopping !== null) return this.#stopping;
    this.#stopping = (async () => {
      if (this.#cron !== null) clearInterval(this.#cron);
      for (const c of [...this.clients.values()]) this.closeClient(c, true);
      await Promise.all(this.#listeners.map((l) => l.close()));
      const sock = this.config.values.unixsocket;
      if (sock !== '') {
        try {
          unlinkSync(sock);
        } catch {
          // already gone
        }
      }
      this.#listeners = [];
      this.#resolveStopped();
    })();
    return this.#stopping;
  }
}
