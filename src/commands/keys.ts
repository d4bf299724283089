// Generic keyspace commands: deleting, testing, typing, listing, renaming, moving and copying keys,
// and the database-wide DBSIZE, FLUSHDB, FLUSHALL, SWAPDB. Each write signals the keys it touched
// (WATCH) and emits the 'g' keyspace events Redis emits, in Redis's order. SCAN is in scan.ts,
// OBJECT in object.ts, the expiry commands in expire.ts.

import type { Client } from '../server/client.ts';
import { ERR_DB_INDEX, ERR_INT_RANGE, ERR_INVALID_FIRST_DB, ERR_INVALID_SECOND_DB, ERR_NO_SUCH_KEY, ERR_NOT_INTEGER, ERR_SAME_OBJECT, ERR_SYNTAX, ERR_UNKNOWN_TYPE_OBJECT } from '../protocol/errors.ts';
import type { Database } from '../store/database.ts';
import { LOOKUP_NOTOUCH, LOOKUP_WRITE } from '../store/database.ts';
import { duplicateObject } from '../types/duplicate.ts';
import { globMatch, isMatchAll } from '../util/glob.ts';
import { parseInteger } from '../util/numbers.ts';
import type { Handler } from './command.ts';

/**
 * A database index argument as Redis's getIntFromObjectOrReply reads it: an int64, then an int32.
 * With `msg`, that message replaces both errors (SWAPDB). Replies and returns null when invalid.
 */
function parseDbArg(c: Client, s: string, msg?: string): number | null {
  const n = parseInteger(s);
  if (n === null) {
    c.w.error(msg ?? ERR_NOT_INTEGER);
    return null;
  }
  if (n < -2147483648 || n > 2147483647) {
    c.w.error(msg ?? ERR_INT_RANGE);
    return null;
  }
  return n;
}

/** The database with that index, or undefined when out of range (Redis's selectDb failing). */
function dbAt(c: Client, id: number): Database | undefined {
  return c.db.ks.dbs[id];
}

/** DEL and UNLINK: both O(1) per key here; the GC frees values in the background either way. */
function delGeneric(c: Client, argv: string[]): void {
  const db = c.db;
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i]!;
    if (db.expires.size !== 0) db.expireIfNeeded(key);
    if (db.delete(key)) {
      db.ks.notify('g', 'del', key, db.id);
      n++;
    }
  }
  c.w.integer(n);
}

/** DEL key [key ...] */
function delCommand(c: Client, argv: string[]): void {
  delGeneric(c, argv);
}

/** UNLINK key [key ...] */
function unlinkCommand(c: Client, argv: string[]): void {
  delGeneric(c, argv);
}

/** EXISTS key [key ...] */
function existsCommand(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (c.db.lookupExists(argv[i]!, LOOKUP_NOTOUCH)) n++;
  c.w.integer(n);
}

/** TOUCH key [key ...] (touches even for a CLIENT NO-TOUCH client: that is its purpose) */
function touchCommand(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (c.db.lookupExists(argv[i]!, 0)) n++;
  c.w.integer(n);
}

/** TYPE key */
function typeCommand(c: Client, argv: string[]): void {
  c.w.simple(c.db.lookupType(argv[1]!, LOOKUP_NOTOUCH) ?? 'none');
}

/** KEYS pattern */
function keysCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const pattern = argv[1]!;
  const all = isMatchAll(pattern);
  const out: string[] = [];
  const volatile = db.expires.size !== 0;
  // Logically expired keys are left out but not deleted, as Redis's keysCommand does.
  db.dict.forEach((_o, key) => {
    if ((all || globMatch(pattern, key)) && !(volatile && db.isExpired(key))) out.push(key);
  });
  c.w.bulkArray(out);
}

/** RANDOMKEY */
function randomkeyCommand(c: Client): void {
  const key = c.db.randomKey();
  if (key === undefined) c.w.nullBulk();
  else c.w.bulk(key);
}

/** DBSIZE */
function dbsizeCommand(c: Client): void {
  c.w.integer(c.db.size);
}

/** RENAME and RENAMENX. */
function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const db = c.db;
  const src = argv[1]!;
  const dst = argv[2]!;
  // The lookup lookupWrite would make, leaving a small string in the slab for renameKey to move.
  if (!db.lookupExists(src, LOOKUP_WRITE)) {
    c.w.error(ERR_NO_SUCH_KEY);
    return;
  }
  if (src === dst) {
    if (nx) c.w.integer(0);
    else c.w.ok();
    return;
  }
  const expire = db.getExpire(src);
  const dirty = db.ks.dirty;
  if (db.lookupExists(dst, LOOKUP_WRITE)) {
    if (nx) {
      c.w.integer(0);
      return;
    }
    db.delete(dst);
  }
  db.renameKey(src, dst);
  if (expire !== -1) db.setExpire(dst, expire);
  db.ks.dirty = dirty + 1; // one write, as Redis counts it
  db.ks.notify('g', 'rename_from', src, db.id);
  db.ks.notify('g', 'rename_to', dst, db.id);
  if (nx) c.w.integer(1);
  else c.w.ok();
}

/** RENAME key newkey */
function renameCommand(c: Client, argv: string[]): void {
  renameGeneric(c, argv, false);
}

/** RENAMENX key newkey */
function renamenxCommand(c: Client, argv: string[]): void {
  renameGeneric(c, argv, true);
}

/** MOVE key db */
function moveCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const src = c.db;
  const id = parseDbArg(c, argv[2]!);
  if (id === null) return;
  const dst = dbAt(c, id);
  if (dst === undefined) {
    c.w.error(ERR_DB_INDEX);
    return;
  }
  if (dst === src) {
    c.w.error(ERR_SAME_OBJECT);
    return;
  }
  if (!src.lookupExists(key, LOOKUP_WRITE) || dst.lookupExists(key, LOOKUP_WRITE)) {
    c.w.integer(0);
    return;
  }
  const expire = src.getExpire(key);
  const dirty = src.ks.dirty;
  src.moveKeyTo(dst, key);
  if (expire !== -1) dst.setExpire(key, expire);
  src.ks.dirty = dirty + 1;
  src.ks.notify('g', 'move_from', key, src.id);
  src.ks.notify('g', 'move_to', key, dst.id);
  c.w.integer(1);
}

/** COPY source destination [DB destination-db] [REPLACE] */
function copyCommand(c: Client, argv: string[]): void {
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i]!.toLowerCase();
    if (opt === 'replace') {
      replace = true;
    } else if (opt === 'db' && i + 1 < argv.length) {
      const id = parseDbArg(c, argv[++i]!);
      if (id === null) return;
      const d = dbAt(c, id);
      if (d === undefined) {
        c.w.error(ERR_DB_INDEX);
        return;
      }
      dst = d;
    } else {
      c.w.error(ERR_SYNTAX);
      return;
    }
  }
  const key = argv[1]!;
  const newkey = argv[2]!;
  if (src === dst && key === newkey) {
    c.w.error(ERR_SAME_OBJECT);
    return;
  }
  const o = src.lookupString(key);
  if (o === undefined) {
    c.w.integer(0);
    return;
  }
  const expire = src.getExpire(key);
  const exists = dst.lookupExists(newkey, LOOKUP_WRITE);
  if (exists && !replace) {
    c.w.integer(0);
    return;
  }
  // A small string kept in the slab is copied as SET would store its bytes: the same encoding.
  const copy = typeof o === 'number' ? src.slab.string(o) : duplicateObject(o, dst.ks.lruClock());
  if (copy === null) {
    c.w.error(ERR_UNKNOWN_TYPE_OBJECT);
    return;
  }
  const dirty = dst.ks.dirty;
  if (exists) dst.delete(newkey);
  if (typeof copy === 'string') dst.setString(newkey, copy);
  else dst.add(newkey, copy);
  if (expire !== -1) dst.setExpire(newkey, expire);
  dst.ks.dirty = dirty + 1;
  dst.ks.notify('g', 'copy_to', newkey, dst.id);
  c.w.integer(1);
}

/** SWAPDB index1 index2 */
function swapdbCommand(c: Client, argv: string[]): void {
  const a = parseDbArg(c, argv[1]!, ERR_INVALID_FIRST_DB);
  if (a === null) return;
  const b = parseDbArg(c, argv[2]!, ERR_INVALID_SECOND_DB);
  if (b === null) return;
  if (a < 0 || b < 0 || !c.db.ks.swapDbs(a, b)) {
    c.w.error(ERR_DB_INDEX);
    return;
  }
  c.db.ks.dirty++;
  c.w.ok();
}

/** The optional ASYNC|SYNC of FLUSHDB/FLUSHALL; both are O(1) here. False (after replying) on bad syntax. */
function flushArgsOk(c: Client, argv: string[]): boolean {
  if (argv.length === 1) return true;
  const mode = argv[1]!.toLowerCase();
  if (argv.length === 2 && (mode === 'sync' || mode === 'async')) return true;
  c.w.error(ERR_SYNTAX);
  return false;
}

/** FLUSHDB [ASYNC|SYNC] */
function flushdbCommand(c: Client, argv: string[]): void {
  if (!flushArgsOk(c, argv)) return;
  c.db.ks.dirty += c.db.ks.flush(c.db.id);
  c.w.ok();
}

/** FLUSHALL [ASYNC|SYNC] */
function flushallCommand(c: Client, argv: string[]): void {
  if (!flushArgsOk(c, argv)) return;
  const ks = c.db.ks;
  // Redis 7.2 counts the removed keys only (7.0 added one more so that an empty FLUSHALL propagated).
  ks.dirty += ks.flush(-1);
  c.w.ok();
}

export const handlers: Record<string, Handler> = {
  del: delCommand,
  unlink: unlinkCommand,
  exists: existsCommand,
  touch: touchCommand,
  type: typeCommand,
  keys: keysCommand,
  randomkey: randomkeyCommand,
  dbsize: dbsizeCommand,
  rename: renameCommand,
  renamenx: renamenxCommand,
  move: moveCommand,
  copy: copyCommand,
  swapdb: swapdbCommand,
  flushdb: flushdbCommand,
  flushall: flushallCommand,
};
