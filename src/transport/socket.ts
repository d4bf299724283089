// TCP and Unix-socket listeners. A transport moves bytes and never sees data: it wraps each socket
// in a Connection, hands it to the server, and feeds what it reads to server.onInput(). Each
// accepted socket takes the fast path (fast-socket.ts) when Node's internals allow it, else the
// plain net.Socket path (socket-connection.ts); RESPITE_PLAIN_SOCKETS=1 forces the plain one.

import net from 'node:net';
import { attachFast } from './fast-socket.ts';
import { attachPlain, type ConnectionSink } from './socket-connection.ts';

export { fastSocketsEnabled } from './fast-socket.ts';
export { joinHostPort, type ConnectionSink } from './socket-connection.ts';

function attach(sink: ConnectionSink, socket: net.Socket, kind: string, unixPath: string): void {
  if (!attachFast(sink, socket, kind, unixPath)) attachPlain(sink, socket, kind, unixPath);
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
