// TCP and Unix-socket listeners. A transport moves bytes and never sees data: it wraps each socket
// in a Connection, hands it to the server, and feeds what it reads to server.onInput().

import net from 'node:net';
import type { Client, Connection } from '../server/client.ts';

/** What a transport needs from the server. */
export interface ConnectionSink {
  accept(conn: Connection): Client | null;
  onInput(c: Client, chunk: Buffer): void;
  onDisconnect(c: Client): void;
  /** Everything written was handed to the OS (backpressure ends). */
  onDrain(c: Client): void;
}

class SocketConnection implements Connection {
  readonly kind: string;
  readonly remoteAddress: string;
  readonly localAddress: string;
  readonly socket: net.Socket;

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

function attach(sink: ConnectionSink, socket: net.Socket, kind: string, unixPath: string): void {
  // Before anything else: a peer resetting a refused connection must not crash the process.
  socket.on('error', () => socket.destroy());
  const conn = new SocketConnection(socket, kind, unixPath);
  const client = sink.accept(conn);
  if (client === null) return;
  socket.on('data', (chunk: Buffer) => sink.onInput(client, chunk));
  socket.on('drain', () => sink.onDrain(client));
  socket.on('close', () => sink.onDisconnect(client));
}

export interface Listener {
  readonly server: net.Server;
  /** The port actually bound (for port 0), or 0 for a Unix socket. */
  readonly port: number;
  readonly address: string;
  close(): Promise<void>;
}

function listening(server: net.Server, address: string): Listener {
  const a = server.address();
  return {
    server,
    port: typeof a === 'object' && a !== null ? a.port : 0,
    address,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function listenTcp(sink: ConnectionSink, host: string, port: number, backlog: number): Promise<Listener> {
  return new Promise((resolve, reject) => {
    const server = net.createServer({ noDelay: true }, (socket) => attach(sink, socket, 'tcp', ''));
    server.once('error', reject);
    server.listen({ host, port, backlog, exclusive: true }, () => {
      server.off('error', reject);
      resolve(listening(server, host));
    });
  });
}

export function listenUnix(sink: ConnectionSink, path: string, backlog: number): Promise<Listener> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => attach(sink, socket, 'unix', path));
    server.once('error', reject);
    server.listen({ path, backlog }, () => {
      server.off('error', reject);
      resolve(listening(server, path));
    });
  });
}
