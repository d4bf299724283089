// The plain socket path: a net.Socket wrapped in a Connection, using only Node's public stream API
// (the 'data' event in, socket.write() out). It is the fallback of the fast path (fast-socket.ts),
// which extends it, and what RESPITE_PLAIN_SOCKETS=1 forces.

import type net from 'node:net';
import type { Client, Connection } from '../server/client.ts';

/** What a transport needs from the server. */
export interface ConnectionSink {
  accept(conn: Connection): Client | null;
  onInput(c: Client, chunk: Buffer): void;
  onDisconnect(c: Client): void;
  /** Everything written was handed to the OS (backpressure ends). */
  onDrain(c: Client): void;
}

export class SocketConnection implements Connection {
  readonly kind: string;
  readonly remoteAddress: string;
  readonly localAddress: string;
  readonly socket: net.Socket;
  /** One write per client per loop turn: fewer wake-ups of the peers (see Server.onInput). */
  readonly batchWrites = true;

  constructor(socket: net.Socket, kind: string, unixPath: string) {
    this.socket = socket;
    this.kind = kind;
    if (kind === 'unix') {
      this.remoteAddress = `${unixPath}:0`;
      this.localAddress = `${unixPath}:0`;
    } else {
      this.remoteAddress = joinHostPort(socket.remoteAddress ?? '?', socket.remotePort ?? 0);
      this.localAddress = joinHostPort(socket.localAddress ?? '?', socket.localPort ?? 0);
    }
  }

  get fd(): number {
    const h = (this.socket as unknown as { _handle?: { fd?: number } })._handle;
    return h?.fd ?? -1;
  }

  get pendingBytes(): number {
    return this.socket.writableLength;
  }

  write(data: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  pauseReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    this.socket.resume();
  }

  setKeepAlive(ms: number): void {
    if (this.kind === 'tcp') this.socket.setKeepAlive(true, ms);
  }

  close(): void {
    // As Redis closes the fd once the reply is written: end, then destroy once flushed, so a peer
    // that never closes its side cannot keep the socket (and a stopping listener) alive.
    const sock = this.socket;
    sock.end(() => sock.destroy());
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/**
 * ip:port as Redis's anetFormatAddr writes it in CLIENT LIST: IPv6 in brackets (`[::1]:6379`).
 * IPv4-mapped IPv6 peers (a dual-stack listener) are shown as the IPv4 address they are.
 */
export function joinHostPort(host: string, port: number): string {
  if (host.startsWith('::ffff:') && host.includes('.')) return `${host.slice(7)}:${port}`;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Wires a socket to the server through Node's stream events. */
export function attachPlain(sink: ConnectionSink, socket: net.Socket, kind: string, unixPath: string): void {
  // Before anything else: a peer resetting a refused connection must not crash the process.
  socket.on('error', () => socket.destroy());
  const conn = new SocketConnection(socket, kind, unixPath);
  const client = sink.accept(conn);
  if (client === null) return;
  socket.on('data', (chunk: Buffer) => sink.onInput(client, chunk));
  socket.on('drain', () => sink.onDrain(client));
  socket.on('close', () => sink.onDisconnect(client));
}
