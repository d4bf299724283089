// Replies on their way out: one write per client per loop turn, as Redis writes its clients in
// beforeSleep, then the output buffer limits and backpressure. The Server decides when a batch's
// replies leave (see Server.onInput); this module owns the turn's queue of clients to write and
// what happens around each write. Executor thread only.

import { clientInfoString } from './client-info.ts';
import type { Client } from './client.ts';
import { outputLimitReached } from './output-limits.ts';
import type { Server } from './server.ts';

/**
 * Backpressure: once this many reply bytes wait for a client (in its writer or in the socket), the
 * server stops running that client's commands and reading its socket until the socket drains. This
 * bounds memory for a client that pipelines a stream of big replies without reading them.
 */
export const OUTPUT_HIGH_WATER = 1024 * 1024;

export class Output {
  readonly #server: Server;
  /** Clients whose output leaves at the end of the loop turn: the first #pendingCount entries. */
  #pending: (Client | null)[] = [];
  #pendingCount = 0;
  /** The list flushPending is walking (kept for reuse, see there). */
  #flushing: (Client | null)[] = [];
  /** flushPending as a callback made once, not a closure per loop turn. */
  readonly #flushPendingBound = (): void => this.flushPending();
  #flushQueued = false;

  constructor(server: Server) {
    this.#server = server;
  }

  /** Clients queued for the end of this turn (the Server compares it around a batch). */
  get pendingCount(): number {
    return this.#pendingCount;
  }

  /** One write for everything the batch produced, then the output limits and backpressure. */
  afterBatch(c: Client): void {
    if (c.closing) return;
    if (c.w.len > 0 && this.checkLimits(c, true)) return;
    this.flush(c);
    if (!c.closing && !c.outputPaused && c.conn.pendingBytes >= OUTPUT_HIGH_WATER) {
      c.outputPaused = true;
      c.conn.pauseReading();
    }
  }

  /** Hands the client's replies to its connection, counted in INFO's total_net_output_bytes. */
  flush(c: Client): void {
    const n = c.w.len;
    if (n > 0) this.#server.stats.netOutputBytes += n;
    c.flush();
  }

  /**
   * client-output-buffer-limit for the client's class: closes it, dropping its output, past the hard
   * limit or after staying over the soft limit for longer than its seconds (Redis's
   * checkClientOutputBufferLimits). `async` when checked after a write (Redis closes such a client
   * "ASAP"), not from the cron. Returns true when the client was closed.
   */
  checkLimits(c: Client, async: boolean): boolean {
    const s = this.#server;
    if (!outputLimitReached(s.config.values.clientOutputBufferLimit, c, s.clock)) return false;
    const info = clientInfoString(c);
    s.log.warning(async ? `Client ${info} scheduled to be closed ASAP for overcoming of output buffer limits.`
      : `Client ${info} closed for overcoming of output buffer limits.`);
    s.stats.clientOutputBufferLimitDisconnections++;
    s.closeClient(c, true);
    return true;
  }

  /** Queues the client's replies for the end of this loop turn (one immediate per turn for all). */
  schedule(c: Client): void {
    if (c.flushScheduled) return;
    c.flushScheduled = true;
    this.#pending[this.#pendingCount++] = c;
    if (!this.#flushQueued) {
      this.#flushQueued = true;
      setImmediate(this.#flushPendingBound);
    }
  }

  /** Writes every queued client now. */
  flushPending(): void {
    this.#flushQueued = false;
    // Two arrays swapped, their slots cleared in place and never shrunk: a fresh array every turn
    // was an allocation per loop turn, and `length = 0` a runtime call that also freed the backing
    // store the next turn regrew (both visible at -P 1, one or two clients per turn).
    const list = this.#pending;
    const n = this.#pendingCount;
    this.#pending = this.#flushing;
    this.#pendingCount = 0;
    this.#flushing = list;
    for (let i = 0; i < n; i++) {
      const c = list[i]!;
      list[i] = null;
      if (!c.closing) this.afterBatch(c);
    }
  }
}
