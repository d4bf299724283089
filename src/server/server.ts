// The server: owns the configuration, the keyspace, the command table and the clients, and drives
// them from Node's event loop as Redis's ae reactor does. One executor (this thread) runs every
// command; transports only move bytes (see transport/socket.ts).

// The module binding, not the global: globalThis.performance is a lazy getter run on every access.
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { CommandTable } from '../commands/table.ts';
import { ERR_MAX_CLIENTS, ERR_PROTECTED_MODE } from '../protocol/errors.ts';
import { Keyspace, systemClock, type Clock } from '../store/keyspace.ts';
import { listenTcp, listenUnix, type ConnectionSink, type Listener } from '../transport/socket.ts';
import { Blocking } from './blocking.ts';
import { Client, type Connection } from './client.ts';
import { clientInfoString } from './client-info.ts';
import { repr } from '../util/repr.ts';
import { applyEvictionPolicy } from './config-apply.ts';
import { Config, type ConfigValues } from './config.ts';
import { ClientPause } from './client-pause.ts';
import { ServerCron } from './cron.ts';
import { dispatch } from './dispatcher.ts';
import { Logger } from './logger.ts';
import { installTransactions, WatchRegistry } from './multi.ts';
import { installNotifications } from './notify.ts';
import { Output, OUTPUT_HIGH_WATER } from './output.ts';
import { PubSubRegistry, dropSubscriptions } from './pubsub.ts';
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

/** Hooks other subsystems register to clean up per-client state (pub/sub, MULTI, blocking...). */
export interface ClientHooks {
  /** The client is gone (closed by us or by the peer). */
  closed: ((c: Client) => void)[];
  /** RESET: drop connection state (MULTI, subscriptions, tracking...). */
  reset: ((c: Client) => void)[];
}

/** True for a Unix socket or a loopback peer (Redis's connIsLocal): what protected mode lets in. */
function isLocal(conn: Connection): boolean {
  if (conn.kind !== 'tcp') return true;
  const addr = conn.remoteAddress;
  const host = addr.slice(0, addr.lastIndexOf(':'));
  return host.startsWith('127.') || host === '[::1]';
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
  /** DEBUG SET-ACTIVE-EXPIRE 0 turns the cron's active expiry off. */
  activeExpireEnabled = true;
  /**
   * While a batch runs (tickValid), the high-resolution time (ms) the last command ended: the next
   * command's start, so that each command reads the clock once. See call() in dispatcher.ts.
   */
  tick = 0;
  tickValid = false;
  readonly clientHooks: ClientHooks = { closed: [], reset: [] };
  readonly pause = new ClientPause(this);
  /** Pub/Sub subscriptions (server/pubsub.ts) and WATCHed keys (server/multi.ts). */
  readonly pubsub = new PubSubRegistry();
  readonly watches: WatchRegistry;
  /** Clients blocked on keys (BLPOP, BZPOPMIN...): server/blocking.ts. */
  readonly blocking: Blocking;
  #lastSecurityWarning = 0;
  #listeners: Listener[] = [];
  #nextClientId = 1;
  /** Replies on their way out: the turn's write queue, output limits, backpressure (output.ts). */
  readonly output = new Output(this);
  readonly #cron = new ServerCron(this);
  #stopping: Promise<void> | null = null;
  /** Resolves when the server has stopped (SHUTDOWN, a signal, or stop()). */
  readonly stopped: Promise<void>;
  #resolveStopped!: () => void;

  constructor(options: ServerOptions = {}) {
    this.config = new Config(options.config);
    this.config.file = options.configFile ?? null;
    this.keyspace = new Keyspace(this.config.values.databases, options.clock ?? systemClock);
    applyEvictionPolicy(this);
    this.table = new CommandTable();
    this.startedAt = this.keyspace.clock.now();
    this.log.sink = options.log ?? null;
    this.log.level = this.config.values.loglevel as Logger['level'];
    this.log.file = this.config.values.logfile;
    this.stopped = new Promise((resolve) => (this.#resolveStopped = resolve));
    this.watches = new WatchRegistry(this.keyspace.dbs.length);
    installTransactions(this);
    this.clientHooks.closed.push(dropSubscriptions);
    this.clientHooks.reset.push(dropSubscriptions);
    installNotifications(this);
    this.blocking = new Blocking(this);
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
    this.#cron.start();
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

  /** Restarts the cron at the current hz (CONFIG SET hz). */
  restartCron(): void {
    this.#cron.start();
  }

  /** Redis's serverCron (cron.ts). Tests may call it directly. */
  cron(): void {
    this.#cron.run();
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
    if (this.config.values.protectedMode && !this.config.authRequired() && !isLocal(conn)) {
      this.stats.rejectedConnections++;
      conn.write(Buffer.from(`-${ERR_PROTECTED_MODE}\r\n`));
      conn.close();
      return null;
    }
    const c = new Client(this.#nextClientId++, this, conn, this.keyspace.dbs[0]!, this.clock.now());
    const keepalive = this.config.values.tcpKeepalive;
    if (keepalive > 0) conn.setKeepAlive?.(keepalive * 1000);
    c.w.onError = (m) => this.stats.countError(m);
    this.clients.set(c.id, c);
    this.stats.totalConnections++;
    return c;
  }

  onInput(c: Client, chunk: Buffer): void {
    if (c.closing) return;
    this.stats.netInputBytes += chunk.length;
    if (chunk.length > c.readPeak) c.readPeak = chunk.length;
    // The batch's one monotonic reading also dates the interaction (no wall-clock read of its own).
    const tick = performance.now();
    c.lastInteraction = this.keyspace.wallTimeAt(tick);
    c.parser.feed(chunk);
    if (c.parser.pending > this.config.values.clientQueryBufferLimit) {
      this.log.warning(`Closing client that reached max query buffer length: ${clientInfoString(c)} ` +
        `(qbuf initial bytes: ${repr(c.parser.peek(64))})`);
      this.stats.clientQueryBufferLimitDisconnections++;
      this.closeClient(c, true);
      return;
    }
    const out = this.output;
    const scheduled = out.pendingCount;
    const queued = c.flushScheduled;
    this.processInput(c, tick);
    // Over sockets, the sender's replies leave once per loop turn, after every ready socket was
    // read, as Redis writes them in beforeSleep: the turn's writes go out back to back, so a peer
    // is woken once instead of between each of our reads (measured: ~10% more throughput at -P 16).
    // What the batch wrote to other clients (Pub/Sub messages, unblocked clients' replies) goes out
    // before the sender's own replies: the sender queues behind them, unless it was queued already
    // this turn or writes at once; then they leave now. (Flushing them after every publisher's
    // batch instead was a write per subscriber per publisher per turn: PUBLISH fan-out at ~0.6 of
    // Redis, which writes each subscriber once per turn.)
    if (out.pendingCount !== scheduled && (queued || c.conn.batchWrites !== true)) out.flushPending();
    if (c.conn.batchWrites === true) out.schedule(c);
    else out.afterBatch(c);
  }

  /**
   * A client sent `POST` or `Host:`: probably a browser tricked into talking to us. As Redis does,
   * log it (at most once a minute) and drop the connection with nothing more sent to it.
   */
  securityWarning(c: Client): void {
    const now = this.clock.now();
    if (now - this.#lastSecurityWarning > 60_000) {
      this.log.warning('Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands ' +
        'to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your ' +
        'Redis instance. Connection aborted.');
      this.#lastSecurityWarning = now;
    }
    this.closeClient(c, true);
  }

  /** CLIENT PAUSE from code: pauses all commands or only writes until `end` (clock ms). */
  pauseClients(all: boolean, end: number): void {
    this.pause.pause(all, end);
  }

  unpauseClients(): void {
    this.pause.unpause();
  }

  /** Runs a command CLIENT PAUSE held back, then whatever the client sent after it. */
  runHeld(c: Client, argv: string[]): void {
    dispatch(this, c, argv);
    if (this.blocking.pending) this.blocking.handleReady();
    this.resumeClient(c);
  }

  /**
   * Runs the commands a client sent while it could not run them (blocked, paused, held back) and
   * sends the replies: what a subsystem calls after setting `c.blocked = false`.
   */
  resumeClient(c: Client): void {
    this.processInput(c);
    this.output.afterBatch(c);
  }

  /** The socket took every byte we gave it: resume a client stopped by backpressure. */
  onDrain(c: Client): void {
    if (!c.outputPaused || c.closing) return;
    c.outputPaused = false;
    this.processInput(c);
    this.output.afterBatch(c);
    if (!c.outputPaused && !c.closing) c.conn.resumeReading();
  }

  /**
   * Runs every complete command the client has sent, stopping early when it blocks, must close, or
   * has so much unsent output that it must wait for the socket to drain.
   */
  processInput(c: Client, tick = performance.now()): void {
    const ks = this.keyspace;
    this.tick = tick;
    this.tickValid = true;
    try {
      while (!c.blocked && !c.closeAfterReply && !c.closing && !c.outputPaused) {
        const argv = c.parser.next();
        if (argv === null) {
          if (c.parser.error !== null) this.#protocolError(c, c.parser.error);
          return;
        }
        // One time snapshot per command, which all its lookups share (Redis's cached mstime; an
        // EXEC runs on one snapshot, as in Redis), taken from the monotonic reading that ended the
        // previous command: one clock read per command in all (see call() in dispatcher.ts).
        ks.freezeTimeAt(this.tick);
        dispatch(this, c, argv);
        // Serve clients blocked on keys this command made ready (Redis's handleClientsBlockedOnKeys).
        if (this.blocking.pending) this.blocking.handleReady();
        if (c.w.len >= OUTPUT_HIGH_WATER) this.output.afterBatch(c);
      }
    } finally {
      this.tickValid = false;
      ks.thawTime();
    }
  }

  /** Replies with the error and closes once it is sent, as Redis's setProtocolError. */
  #protocolError(c: Client, message: string): void {
    const start = c.w.len;
    c.w.error(message);
    if (c.replyOff || c.replySkip) c.w.len = start; // CLIENT REPLY OFF drops even this reply
    c.closeAfterReply = true;
    this.log.verbose(`Protocol error (${message.slice(message.indexOf(': ') + 2)}) from client: ${clientInfoString(c)}. ` +
      `Query buffer during protocol error: ${repr(c.parser.peek(128))}`);
  }

  onDisconnect(c: Client): void {
    this.#forget(c);
  }

  /** Closes a client: at once (dropping unsent output) or after what was written is sent. */
  closeClient(c: Client, immediate: boolean): void {
    if (c.closing) return;
    if (!immediate && c.w.len > 0) this.output.flush(c);
    c.closing = true;
    this.#forget(c);
    if (immediate) c.conn.destroy();
    else c.conn.close();
  }

  #forget(c: Client): void {
    c.closing = true;
    if (!this.clients.delete(c.id)) return;
    const hooks = this.clientHooks.closed;
    for (let i = 0; i < hooks.length; i++) hooks[i]!(c);
  }

  /** Stops listening, closes every client and the cron. Idempotent. */
  stop(): Promise<void> {
    if (this.#stopping !== null) return this.#stopping;
    this.#stopping = (async () => {
      this.#cron.stop();
      this.pause.stop();
      this.blocking.stop();
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
