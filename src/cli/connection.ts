// The CLI's connection: one socket, requests answered in order with typed replies. Pushes (RESP3
// out-of-band messages) are handed to a callback. Auth, protocol and db are replayed on reconnect.

import net from 'node:net';
import { encodeCommand, ReplyReader } from '../protocol/reply-reader.ts';
import { parseTyped, type Typed } from './typed-reply.ts';

export interface ConnectOptions {
  host: string;
  port: number;
  socket?: string;
  user?: string;
  pass?: string;
  db: number;
  resp3: boolean;
}

export class CliConnection {
  readonly opts: ConnectOptions;
  #socket: net.Socket | null = null;
  #reader = new ReplyReader();
  #waiting: { resolve: (r: Typed) => void; reject: (e: Error) => void }[] = [];
  #closedError: Error | null = null;
  /** RESP3 pushes, and in RESP2 subscribe mode, messages nobody asked for. */
  onPush: ((r: Typed) => void) | null = null;
  /** Replies that arrive with nobody waiting (subscribed mode, MONITOR) go here. */
  onUnsolicited: ((r: Typed) => void) | null = null;
  db: number;
  /** Inside MULTI (the prompt shows (TX)), and the db to return to when it is discarded. */
  inMulti = false;
  preMultiDb = 0;

  constructor(opts: ConnectOptions) {
    this.opts = opts;
    this.db = opts.db;
  }

  get address(): string {
    return this.opts.socket ?? `${this.opts.host}:${this.opts.port}`;
  }

  get connected(): boolean {
    return this.#socket !== null;
  }

  /** Opens the socket (no handshake). Rejects with the system error message. */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const o = this.opts;
      const s = o.socket !== undefined ? net.connect({ path: o.socket }) : net.connect({ host: o.host, port: o.port });
      s.setNoDelay(true);
      const fail = (e: Error): void => reject(e);
      s.once('error', fail);
      s.once('connect', () => {
        s.off('error', fail);
        this.#socket = s;
        this.#reader = new ReplyReader();
        this.#closedError = null;
        s.on('data', (chunk: Buffer) => this.#onData(chunk));
        s.on('error', (e) => {
          this.#closedError = e;
        });
        s.on('close', () => this.#onClose());
        resolve();
      });
    });
  }

  /** Sends one command (arguments as latin1 strings) and resolves with its typed reply. */
  call(args: string[]): Promise<Typed> {
    return new Promise((resolve, reject) => {
      if (this.#socket === null) {
        reject(this.#closedError ?? new Error('not connected'));
        return;
      }
      this.#waiting.push({ resolve, reject });
      this.#socket.write(encodeCommand(args));
    });
  }

  /** Writes bytes without waiting for a reply (mass insertion); resolves once the socket takes more. */
  async write(data: Buffer | string): Promise<void> {
    const s = this.#socket;
    if (s === null) throw this.#closedError ?? new Error('not connected');
    if (!s.write(data)) await new Promise<void>((resolve) => s.once('drain', () => resolve()));
  }

  /** The handshake: HELLO 3 / AUTH / SELECT. Returns an AUTH error text, if any. */
  async handshake(): Promise<string | null> {
    const o = this.opts;
    let authError: string | null = null;
    if (o.pass !== undefined) {
      const r = await this.call(o.user !== undefined ? ['AUTH', o.user, o.pass] : ['AUTH', o.pass]);
      if (r.t === 'error') authError = r.s;
    }
    if (this.db !== 0) {
      const r = await this.call(['SELECT', String(this.db)]);
      if (r.t === 'error') this.db = 0;
    }
    if (o.resp3) await this.call(['HELLO', '3']);
    return authError;
  }

  close(): void {
    this.#socket?.destroy();
    this.#socket = null;
  }

  #onData(chunk: Buffer): void {
    this.#reader.feed(chunk);
    for (;;) {
      let raw: Buffer | undefined;
      let r: Typed;
      try {
        raw = this.#reader.nextRaw();
        if (raw === undefined) return;
        r = parseTyped(raw);
      } catch (e) {
        this.#closedError = e as Error;
        this.#socket?.destroy();
        return;
      }
      if (r.t === 'push' && this.onPush !== null) {
        this.onPush(r);
        continue;
      }
      const w = this.#waiting.shift();
      if (w !== undefined) w.resolve(r);
      else this.onUnsolicited?.(r);
    }
  }

  #onClose(): void {
    this.#socket = null;
    this.inMulti = false;
    const err = this.#closedError ?? new Error('Server closed the connection');
    this.#closedError = err;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const w of waiting) w.reject(err);
  }
}

/** "Connection refused" from ECONNREFUSED, as hiredis words it. */
export function systemMessage(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ECONNREFUSED': return 'Connection refused';
    case 'ENOENT': return 'No such file or directory';
    case 'ETIMEDOUT': return 'Connection timed out';
    case 'EHOSTUNREACH': return 'No route to host';
    case 'ECONNRESET': return 'Connection reset by peer';
    case 'EACCES': return 'Permission denied';
    case 'ENOTFOUND':
    case 'EAI_AGAIN': return 'Name or service not known';
    default: return e.message;
  }
}
