// CLIENT PAUSE: holds clients' commands back for a while, all of them or only writes, as Redis's
// pauseActions does for the CLIENT PAUSE purpose. Held clients keep their command and run it when
// the pause ends (on time, via a timer and the cron, or on CLIENT UNPAUSE). While paused, expiry
// deletes nothing. Owned by the executor thread.

import type { Client } from './client.ts';
import type { Server } from './server.ts';

/** ClientPause.mode values: which commands are held back. */
export const PAUSE_NONE = 0;
export const PAUSE_WRITE = 1;
export const PAUSE_ALL = 2;

export class ClientPause {
  readonly #server: Server;
  /** PAUSE_NONE, PAUSE_WRITE or PAUSE_ALL, until `end` (clock ms). */
  mode = PAUSE_NONE;
  end = 0;
  #timer: NodeJS.Timeout | null = null;
  /** Clients holding a command back, in arrival order. */
  #held: Client[] = [];

  constructor(server: Server) {
    this.#server = server;
  }

  /**
   * Pauses until `end`: all commands, or only writes. An active pause only grows (the later end and
   * the stricter mode win), as Redis 7.2 does.
   */
  pause(all: boolean, end: number): void {
    this.update();
    const mode = all || this.mode === PAUSE_ALL ? PAUSE_ALL : PAUSE_WRITE;
    if (end > this.end) this.end = end;
    this.mode = mode;
    this.update();
  }

  unpause(): void {
    this.end = 0;
    this.update();
  }

  /** Holds a client's command back until the pause ends (called by the dispatcher). */
  hold(c: Client, argv: string[]): void {
    c.postponed = argv;
    c.blocked = true;
    this.#held.push(c);
  }

  /** Ends a pause whose time has come and releases held clients; keeps the wake-up timer armed. */
  update(): void {
    const s = this.#server;
    const before = this.mode;
    if (before !== PAUSE_NONE && this.end <= s.clock.now()) {
      this.mode = PAUSE_NONE;
      this.end = 0;
    }
    s.keyspace.expiryPaused = this.mode !== PAUSE_NONE;
    this.stop();
    if (this.mode !== PAUSE_NONE) {
      const delay = Math.max(1, Math.min(this.end - s.clock.now(), 2 ** 31 - 1));
      this.#timer = setTimeout(() => this.update(), delay);
      this.#timer.unref();
    }
    // Held clients run after the current command, as Redis re-processes them before sleeping.
    if (this.mode < before && this.#held.length > 0) setImmediate(() => this.#release());
  }

  /** Stops the wake-up timer (server shutdown). */
  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #release(): void {
    const list = this.#held;
    this.#held = [];
    for (const c of list) {
      const argv = c.postponed;
      if (c.closing || argv === null) continue;
      c.postponed = null;
      c.blocked = false;
      this.#server.runHeld(c, argv); // may be held back again by a newer pause
    }
  }
}
