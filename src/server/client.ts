// A connected client, independent of how its bytes travel: the transport (TCP, Unix socket, later
// an I/O thread or a shared-memory ring) implements Connection and feeds bytes in; the executor
// parses, runs commands and replies through `w`. Owned by the executor thread.

import type { Command } from '../commands/command.ts';
import { RequestParser } from '../protocol/request-parser.ts';
import { ReplyWriter } from '../protocol/reply-writer.ts';
import type { Database } from '../store/database.ts';
import type { BlockState } from './blocking.ts';
import type { QueuedCommand, WatchedKey } from './multi.ts';
import type { ClientSubscriptions } from './pubsub.ts';
import type { Server } from './server.ts';

/** What a transport provides for one connection. */
export interface Connection {
  /** `tcp` or `unix` today. */
  readonly kind: string;
  /** ip:port of the peer, as CLIENT LIST's addr shows it (`/path:0` for a Unix socket). */
  readonly remoteAddress: string;
  /** ip:port of our end (laddr). */
  readonly localAddress: string;
  readonly fd: number;
  /** Bytes accepted from us and not yet taken by the OS: counts toward output buffer limits. */
  readonly pendingBytes: number;
  write(data: Buffer): void;
  /**
   * Sends the writer's bytes and empties it, without copying them (transport/fast-socket.ts);
   * where absent, the bytes are copied out with take() and passed to write().
   */
  writeReply?(w: ReplyWriter): void;
  pauseReading(): void;
  resumeReading(): void;
  /** TCP keepalive probes after this much idle time (tcp-keepalive); absent where meaningless. */
  setKeepAlive?(ms: number): void;
  /**
   * Replies to a read are written once per event-loop turn, after every ready connection was read
   * (Redis's beforeSleep writes), instead of at the end of each read: true for sockets.
   */
  readonly batchWrites?: boolean;
  /** Closes after what was written is sent. */
  close(): void;
  /** Closes at once, dropping unsent output. */
  destroy(): void;
}

export type ClientType = 'normal' | 'pubsub' | 'replica' | 'master';

export class Client {
  readonly id: number;
  readonly server: Server;
  readonly conn: Connection;
  readonly parser: RequestParser;
  readonly w = new ReplyWriter();
  readonly createdAt: number;

  db: Database;
  name = '';
  libName = '';
  libVer = '';
  user = 'default';
  authenticated: boolean;
  /** Time (ms) of the last command or read, for idle time and `timeout`. */
  lastInteraction: number;
  /** The command running now, or the last one run: CLIENT LIST's cmd field. */
  lastCommand: Command | null = null;
  /**
   * The last command name this client sent and what the table gave for it: a pipeline repeats
   * names, and comparing two short strings is cheaper than hashing a fresh one for the lookup.
   */
  lookupName = '';
  lookupCmd: Command | undefined = undefined;
  /**
   * True while one of this client's commands runs (tracking's NOLOOP, pushes under CLIENT REPLY
   * OFF). A flag, not the running argv: storing a new array on this long-lived object would cost a
   * write barrier per command.
   */
  running = false;
  /** Set when the client must be closed once its pending replies are written. */
  closeAfterReply = false;
  /** Set once the client is being torn down: nothing more is parsed or run. */
  closing = false;
  /** CLIENT REPLY OFF: every reply is dropped until CLIENT REPLY ON. */
  replyOff = false;
  /** CLIENT REPLY SKIP was sent: the next command's reply is dropped. */
  replySkipNext = false;
  /** The running command's reply is being dropped (the one after CLIENT REPLY SKIP). */
  replySkip = false;
  noEvict = false;
  noTouch = false;
  /** Blocked (BLPOP...) or paused clients stop parsing until released. */
  blocked = false;
  /** What the client waits on while blocked on keys (BLPOP...), else null (see blocking.ts). */
  bstate: BlockState | null = null;
  /** A command held back by CLIENT PAUSE, run when the pause ends (the client is `blocked` meanwhile). */
  postponed: string[] | null = null;
  /** Reading is stopped because the socket holds too much unsent output; resumes on drain. */
  outputPaused = false;
  /** True while a flush is scheduled for this client (replies written outside its own read). */
  flushScheduled = false;
  /** When the output buffer passed the soft limit (ms), or 0. */
  softLimitSince = 0;
  /** The largest single read so far (CLIENT LIST's rbp). */
  readPeak = 0;

  // State other subsystems keep here so that CLIENT LIST, CLIENT KILL TYPE and the idle timeout
  // see it (maintained by pub/sub, MULTI/WATCH, tracking and MONITOR respectively).
  /** Channel, pattern and shard-channel subscription counts. */
  subs = 0;
  psubs = 0;
  ssubs = 0;
  /** Commands queued in MULTI, or -1 outside MULTI. */
  multi = -1;
  /** A queued command writes or may replicate: CLIENT PAUSE WRITE holds EXEC back. */
  multiWrites = false;
  /** A WATCHed key changed: EXEC will fail (flag d). */
  dirtyCas = false;
  /** A command was rejected while queueing: EXEC answers EXECABORT. */
  dirtyExec = false;
  /** The commands queued since MULTI (null outside MULTI), and the keys WATCHed (null: none). */
  multiQueue: QueuedCommand[] | null = null;
  watched: WatchedKey[] | null = null;
  /** EXEC is running this client's queued commands: blocking commands must not block. */
  inExec = false;
  /**
   * The client's subscriptions while it holds any (Redis's CLIENT_PUBSUB), else null: in RESP2
   * this restricts the commands it may send. The counts above mirror it.
   */
  pubsub: ClientSubscriptions | null = null;
  /**
   * Push frames (Pub/Sub confirmations and messages) the running command produced while its reply
   * is dropped by CLIENT REPLY OFF/SKIP: Redis 7.2 delivers them anyway (CLIENT_PUSHING), so they
   * are set aside and written after the dropped reply.
   */
  heldPushes: Buffer[] | null = null;
  /** CLIENT TRACKING is on (flag t), and the client it redirects to (-1: none). */
  tracking = false;
  trackingRedirect = -1;
  /** MONITOR is on (flag O). */
  monitor = false;

  constructor(id: number, server: Server, conn: Connection, db: Database, now: number) {
    this.id = id;
    this.server = server;
    this.conn = conn;
    this.db = db;
    this.createdAt = now;
    this.lastInteraction = now;
    this.authenticated = !server.config.authRequired();
    this.parser = new RequestParser(() => server.config.values.protoMaxBulkLen,
      () => !this.authenticated && server.config.authRequired());
  }

  get resp(): 2 | 3 {
    return this.w.resp;
  }

  /** Which client-output-buffer-limit class applies (Redis's getClientType). */
  get type(): ClientType {
    return this.subs + this.psubs + this.ssubs > 0 ? 'pubsub' : 'normal';
  }

  /** Bytes of reply not yet taken by the OS: what client-output-buffer-limit measures. */
  get outputBytes(): number {
    return this.conn.pendingBytes + this.w.len;
  }

  /** Sends what the writer holds. Called once per read batch, and for replies written from elsewhere. */
  flush(): void {
    this.flushScheduled = false;
    if (this.w.len > 0 && !this.closing) {
      const conn = this.conn;
      if (conn.writeReply !== undefined) conn.writeReply(this.w);
      else conn.write(this.w.take());
    }
    if (this.closeAfterReply && !this.closing) this.server.closeClient(this, false);
  }
}
