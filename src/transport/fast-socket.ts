// The fast socket path. Node's stream machinery costs a fixed amount per read and per write that
// dominates a pipelined batch (one read, ~16 commands, one write): on read, a fresh ArrayBuffer,
// push() and a 'data' event; on write, writeGeneric/afterWriteDispatched and nextTick callbacks,
// plus the copy of every reply batch (ReplyWriter.take()). This path skips all of it:
//
// - Reads land in one buffer shared by every connection, through the mechanism behind the public
//   `net.connect({ onread })` option (the socket's kBuffer/kBufferCb slots, which Node's
//   onStreamRead checks, and `handle.useUserBuffer()`). libuv reads one socket at a time and calls
//   back synchronously, so a single buffer serves them all; the bytes are only valid during the
//   callback, so the parser copies what it keeps unconsumed (RequestParser.detach()). Data reads
//   come straight to us: the handle's onread (the function C++ calls after each read, which Node
//   sets to its onStreamRead) is ours, and hands Node only the end of stream and errors.
// - Replies go straight to the libuv handle (`handle.writeBuffer(req, bytes)`). A write libuv
//   completed at once leaves the writer's buffer free for the next batch, with no copy; one that
//   went asynchronous keeps the buffer (libuv still reads it), the writer starts a new one, and the
//   request's oncomplete tells when the socket drained. libuv queues writes in order, and a
//   shutdown (close()) waits for the queued writes, so ordering and close-after-reply hold.
//
// What stays with net.Socket: accepting, EOF and errors (onStreamRead still handles them), close,
// pause/resume (Socket.pause/resume call readStop/readStart when kBuffer is set), keepalive.
//
// It uses Node internals: the socket's private symbols (found by description), the handle's
// useUserBuffer/writeBuffer/writeQueueSize/onread, and process.binding('stream_wrap') (WriteWrap
// and the streamBaseState that holds the last read's size and whether the last write went
// asynchronous). They are detected once at startup; when any is missing the transport falls back
// to the plain path (socket-connection.ts) without a word per connection. RESPITE_PLAIN_SOCKETS=1
// forces the plain path, so that both stay tested (run the suite with it too). Under
// --pending-deprecation, Node prints its DEP0111 warning about process.binding() once, at startup.

import net from 'node:net';
import type { Client } from '../server/client.ts';
import type { ReplyWriter } from '../protocol/reply-writer.ts';
import { SocketConnection, type ConnectionSink } from './socket-connection.ts';

/** What the fast path uses of a libuv stream handle (TCPWrap, PipeWrap). */
interface StreamHandle {
  readonly writeQueueSize: number;
  /** Called by C++ after every read (Node sets its onStreamRead here); the byte count is in streamBaseState. */
  onread: (this: StreamHandle, arrayBuffer: ArrayBuffer | undefined) => unknown;
  writeBuffer(req: WriteReq, data: Uint8Array): number;
  useUserBuffer(buf: Uint8Array): void;
}

/** A WriteWrap, with the fields this module hangs on it while the write is in flight. */
interface WriteReq {
  oncomplete: ((this: WriteReq, status: number) => void) | null;
  conn: FastConnection | null;
  /** Keeps the bytes alive while libuv writes from them. */
  buffer: Uint8Array | null;
}

interface Internals {
  kBuffer: symbol;
  kBufferCb: symbol;
  newReq: () => WriteReq;
  /** streamBaseState[kLastWriteWasAsync] is non-zero after a write that did not complete at once. */
  state: Int32Array;
  kLastWriteWasAsync: number;
  /** streamBaseState[kReadBytesOrError]: the last read's byte count, or a negative libuv error (EOF). */
  kReadBytesOrError: number;
}

interface StreamWrapBinding {
  WriteWrap?: new () => WriteReq;
  streamBaseState?: unknown;
  kLastWriteWasAsync?: unknown;
  kReadBytesOrError?: unknown;
}

/** Node's default read size: one buffer of it serves every connection. */
const READ_BUFFER_SIZE = 64 * 1024;

/** The Node internals the fast path needs, or null (plain path forced or something is missing). */
function detectInternals(): Internals | null {
  if (process.env.RESPITE_PLAIN_SOCKETS === '1') return null;
  try {
    const binding = (process as unknown as { binding?: (name: string) => unknown }).binding;
    if (typeof binding !== 'function') return null;
    const sw = binding('stream_wrap') as StreamWrapBinding;
    const WriteWrap = sw.WriteWrap;
    const state = sw.streamBaseState;
    const kAsync = sw.kLastWriteWasAsync;
    const kRead = sw.kReadBytesOrError;
    if (typeof WriteWrap !== 'function' || !(state instanceof Int32Array) || typeof kAsync !== 'number' ||
      typeof kRead !== 'number') return null;
    // The slots are own properties of every socket (initialised to null by the constructor).
    const probe = new net.Socket();
    const symbols = Object.getOwnPropertySymbols(probe);
    probe.destroy();
    const kBuffer = symbols.find((s) => s.description === 'kBuffer');
    const kBufferCb = symbols.find((s) => s.description === 'kBufferCb');
    if (kBuffer === undefined || kBufferCb === undefined) return null;
    return { kBuffer, kBufferCb, newReq: () => new WriteWrap(), state, kLastWriteWasAsync: kAsync, kReadBytesOrError: kRead };
  } catch {
    return null;
  }
}

const internals = detectInternals();

/** True when new connections take the fast path (for logs and tests). */
export const fastSocketsEnabled = internals !== null;

/** Read into by every connection in turn; see the top of this file. */
const readBuffer = Buffer.allocUnsafe(READ_BUFFER_SIZE);

/** Reads up to this size get a cached view of readBuffer (see readView). */
const VIEW_CACHE_MAX = 4096;
const readViews: (Buffer | undefined)[] = [];

/**
 * readBuffer's first n bytes as a Buffer. A view object per read was a measurable share of the
 * garbage per request at -P 1, so views of small reads are made once per size and reused: the
 * bytes are read during the callback only, and the parser copies what it keeps (detach()).
 */
function readView(n: number): Buffer {
  if (n > VIEW_CACHE_MAX) return readBuffer.subarray(0, n);
  return (readViews[n] ??= readBuffer.subarray(0, n));
}

/**
 * A write request not yet used: a write libuv completes at once never touches it, so it serves the
 * next write too; a new one is made only after one went asynchronous.
 */
let spareReq: WriteReq | null = null;

function onWriteComplete(this: WriteReq, status: number): void {
  const conn = this.conn;
  this.conn = null;
  this.buffer = null;
  conn?.afterWrite(status);
}

/** Sockets stopped after a full read this turn, resumed together once the turn's reads are done. */
let yielded: { socket: net.Socket; client: Client }[] = [];

/**
 * After a read that filled the buffer (the peer has more queued), stop reading this socket until the
 * loop's check phase. Otherwise libuv reads it again at once, up to 32 times (2 MB) before serving
 * any other ready socket: a client streaming pipelined commands held the loop for ~0.5 s at a time
 * with 5M keys (bench/stall.ts's PING probe), where Redis reads 16 KB per client per turn.
 */
function yieldReads(socket: net.Socket, client: Client): void {
  if (client.outputPaused || client.closing || socket.destroyed) return;
  socket.pause(); // readStop: ends libuv's read loop for this socket now
  yielded.push({ socket, client });
  if (yielded.length === 1) setImmediate(resumeYielded);
}

function resumeYielded(): void {
  const list = yielded;
  yielded = [];
  for (const { socket, client } of list) {
    // Output backpressure may have paused it since; its drain resumes it then.
    if (!socket.destroyed && !client.outputPaused && !client.closing) socket.resume();
  }
}

export class FastConnection extends SocketConnection {
  readonly #handle: StreamHandle;
  readonly #sink: ConnectionSink;
  /** Set once the server accepted the connection (onDrain needs it). */
  client: Client | null = null;
  /** Writes libuv has not finished. */
  #inFlight = 0;

  constructor(socket: net.Socket, kind: string, unixPath: string, handle: StreamHandle, sink: ConnectionSink) {
    super(socket, kind, unixPath);
    this.#handle = handle;
    this.#sink = sink;
  }

  /** What libuv still has to send (Redis's omem); zero without a call into C++ when nothing is queued. */
  override get pendingBytes(): number {
    return this.#inFlight === 0 || this.socket.destroyed ? 0 : this.#handle.writeQueueSize;
  }

  override write(data: Buffer): void {
    if (!this.#writable()) return;
    this.#send(data);
  }

  /** Sends the writer's bytes in place: reused at once when written, handed over when not. */
  writeReply(w: ReplyWriter): void {
    if (!this.#writable()) {
      w.reset();
      return;
    }
    if (this.#send(w.view())) w.handOver();
    else w.reset();
  }

  #writable(): boolean {
    const s = this.socket;
    return !s.destroyed && !s.writableEnded;
  }

  /** Writes to the handle; returns true when the write went asynchronous (libuv keeps `data`). */
  #send(data: Uint8Array): boolean {
    const x = internals!;
    const req = spareReq ?? x.newReq();
    spareReq = null;
    const err = this.#handle.writeBuffer(req, data);
    if (err !== 0) {
      // EPIPE, ECONNRESET...: the peer is gone, as Node's own write path concludes.
      this.socket.destroy();
      return false;
    }
    if (x.state[x.kLastWriteWasAsync] === 0) {
      spareReq = req;
      return false;
    }
    req.conn = this;
    req.buffer = data;
    req.oncomplete = onWriteComplete;
    this.#inFlight++;
    return true;
  }

  /** An asynchronous write finished (or failed, or was cancelled by a close). */
  afterWrite(status: number): void {
    this.#inFlight--;
    const s = this.socket;
    if (s.destroyed) return;
    if (status < 0) {
      s.destroy();
      return;
    }
    if (this.#inFlight === 0 && this.client !== null) this.#sink.onDrain(this.client);
  }
}

/**
 * Wires a socket to the server through the fast path; returns false (nothing done) when it cannot,
 * and the caller uses the plain path.
 */
export function attachFast(sink: ConnectionSink, socket: net.Socket, kind: string, unixPath: string): boolean {
  if (internals === null) return false;
  const handle = (socket as unknown as { _handle?: Partial<StreamHandle> | null })._handle;
  if (handle == null || typeof handle.useUserBuffer !== 'function' || typeof handle.writeBuffer !== 'function') {
    return false;
  }
  // Before anything else: a peer resetting a refused connection must not crash the process.
  socket.on('error', () => socket.destroy());
  const conn = new FastConnection(socket, kind, unixPath, handle as StreamHandle, sink);
  const client = sink.accept(conn);
  if (client === null) return true;
  conn.client = client;
  // Nothing was read yet: the socket started reading in its constructor, but libuv delivers the
  // first bytes in a later turn of the loop, after this connection callback.
  const slots = socket as unknown as Record<symbol, unknown>;
  const onData = (nread: number): void => {
    try {
      sink.onInput(client, readView(nread));
    } finally {
      // The next read overwrites readBuffer: whatever the parser kept unconsumed is copied now.
      client.parser.detach();
    }
    if (nread === READ_BUFFER_SIZE) yieldReads(socket, client);
  };
  // kBuffer makes Socket.pause/resume stop and start the handle's reads; kBufferCb is where Node's
  // onStreamRead would deliver them.
  slots[internals.kBuffer] = readBuffer;
  slots[internals.kBufferCb] = onData;
  // Data reads skip Node's onStreamRead (its socket-timeout refresh and the slot lookups: ~1% of
  // the server's CPU at -P 1); end of stream and errors still go through it.
  const h = handle as StreamHandle;
  const nodeOnRead = h.onread;
  const { state, kReadBytesOrError } = internals;
  if (typeof nodeOnRead === 'function') {
    h.onread = function (this: StreamHandle, arrayBuffer: ArrayBuffer | undefined): unknown {
      const nread = state[kReadBytesOrError]!;
      if (nread <= 0) return nodeOnRead.call(this, arrayBuffer);
      if (!socket.destroyed) onData(nread);
      return undefined;
    };
  }
  h.useUserBuffer(readBuffer);
  socket.on('close', () => sink.onDisconnect(client));
  return true;
}
