// Transactions: the MULTI queue and WATCH (optimistic locking), as Redis's multi.c. The dispatcher
// queues commands here while a client is in MULTI and flags the transaction when one is rejected;
// EXEC runs the queue through the dispatcher's call() so stats, CLIENT REPLY and errors behave as
// for any command. WATCH keeps, per database, key -> the watchers of that key, invalidated through
// the keyspace's modified and flushed hooks. Owned by the executor thread.

import type { Command } from '../commands/command.ts';
import { ERR_EXEC_ABORT } from '../protocol/errors.ts';
import type { Database } from '../store/database.ts';
import type { Client } from './client.ts';
import { call } from './dispatcher.ts';
import type { Server } from './server.ts';

export interface QueuedCommand {
  readonly cmd: Command;
  readonly argv: string[];
}

/** One client watching one key of one database (the same object sits in both indexes). */
export interface WatchedKey {
  readonly client: Client;
  readonly db: Database;
  readonly key: string;
  /**
   * The key was already logically expired when WATCHed: its deletion by expiry is no change (Redis
   * 7's rule), but anything else that touches it is.
   */
  expired: boolean;
}

/** Watched keys by database id, then key. `size` lets every write skip the lookup when nobody watches. */
export class WatchRegistry {
  readonly byDb: Map<string, WatchedKey[]>[] = [];
  size = 0;

  constructor(databases: number) {
    for (let i = 0; i < databases; i++) this.byDb.push(new Map());
  }
}

/** Commands that run at once even inside MULTI (Redis's processCommand exceptions). */
const NOT_QUEUED = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

/** True when, inside MULTI, this command is queued rather than run. */
export function isQueued(cmd: Command): boolean {
  return !NOT_QUEUED.has(cmd.fullName);
}

/** Queues a command for EXEC. A transaction that will fail anyway stores nothing more (as Redis). */
export function queueCommand(c: Client, cmd: Command, argv: string[]): void {
  if (c.dirtyExec || c.dirtyCas) return;
  (c.multiQueue ??= []).push({ cmd, argv });
  c.multi++;
  if (cmd.isWrite || cmd.hasFlag('may_replicate')) c.multiWrites = true;
}

/**
 * CLIENT LIST's multi-mem: the bytes of the queued arguments plus a pointer per argument, as Redis
 * counts its mstate.argv_len_sums.
 */
export function multiMemory(c: Client): number {
  const q = c.multiQueue;
  if (q === null) return 0;
  let n = 0;
  for (const { argv } of q) {
    n += 8 * argv.length;
    for (const a of argv) n += a.length;
  }
  return n;
}

/** A command was rejected while queueing: EXEC must fail with EXECABORT. */
export function flagTransaction(c: Client): void {
  if (c.multi !== -1) c.dirtyExec = true;
}

export function startTransaction(c: Client): void {
  c.multi = 0;
  c.multiQueue = null;
}

/** Leaves MULTI and forgets the queue, the dirty flags and every watched key. */
export function discardTransaction(c: Client): void {
  c.multi = -1;
  c.multiQueue = null;
  c.multiWrites = false;
  c.dirtyCas = false;
  c.dirtyExec = false;
  unwatchAll(c);
}

/**
 * EXEC was rejected before it could run (wrong arity, NOAUTH...): the transaction is discarded and
 * the reason wrapped, as Redis's execCommandAbort (which quotes it without the `ERR ` prefix).
 */
export function execAbortMessage(c: Client, message: string): string {
  discardTransaction(c);
  return `EXECABORT Transaction discarded because of: ${message.startsWith('ERR ') ? message.slice(4) : message}`;
}

/** EXEC: runs the queue (or refuses, for a touched WATCH or a queueing error). */
export function execTransaction(s: Server, c: Client): void {
  const w = c.w;
  // Redis 7: a watched key that expired since WATCH counts as changed, even if not yet deleted.
  if (!c.dirtyCas && isWatchedKeyExpired(c)) c.dirtyCas = true;
  if (c.dirtyExec || c.dirtyCas) {
    if (c.dirtyExec) w.error(ERR_EXEC_ABORT);
    else w.nullArray();
    discardTransaction(c);
    return;
  }
  const queue = c.multiQueue;
  unwatchAll(c); // nothing the transaction does to its own keys may fail it
  c.inExec = true;
  const errors = w.errors;
  if (queue === null) {
    w.array(0);
  } else {
    w.array(queue.length);
    for (let i = 0; i < queue.length; i++) {
      const q = queue[i]!;
      call(s, c, q.cmd, q.argv);
    }
  }
  // Each queued command's error replies were counted as its own failure (and in errorstats); as in
  // Redis they must not also count EXEC as failed, which call() judges by this counter.
  w.errors = errors;
  c.inExec = false;
  discardTransaction(c);
}

// --- WATCH ---

/** WATCH of one key in the client's current database (a key watched twice is kept once). */
export function watchKey(c: Client, key: string): void {
  const db = c.db;
  const reg = c.server.watches;
  const map = reg.byDb[db.id]!;
  const list = map.get(key);
  // Already watched? Searching the key's watchers (usually few) keeps WATCH of n keys linear.
  if (list !== undefined) for (const wk of list) if (wk.client === c) return;
  const wk: WatchedKey = { client: c, db, key, expired: db.isExpired(key) };
  (c.watched ??= []).push(wk);
  if (list === undefined) map.set(key, [wk]);
  else list.push(wk);
  reg.size++;
}

/** Forgets every key the client watches (the dirty flag is the caller's business). */
export function unwatchAll(c: Client): void {
  const mine = c.watched;
  if (mine === null) return;
  c.watched = null;
  const reg = c.server.watches;
  for (const wk of mine) {
    const map = reg.byDb[wk.db.id]!;
    const list = map.get(wk.key);
    if (list === undefined) continue;
    const i = list.indexOf(wk);
    if (i !== -1) {
      list.splice(i, 1);
      reg.size--;
    }
    if (list.length === 0) map.delete(wk.key);
  }
}

/** True when a key watched while alive has logically expired since (checked by EXEC). */
function isWatchedKeyExpired(c: Client): boolean {
  const mine = c.watched;
  if (mine === null) return false;
  for (const wk of mine) if (!wk.expired && wk.db.isExpired(wk.key)) return true;
  return false;
}

/** Marks the client's transaction as failed; its watches are no longer needed. */
function dirty(c: Client): void {
  c.dirtyCas = true;
  unwatchAll(c);
}

/** A write touched `key` in `db` (keyspace hook `modified`): its watchers' EXEC will fail. */
export function touchWatchedKey(reg: WatchRegistry, db: Database, key: string): void {
  const list = reg.byDb[db.id]!.get(key);
  if (list === undefined) return;
  const hit: Client[] = [];
  for (const wk of list) {
    if (wk.expired) {
      // It was expired when watched and is now gone (deleted by expiry): logically no change.
      if (!db.dict.has(key)) {
        wk.expired = false;
        continue;
      }
    }
    hit.push(wk.client);
  }
  for (const c of hit) dirty(c);
}

/**
 * A database is about to be emptied (FLUSHDB/FLUSHALL), or swapped with `replacedWith` (SWAPDB):
 * every watched key that exists in it, or will exist after the swap, is touched. Redis's
 * touchAllWatchedKeysInDb, including its rules for keys that were already expired.
 */
export function touchWatchedKeysInDb(reg: WatchRegistry, emptied: Database, replacedWith: Database | null): void {
  const map = reg.byDb[emptied.id]!;
  if (map.size === 0) return;
  const hit: Client[] = [];
  for (const [key, list] of map) {
    const existsInEmptied = emptied.dict.has(key);
    const existsInOther = replacedWith !== null && replacedWith.dict.has(key);
    if (!existsInEmptied && !existsInOther) continue;
    // Only meaningful when the key exists in the other database.
    const expiredInOther = existsInOther && replacedWith.isExpired(key);
    for (const wk of list) {
      if (wk.expired) {
        if (!existsInOther) {
          wk.expired = false; // the expired key is simply gone
          continue;
        }
        if (expiredInOther) continue; // expired before, expired after
      } else if (!existsInEmptied && expiredInOther) {
        wk.expired = true; // a missing key replaced by an expired one: still logically missing
        continue;
      }
      hit.push(wk.client);
    }
  }
  for (const c of hit) dirty(c);
}

/** Wires WATCH invalidation and client cleanup into the server's hooks. */
export function installTransactions(s: Server): void {
  const reg = s.watches;
  const ks = s.keyspace;
  ks.hooks.modified.push((db, key) => {
    if (reg.size !== 0) touchWatchedKey(reg, db, key);
  });
  ks.hooks.flushed.push((dbid, swap, other) => {
    if (reg.size !== 0) touchWatchedKeysInDb(reg, ks.dbs[dbid]!, swap ? (ks.dbs[other] ?? null) : null);
  });
  const cleanup = (c: Client): void => {
    if (c.multi !== -1 || c.watched !== null) discardTransaction(c);
  };
  s.clientHooks.closed.push(cleanup);
  s.clientHooks.reset.push(cleanup);
}
