// The server: owns the configuration, the keyspace, the command table and the clients, and drives
// them from Node's event loop as Redis's ae reactor does. One executor (this thread) runs every
// command; transports only move bytes (see transport/socket.ts).

// The module binding, not the global: globalThis.performance is a lazy getter run on every access.
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { CommandTable } from '../commands/table.ts';
import { ERR_MAX_CLIENTS, ERR_PROTECTED_MODE } from '../protocol/errors.ts';
import { activeExpireCycle } from '../store/expire.ts';
import { Keyspace, systemClock, type Clock } from '../store/keyspace.ts';
import { listenTcp, listenUnix, type ConnectionSink, type Listener } from '../transport/socket.ts';
import { Blocking } from './blocking.ts';
import { Client, type Connection } from './client.ts';
import { clientInfoString } from './client-info.ts';
import { repr } from '../util/repr.ts';
import { fullGc } from '../util/full-gc.ts';
import { applyEvictionPolicy } from './config-apply.ts';
import { Config, type ConfigValues } from './config.ts';
import { outputLimitReached } from './output-limits.ts';
import { ClientPause } from './client-pause.ts';
import { dispatch } from './dispatcher.ts';
import { IdleGc, v8Hooks, watchMajorGcs } from './idle-gc.ts';
import { Logger } from './logger.ts';
import { installTransactions, WatchRegistry } from './multi.ts';
import { installNotifications } from './notify.ts';
import { PubSubRegistry, dropSubscriptions } from './pubsub.ts';
import { sampleMetrics } from './metrics.ts';
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

/**
 * Backpressure: once this many reply bytes wait for a client (in its writer or in the socket), the
 * server stops running that client's commands and reading its socket until the socket drains. This
 * bounds memory for a client that pipelines a stream of big replies without reading them.
 */
export const OUTPUT_HIGH_WATER = 1024 * 1024;

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
  #cron: NodeJS.Timeout | null = null;
  #idleGc: IdleGc | null = null;
  #unwatchGcs: (() => void) | null = null;
  /** Clients whose output leaves at the end of the loop turn: the first #pendingCount entries. */
  #pendingFlush: (Client | null)[] = [];
  #pendingCount = 0;
  /** The list #flushPending is walking (kept for reuse, see there). */
  #flushing: (Client | null)[] = [];
  /** #flushPending as a callback made once, not a closure per loop turn. */
  readonly #flushPendingBound = (): void => this.#flushPending();
  #flushQueued = false;
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
    if (this.#idleGc === null) {
      this.#idleGc = new IdleGc(v8Hooks(fullGc));
      this.#unwatchGcs = watchMajorGcs(this.#idleGc);
    }
    const hz = Math.min(500, Math.max(1, this.config.values.hz));
    this.#cron = setInterval(() => this.cron(), Math.floor(1000 / hz));
    this.#cron.unref();
  }

  /** Restarts the cron at the current hz (CONFIG SET hz). */
  restartCron(): void {
    if (this.#cron !== null) clearInterval(this.#cron);
    this.#startCron();
  }

  /** Redis's serverCron: active expiry, rehashing and client housekeeping. Tests may call it directly. */
  cron(): void {
    this.keyspace.syncWallClock();
    this.pause.update();
    if (this.activeExpireEnabled) activeExpireCycle(this.keyspace, this.config.values.hz);
    if (this.config.values.activerehashing) this.keyspace.incrementalRehash();
    sampleMetrics(this);
    this.blocking.checkTimeouts();
    this.#clientsCron();
    if (this.#idleGc !== null) this.#idleCollect(this.#idleGc);
  }

  /** A full GC while no command runs, when the heap has grown enough to owe one (see idle-gc.ts). */
  #idleCollect(gc: IdleGc): void {
    const t0 = performance.now();
    const freed = gc.tick(t0, this.stats.totalCommands);
    if (freed < 0) return;
    this.log.verbose(`Idle-time GC: ${(freed / 1048576).toFixed(1)} MB freed in ${(performance.now() - t0).toFixed(0)} ms`);
  }

  #clientsCron(): void {
    const timeout = this.config.values.timeout * 1000;
    const l = this.config.values.clientOutputBufferLimit;
    const limits = l.normal.soft !== 0 || l.normal.hard !== 0 || l.pubsub.soft !== 0 || l.pubsub.hard !== 0 ||
      l.replica.soft !== 0 || l.replica.hard !== 0;
    if (timeout === 0 && !limits) return;
    const now = this.clock.now();
    // Closing a client while iterating is safe: a Map iterator skips deleted entries.
    for (const c of this.clients.values()) {
      // Blocked, pub/sub and MONITOR clients wait on purpose: the idle timeout spares them, as in
      // Redis (which flags a monitor as a replica).
      if (timeout !== 0 && !c.blocked && !c.monitor && c.type === 'normal' && now - c.lastInteraction > timeout) {
        this.log.verbose('Closing idle client');
        this.closeClient(c, true);
        continue;
      }
      // The soft output limit is about time, so it is also checked when nothing is written.
      if (limits && c.outputBytes > 0) this.#checkOutputLimits(c, false);
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
    const scheduled = this.#pendingCount;
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
    if (this.#pendingCount !== scheduled && (queued || c.conn.batchWrites !== true)) this.#flushPending();
    if (c.conn.batchWrites === true) this.scheduleFlush(c);
    else this.#afterBatch(c);
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
    this.#afterBatch(c);
  }

  /** The socket took every byte we gave it: resume a client stopped by backpressure. */
  onDrain(c: Client): void {
    if (!c.outputPaused || c.closing) return;
    c.outputPaused = false;
    this.processInput(c);
    this.#afterBatch(c);
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
        if (c.w.len >= OUTPUT_HIGH_WATER) this.#afterBatch(c);
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

  /** One write for everything the batch produced, then the output limits and backpressure. */
  #afterBatch(c: Client): void {
    if (c.closing) return;
    if (c.w.len > 0 && this.#checkOutputLimits(c, true)) return;
    this.#flush(c);
    if (!c.closing && !c.outputPaused && c.conn.pendingBytes >= OUTPUT_HIGH_WATER) {
      c.outputPaused = true;
      c.conn.pauseReading();
    }
  }

  #flush(c: Client): void {
    const n = c.w.len;
    if (n > 0) this.stats.netOutputBytes += n;
    c.flush();
  }

  /**
   * client-output-buffer-limit for the client's class: closes it, dropping its output, past the hard
   * limit or after staying over the soft limit for longer than its seconds (Redis's
   * checkClientOutputBufferLimits). Returns true when the client was closed.
   */
  #checkOutputLimits(c: Client, async: boolean): boolean {
    if (!outputLimitReached(this.config.values.clientOutputBufferLimit, c, this.clock)) return false;
    const info = clientInfoString(c);
    this.log.warning(async ? `Client ${info} scheduled to be closed ASAP for overcoming of output buffer limits.`
      : `Client ${info} closed for overcoming of output buffer limits.`);
    this.stats.clientOutputBufferLimitDisconnections++;
    this.closeClient(c, true);
    return true;
  }

  /** Schedules a flush for a client written to from outside its own read (pub/sub, unblocking). */
  scheduleFlush(c: Client): void {
    if (c.flushScheduled) return;
    c.flushScheduled = true;
    this.#pendingFlush[this.#pendingCount++] = c;
    if (!this.#flushQueued) {
      this.#flushQueued = true;
      setImmediate(this.#flushPendingBound);
    }
  }

  #flushPending(): void {
    this.#flushQueued = false;
    // Two arrays swapped, their slots cleared in place and never shrunk: a fresh array every turn
    // was an allocation per loop turn, and `length = 0` a runtime call that also freed the backing
    // store the next turn regrew (both visible at -P 1, one or two clients per turn).
    const list = this.#pendingFlush;
    const n = this.#pendingCount;
    this.#pendingFlush = this.#flushing;
    this.#pendingCount = 0;
    this.#flushing = list;
    for (let i = 0; i < n; i++) {
      const c = list[i]!;
      list[i] = null;
      if (!c.closing) this.#afterBatch(c);
    }
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
    if (!this.clients.delete(c.id)) return;
    const hooks = this.clientHooks.closed;
    for (let i = 0; i < hooks.length; i++) hooks[i]!(c);
  }

  /** Stops listening, closes every client and the cron. Idempotent. */
  stop(): Promise<void> {
    if (this.#stopping !== null) return this.#stopping;
    this.#stopping = (async () => {
      if (this.#cron !== null) clearInterval(this.#cron);
      this.#unwatchGcs?.();
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
