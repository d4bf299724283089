// String commands that read or replace whole values: GET, SET and its variants, GETSET, GETDEL,
// GETEX, MGET, MSET, MSETNX. GET/SET/MGET/MSET are hot paths: a plain SET does no option work
// beyond a length check. Range, counter and bit commands live in their own modules.

import type { Client } from '../../server/client.ts';
import { errArity, ERR_INVALID_EXPIRE, ERR_NOT_INTEGER, ERR_SYNTAX, ERR_WRONGTYPE } from '../../protocol/errors.ts';
import { stringValue } from '../../types/string.ts';
import { INT64_MAX, parseInt64, parseInteger } from '../../util/numbers.ts';
import { LOOKUP_WRITE } from '../../store/database.ts';
import type { Handler } from '../command.ts';

// Option flags of SET and GETEX, as Redis's OBJ_* flags.
const NX = 1;
const XX = 2;
const EX = 4;
const PX = 8;
const KEEPTTL = 16;
const GET = 32;
const EXAT = 64;
const PXAT = 128;
const PERSIST = 256;
const ANY_EXPIRE = EX | PX | EXAT | PXAT;

/** Parsed options; `expire` is the argument holding the time, or null. */
interface StringOptions {
  flags: number;
  expire: string | null;
}

function isWord(opt: string, word: string): boolean {
  return opt.length === word.length && opt.toUpperCase() === word;
}

/**
 * Parses SET's (forSet) or GETEX's options from argv[start], as Redis's
 * parseExtendedStringArgumentsOrReply: each option may repeat, conflicting ones are a syntax error.
 * Returns null after replying with the error.
 */
function parseOptions(c: Client, argv: string[], start: number, forSet: boolean): StringOptions | null {
  let flags = 0;
  let expire: string | null = null;
  for (let j = start; j < argv.length; j++) {
    const opt = argv[j]!;
    const hasNext = j < argv.length - 1;
    let add = 0;
    if (forSet && isWord(opt, 'NX') && (flags & XX) === 0) add = NX;
    else if (forSet && isWord(opt, 'XX') && (flags & NX) === 0) add = XX;
    else if (forSet && isWord(opt, 'GET')) add = GET;
    else if (forSet && isWord(opt, 'KEEPTTL') && (flags & (PERSIST | ANY_EXPIRE)) === 0) add = KEEPTTL;
    else if (!forSet && isWord(opt, 'PERSIST') && (flags & (ANY_EXPIRE | KEEPTTL)) === 0) add = PERSIST;
    else if (hasNext && (flags & (KEEPTTL | PERSIST)) === 0) {
      if (isWord(opt, 'EX') && (flags & (EXAT | PX | PXAT)) === 0) add = EX;
      else if (isWord(opt, 'PX') && (flags & (EX | EXAT | PXAT)) === 0) add = PX;
      else if (isWord(opt, 'EXAT') && (flags & (EX | PX | PXAT)) === 0) add = EXAT;
      else if (isWord(opt, 'PXAT') && (flags & (EX | EXAT | PX)) === 0) add = PXAT;
      if (add !== 0) expire = argv[++j]!;
    }
    if (add === 0) {
      c.w.error(ERR_SYNTAX);
      return null;
    }
    flags |= add;
  }
  return { flags, expire };
}

/**
 * The absolute expiry (ms) an EX/PX/EXAT/PXAT argument asks for, with Redis's checks
 * (getExpireMillisecondsOrReply): not positive, or overflowing int64 once converted, is an error
 * naming the command. Returns null after replying.
 */
export function expireArgToMs(c: Client, arg: string, flags: number, cmdName: string): number | null {
  const seconds = (flags & (EX | EXAT)) !== 0;
  const relative = (flags & (EX | PX)) !== 0;
  if (arg.length < 16) {
    // Below 10^15: no overflow is possible, plain numbers are exact enough.
    let ms = parseInteger(arg);
    if (ms === null) {
      c.w.error(ERR_NOT_INTEGER);
      return null;
    }
    if (ms <= 0) {
      c.w.error(ERR_INVALID_EXPIRE(cmdName));
      return null;
    }
    if (seconds) ms *= 1000;
    return relative ? ms + c.db.ks.clock.now() : ms;
  }
  let v = parseInt64(arg);
  if (v === null) {
    c.w.error(ERR_NOT_INTEGER);
    return null;
  }
  if (v <= 0n || (seconds && v > INT64_MAX / 1000n)) {
    c.w.error(ERR_INVALID_EXPIRE(cmdName));
    return null;
  }
  if (seconds) v *= 1000n;
  if (relative) v += BigInt(c.db.ks.clock.now());
  // Redis adds in signed 64 bits and rejects the wrapped (negative) result.
  if (v > INT64_MAX) {
    c.w.error(ERR_INVALID_EXPIRE(cmdName));
    return null;
  }
  return Number(v);
}

/** Replies with the key's string value or nil; false (after a WRONGTYPE error) for other types. */
function getGeneric(c: Client, key: string): boolean {
  const db = c.db;
  const o = db.lookupString(key);
  if (o === undefined) c.w.nullBulk();
  else if (typeof o === 'number') db.slab.bulkTo(c.w, o); // kept off the heap: sent from its bytes
  else if (o.type !== 'string') {
    c.w.error(ERR_WRONGTYPE);
    return false;
  } else c.w.bulk(typeof o.value === 'string' ? o.value : String(o.value));
  return true;
}

/** GET key */
function getCommand(c: Client, argv: string[]): void {
  getGeneric(c, argv[1]!);
}

/**
 * The body of SET, SETNX, SETEX and PSETEX (Redis's setGenericCommand). `okReply`/`abortReply`
 * say what to send: 'ok' → +OK, 'one'/'zero' → :1/:0, 'null' → nil.
 */
function setGeneric(
  c: Client,
  flags: number,
  key: string,
  value: string,
  expire: string | null,
  cmdName: string,
  okReply: 'ok' | 'one',
  abortReply: 'null' | 'zero',
): void {
  const db = c.db;
  let when = 0;
  if (expire !== null) {
    const ms = expireArgToMs(c, expire, flags, cmdName);
    if (ms === null) return;
    when = ms;
  }
  if ((flags & GET) !== 0 && !getGeneric(c, key)) return;
  const found = db.lookupExists(key, LOOKUP_WRITE);
  if (((flags & NX) !== 0 && found) || ((flags & XX) !== 0 && !found)) {
    if ((flags & GET) === 0) {
      if (abortReply === 'zero') c.w.integer(0);
      else c.w.nullBulk();
    }
    return;
  }
  // With an expire to set, the old TTL is kept until overwritten (Redis avoids delete+create).
  db.setString(key, value, (flags & KEEPTTL) !== 0 || expire !== null);
  db.ks.notify('$', 'set', key, db.id);
  if (expire !== null) {
    db.setExpire(key, when);
    db.ks.notify('g', 'expire', key, db.id);
  }
  if ((flags & GET) === 0) {
    if (okReply === 'one') c.w.integer(1);
    else c.w.ok();
  }
}

/** SET key value [NX|XX] [GET] [EX seconds|PX ms|EXAT unix-s|PXAT unix-ms|KEEPTTL] */
function setCommand(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    // The hot path: no options.
    const db = c.db;
    const key = argv[1]!;
    // An access under LFU, as Redis's lookupKeyWrite; set() hands the counter on.
    if (db.ks.lfu !== null) db.lookupExists(key, LOOKUP_WRITE);
    else if (db.expires.size !== 0) db.expireIfNeeded(key);
    // A value of up to 44 bytes goes to the database's slab, off the heap: no young object for an
    // old entry to point at (see store/string-slab.ts).
    db.setString(key, argv[2]!);
    db.ks.notify('$', 'set', key, db.id);
    c.w.ok();
    return;
  }
  const opts = parseOptions(c, argv, 3, true);
  if (opts === null) return;
  setGeneric(c, opts.flags, argv[1]!, argv[2]!, opts.expire, 'set', 'ok', 'null');
}

/** SETNX key value */
function setnxCommand(c: Client, argv: string[]): void {
  setGeneric(c, NX, argv[1]!, argv[2]!, null, 'setnx', 'one', 'zero');
}

/** SETEX key seconds value */
function setexCommand(c: Client, argv: string[]): void {
  setGeneric(c, EX, argv[1]!, argv[3]!, argv[2]!, 'setex', 'ok', 'null');
}

/** PSETEX key milliseconds value */
function psetexCommand(c: Client, argv: string[]): void {
  setGeneric(c, PX, argv[1]!, argv[3]!, argv[2]!, 'psetex', 'ok', 'null');
}

/** GETSET key value */
function getsetCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  if (!getGeneric(c, key)) return;
  const db = c.db;
  db.setString(key, argv[2]!);
  db.ks.notify('$', 'set', key, db.id);
}

/** GETDEL key */
function getdelCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  if (!getGeneric(c, key)) return;
  if (c.db.delete(key)) c.db.ks.notify('g', 'del', key, c.db.id);
}

/** GETEX key [EX seconds|PX ms|EXAT unix-s|PXAT unix-ms|PERSIST] */
function getexCommand(c: Client, argv: string[]): void {
  const opts = parseOptions(c, argv, 2, false);
  if (opts === null) return;
  const db = c.db;
  const key = argv[1]!;
  const o = db.lookupView(key, 0);
  if (o === undefined) {
    c.w.nullBulk();
    return;
  }
  if (o.type !== 'string') {
    c.w.error(ERR_WRONGTYPE);
    return;
  }
  // The time is checked only once the key is known to exist, as Redis does.
  let when = 0;
  if (opts.expire !== null) {
    const ms = expireArgToMs(c, opts.expire, opts.flags, 'getex');
    if (ms === null) return;
    when = ms;
  }
  c.w.bulk(stringValue(o));
  if ((opts.flags & (EXAT | PXAT)) !== 0 && when <= db.ks.clock.now()) {
    // An absolute time already past deletes the key (propagated as DEL).
    db.delete(key);
    db.ks.notify('g', 'del', key, db.id);
  } else if (opts.expire !== null) {
    db.setExpire(key, when);
    db.ks.signalModified(db, key);
    db.ks.dirty++;
    db.ks.notify('g', 'expire', key, db.id);
  } else if ((opts.flags & PERSIST) !== 0 && db.removeExpire(key)) {
    db.ks.signalModified(db, key);
    db.ks.dirty++;
    db.ks.notify('g', 'persist', key, db.id);
  }
}

/** MGET key [key ...] */
function mgetCommand(c: Client, argv: string[]): void {
  const w = c.w;
  const db = c.db;
  w.array(argv.length - 1);
  for (let j = 1; j < argv.length; j++) {
    const o = db.lookupString(argv[j]!);
    if (o === undefined) w.nullBulk();
    else if (typeof o === 'number') db.slab.bulkTo(w, o);
    else if (o.type !== 'string') w.nullBulk();
    else w.bulk(typeof o.value === 'string' ? o.value : String(o.value));
  }
}

function msetGeneric(c: Client, argv: string[], nx: boolean, name: string): void {
  if (argv.length % 2 === 0) {
    c.w.error(errArity(name));
    return;
  }
  const db = c.db;
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (db.lookupExists(argv[j]!, LOOKUP_WRITE)) {
        c.w.integer(0);
        return;
      }
    }
  }
  for (let j = 1; j < argv.length; j += 2) {
    const key = argv[j]!;
    if (db.expires.size !== 0) db.expireIfNeeded(key);
    db.setString(key, argv[j + 1]!);
    db.ks.notify('$', 'set', key, db.id);
  }
  if (nx) c.w.integer(1);
  else c.w.ok();
}

/** MSET key value [key value ...] */
function msetCommand(c: Client, argv: string[]): void {
  msetGeneric(c, argv, false, 'mset');
}

/** MSETNX key value [key value ...] */
function msetnxCommand(c: Client, argv: string[]): void {
  msetGeneric(c, argv, true, 'msetnx');
}

export const handlers: Record<string, Handler> = {
  get: getCommand,
  set: setCommand,
  setnx: setnxCommand,
  setex: setexCommand,
  psetex: psetexCommand,
  getset: getsetCommand,
  getdel: getdelCommand,
  getex: getexCommand,
  mget: mgetCommand,
  mset: msetCommand,
  msetnx: msetnxCommand,
};
