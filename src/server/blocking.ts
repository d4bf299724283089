// Clients blocked on keys (BLPOP, BLMOVE, BLMPOP, BZPOPMIN...), as Redis 7.2's blocked.c does it:
// - a blocking command that finds nothing to pop calls block(): the client waits on its keys, in
//   arrival order per key, until a deadline (0 = forever);
// - any write to a key someone waits on (the keyspace's `modified` signal, which covers pushes,
//   LMOVE into the key, ZADD, RENAME, SORT STORE, MULTI/EXEC...) marks it ready; after the command
//   that did it (Redis's handleClientsBlockedOnKeys after call()), every client waiting on a ready
//   key that now holds the type it waits for is unblocked and its command RE-RUN from scratch, so
//   the reply is exactly what the command gives on a non-empty key (and WRONGTYPE when another of
//   its keys changed type meanwhile). A re-run that finds nothing again re-blocks at the tail with
//   its original deadline;
// - on timeout the client gets a null array; CLIENT UNBLOCK gives a null array or an UNBLOCKED
//   error; a disconnect just forgets the client.
// Clients served here have their reply flushed with Output.schedule, and the rest of their input
// resumed on the next turn of the loop (Redis's processUnblockedClients in beforeSleep).
// Owned by the executor thread.

// The module binding, not the global: globalThis.performance is a lazy getter run on every access.
import { performance } from 'node:perf_hooks';
import type { Command } from '../commands/command.ts';
import { LOOKUP_NONOTIFY, LOOKUP_NOSTATS, LOOKUP_NOTOUCH, type Database } from '../store/database.ts';
import type { ObjType } from '../types/object.ts';
import type { Client } from './client.ts';
import { commandCompleted } from './dispatcher.ts';
import type { Server } from './server.ts';

/** What a blocked client waits on and what to re-run when one of its keys is ready. */
export class BlockState {
  readonly keys: string[];
  readonly type: ObjType;
  /** Absolute clock ms, or 0 to wait forever. */
  readonly deadline: number;
  readonly cmd: Command;
  readonly argv: string[];
  readonly db: Database;
  /**
   * Microseconds the command has spent executing so far (its first run, re-runs): what Redis
   * counts as its duration when it completes. Time spent waiting is not included, as in Redis.
   */
  execUs = 0;

  constructor(keys: string[], type: ObjType, deadline: number, cmd: Command, argv: string[], db: Database) {
    this.keys = keys;
    this.type = type;
    this.deadline = deadline;
    this.cmd = cmd;
    this.argv = argv;
    this.db = db;
  }
}

const LOOKUP_QUIET = LOOKUP_NOTOUCH | LOOKUP_NONOTIFY | LOOKUP_NOSTATS;

export class Blocking {
  readonly #server: Server;
  /** Per database id: key -> clients waiting on it, first come first. */
  readonly #waiting: Map<string, Client[]>[] = [];
  /** Keys signalled since the last handleReady(), as [dbid, key] pairs, each once. */
  #ready: [number, string][] = [];
  readonly #readySet = new Set<string>();
  /** Databases swapped or flushed: every waited-on key in them is checked. */
  readonly #rescan = new Set<number>();
  readonly #blocked = new Set<Client>();
  #handling = false;
  /** The client whose command is being re-run, and the deadline it keeps if it blocks again. */
  #reprocessing: Client | null = null;
  #reprocessDeadline = 0;
  #reprocessExecUs = 0;
  #timer: NodeJS.Timeout | null = null;
  #timerAt = Infinity;
  #resume: Client[] = [];
  #resumeQueued = false;

  constructor(server: Server) {
    this.#server = server;
    const hooks = server.keyspace.hooks;
    hooks.modified.push((db, key) => this.#signal(db.id, key));
    hooks.flushed.push((dbid) => {
      if (this.#blocked.size > 0) this.#rescan.add(dbid);
    });
    server.clientHooks.closed.push((c) => this.#forget(c));
  }

  /** True when handleReady() has work: checked after every command. */
  get pending(): boolean {
    return this.#ready.length > 0 || this.#rescan.size > 0;
  }

  /** Clients blocked on keys (INFO blocked_clients counts these plus paused ones). */
  get blockedClients(): number {
    return this.#blocked.size;
  }

  /** Distinct keys with at least one client waiting (INFO total_blocking_keys). */
  get blockingKeys(): number {
    let n = 0;
    for (const m of this.#waiting) if (m !== undefined) n += m.size;
    return n;
  }

  /**
   * Blocks c on keys until one of them holds a value of `type`, or until `deadline` (clock ms,
   * 0 = never). `argv` is the blocking command's, run again on a wake-up, which keeps its first
   * deadline.
   */
  block(c: Client, argv: string[], keys: readonly string[], type: ObjType, deadline: number): void {
    const rerun = this.#reprocessing === c;
    if (rerun) deadline = this.#reprocessDeadline;
    const cmd = c.lastCommand!;
    const unique = [...new Set(keys)];
    const st = new BlockState(unique, type, deadline, cmd, argv, c.db);
    if (rerun) st.execUs = this.#reprocessExecUs;
    const id = c.db.id;
    let m = this.#waiting[id];
    if (m === undefined) m = this.#waiting[id] = new Map();
    for (const k of unique) {
      const list = m.get(k);
      if (list === undefined) m.set(k, [c]);
      else list.push(c);
    }
    c.bstate = st;
    c.blocked = true;
    this.#blocked.add(c);
    if (deadline !== 0 && deadline < this.#timerAt) this.#arm(deadline);
  }

  #signal(dbid: number, key: string): void {
    if (this.#blocked.size === 0) return;
    const m = this.#waiting[dbid];
    if (m === undefined || !m.has(key)) return;
    const id = `${dbid}\0${key}`;
    if (this.#readySet.has(id)) return;
    this.#readySet.add(id);
    this.#ready.push([dbid, key]);
  }

  /** Serves clients waiting on keys made ready by the command that just ran (and by those it wakes). */
  handleReady(): void {
    if (this.#handling) return;
    this.#handling = true;
    try {
      for (const dbid of this.#rescan) {
        const m = this.#waiting[dbid];
        if (m !== undefined) for (const k of m.keys()) this.#signal(dbid, k);
      }
      this.#rescan.clear();
      while (this.#ready.length > 0) {
        const batch = this.#ready;
        this.#ready = [];
        for (const [dbid, key] of batch) {
          this.#readySet.delete(`${dbid}\0${key}`);
          this.#serveKey(dbid, key);
        }
      }
    } finally {
      this.#handling = false;
    }
  }

  #serveKey(dbid: number, key: string): void {
    const m = this.#waiting[dbid];
    const list = m?.get(key);
    if (list === undefined) return;
    const db = this.#server.keyspace.dbs[dbid]!;
    // Only the clients waiting now: one that re-blocks goes to the tail and waits for the next push.
    const snapshot = list.slice();
    for (const c of snapshot) {
      const st = c.bstate;
      if (st === null || !st.keys.includes(key)) continue;
      const o = db.lookup(key, LOOKUP_QUIET);
      if (o === undefined) return;
      if (o.type !== st.type) continue;
      this.#rerun(c, st);
    }
  }

  /** Unblocks c and runs its command again (Redis's unblockClientOnKey + reprocessing). */
  #rerun(c: Client, st: BlockState): void {
    this.#remove(c);
    c.blocked = false;
    this.#reprocessing = c;
    this.#reprocessDeadline = st.deadline;
    this.#reprocessExecUs = st.execUs;
    const w = c.w;
    const start = w.len;
    const errorsBefore = w.errors;
    const t0 = performance.now();
    c.running = true;
    this.#server.keyspace.noTouch = c.noTouch;
    try {
      st.cmd.handler!(c, st.argv);
    } catch (e) {
      w.len = start;
      w.error(`ERR internal error while running '${st.cmd.fullName}' (see the server log)`);
      this.#server.log.warning(`Internal error in '${st.cmd.fullName}': ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } finally {
      c.running = false;
      this.#server.keyspace.noTouch = false;
      this.#reprocessing = null;
    }
    const us = (performance.now() - t0) * 1000;
    if (c.bstate === null) {
      commandCompleted(this.#server, c, st.cmd, st.argv, st.execUs + us, w.errors !== errorsBefore);
      this.#done(c);
    } else {
      c.bstate.execUs += us; // blocked again: it already carries st.execUs
    }
  }

  /** Removes c from every key it waits on; clears its state but not `blocked`. */
  #remove(c: Client): void {
    const st = c.bstate;
    if (st === null) return;
    const m = this.#waiting[st.db.id];
    if (m !== undefined) {
      for (const k of st.keys) {
        const list = m.get(k);
        if (list === undefined) continue;
        const i = list.indexOf(c);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) m.delete(k);
      }
    }
    c.bstate = null;
    this.#blocked.delete(c);
  }

  /** The client's command is over: send the reply, then run what it sent meanwhile. */
  #done(c: Client): void {
    c.blocked = false;
    this.#server.output.schedule(c);
    this.#resume.push(c);
    if (!this.#resumeQueued) {
      this.#resumeQueued = true;
      setImmediate(() => this.#resumeAll());
    }
  }

  #resumeAll(): void {
    this.#resumeQueued = false;
    const list = this.#resume;
    this.#resume = [];
    for (const c of list) if (!c.closing && !c.blocked) this.#server.resumeClient(c);
  }

  /** Wakes c as if it timed out (null array) or with an error; false when it is not blocked on keys. */
  unblock(c: Client, error: string | null): boolean {
    const st = c.bstate;
    if (st === null) return false;
    this.#remove(c);
    if (error === null) c.w.nullArray();
    else c.w.error(error);
    commandCompleted(this.#server, c, st.cmd, st.argv, st.execUs, error !== null);
    this.#done(c);
    return true;
  }

  #forget(c: Client): void {
    if (c.bstate !== null) this.#remove(c);
  }

  /** Times out every client whose deadline has passed (the cron and the timer call this). */
  checkTimeouts(): void {
    if (this.#blocked.size === 0) return;
    const now = this.#server.clock.now();
    let next = Infinity;
    for (const c of [...this.#blocked]) {
      const d = c.bstate!.deadline;
      if (d === 0) continue;
      // As Redis: a client times out once its deadline is in the past.
      if (d < now) this.unblock(c, null);
      else if (d < next) next = d;
    }
    this.#disarm();
    if (next !== Infinity) this.#arm(next);
  }

  #arm(deadline: number): void {
    this.#disarm();
    this.#timerAt = deadline;
    const delay = Math.max(1, Math.min(deadline - this.#server.clock.now() + 1, 2 ** 31 - 1));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#timerAt = Infinity;
      this.checkTimeouts();
    }, delay);
    this.#timer.unref();
  }

  #disarm(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#timerAt = Infinity;
  }

  /** Server shutdown. */
  stop(): void {
    this.#disarm();
  }
}
