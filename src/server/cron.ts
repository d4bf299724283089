// Redis's serverCron: the server's work between commands, hz times a second. Active expiry,
// incremental rehashing, the metrics samples behind INFO's instantaneous_* fields, blocked clients'
// timeouts, idle clients and soft output limits, and the idle-time GC. Owned by the Server; runs on
// the executor thread from a timer that never keeps the process alive.

import { performance } from 'node:perf_hooks';
import { activeExpireCycle } from '../store/expire.ts';
import { fullGc } from '../util/full-gc.ts';
import { IdleGc, v8Hooks, watchMajorGcs } from './idle-gc.ts';
import { sampleMetrics } from './metrics.ts';
import type { Server } from './server.ts';

export class ServerCron {
  readonly #server: Server;
  #timer: NodeJS.Timeout | null = null;
  /** Made on the first start: only a listening server collects at idle time (see idle-gc.ts). */
  #idleGc: IdleGc | null = null;
  #unwatchGcs: (() => void) | null = null;

  constructor(server: Server) {
    this.#server = server;
  }

  /** Starts (or restarts, at the current hz: CONFIG SET hz) the timer. */
  start(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    if (this.#idleGc === null) {
      this.#idleGc = new IdleGc(v8Hooks(fullGc));
      this.#unwatchGcs = watchMajorGcs(this.#idleGc);
    }
    const hz = Math.min(500, Math.max(1, this.#server.config.values.hz));
    this.#timer = setInterval(() => this.run(), Math.floor(1000 / hz));
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#unwatchGcs?.();
    this.#unwatchGcs = null;
  }

  /** One run of the cron. Tests call it directly (through Server.cron) with an injected clock. */
  run(): void {
    const s = this.#server;
    const v = s.config.values;
    s.keyspace.syncWallClock();
    s.pause.update();
    if (s.activeExpireEnabled) activeExpireCycle(s.keyspace, v.hz);
    if (v.activerehashing) s.keyspace.incrementalRehash();
    sampleMetrics(s);
    s.blocking.checkTimeouts();
    this.#clientsCron();
    if (this.#idleGc !== null) this.#idleCollect(this.#idleGc);
  }

  /** A full GC while no command runs, when the heap has grown enough to owe one (see idle-gc.ts). */
  #idleCollect(gc: IdleGc): void {
    const s = this.#server;
    const t0 = performance.now();
    const freed = gc.tick(t0, s.stats.totalCommands);
    if (freed < 0) return;
    s.log.verbose(`Idle-time GC: ${(freed / 1048576).toFixed(1)} MB freed in ${(performance.now() - t0).toFixed(0)} ms`);
  }

  /** Closes idle clients (`timeout`) and clients over their soft output limit for too long. */
  #clientsCron(): void {
    const s = this.#server;
    const timeout = s.config.values.timeout * 1000;
    const l = s.config.values.clientOutputBufferLimit;
    const limits = l.normal.soft !== 0 || l.normal.hard !== 0 || l.pubsub.soft !== 0 || l.pubsub.hard !== 0 ||
      l.replica.soft !== 0 || l.replica.hard !== 0;
    if (timeout === 0 && !limits) return;
    const now = s.clock.now();
    // Closing a client while iterating is safe: a Map iterator skips deleted entries.
    for (const c of s.clients.values()) {
      // Blocked, pub/sub and MONITOR clients wait on purpose: the idle timeout spares them, as in
      // Redis (which flags a monitor as a replica).
      if (timeout !== 0 && !c.blocked && !c.monitor && c.type === 'normal' && now - c.lastInteraction > timeout) {
        s.log.verbose('Closing idle client');
        s.closeClient(c, true);
        continue;
      }
      // The soft output limit is about time, so it is also checked when nothing is written.
      if (limits && c.outputBytes > 0) s.output.checkLimits(c, false);
    }
  }
}
