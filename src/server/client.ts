// A connected client, independent of how its bytes travel: the transport (TCP, Unix socket, later
// an I/O thread or a shared-memory ring) implements Connection and feeds bytes in; the executor
// parses, runs commands and replies through `w`. Owned by the executor thread.

import type { Command } from '../commands/command.ts';
import { RequestParser } from '../protocol/request-parser.ts';
import { ReplyWriter } from '../protocol/reply-writer.ts';
import type { Database } from '../store/database.ts';
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
  pauseReading(): void;
  resumeReading(): void;
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
  /** The last command run, for CLIENT LIST's cmd field. */
  lastCommand: Command | null = null;
  /** Set when the client must be closed once its pending replies are written. */
  closeAfterReply = false;
  /** Set once the client is being torn down: nothing more is parsed or run. */
  closing = false;
  /** CLIENT REPLY: 'on', 'off' or 'skip' (skip the next command's reply). */
  replyMode: 'on' | 'off' | 'skip' = 'on';
  noEvict = false;
  noTouch = false;
  /** Blocked (BLPOP...) or paused clients stop parsing until released. */
  blocked = false;
  /** True while a flush is scheduled for this client (replies written outside its own read). */
  flushScheduled = false;
  /** When the output buffer passed the soft limit (ms), or 0. */
  softLimitSince = 0;

  constructor(id: number, server: Server, conn: Connection, db: Database, now: number) {
    this.id = id;
    this.server = server;
    this.conn = conn;
    this.db = db;
    this.createdAt = now;
    this.lastInteraction = now;
    this.authenticated = !server.config.authRequired();
    this.parser = new RequestParser(() => server.config.values.protoMaxBulkLen);
  }

  get resp(): 2 | 3 {
    return this.w.resp;
  }

  /** Which client-output-buffer-limit class applies. */
  get type(): ClientType {
    return 'normal';
  }

  /** Sends what the writer holds. Called once per read batch, and for replies written from elsewhere. */
  flush(): void {
    this.flushScheduled = false;
    if (this.w.len > 0 && !this.closing) this.conn.write(this.w.take());
    if (this.closeAfterReply && !this.closing) this.server.closeClient(this, false);
  }
}
