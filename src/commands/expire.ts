// Expiry commands: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT with NX|XX|GT|LT, the TTL family and
// PERSIST, with Redis 7.2's argument order, overflow checks, errors and keyspace events. A time
// already past deletes the key (event `del`, not `expired`), as Redis does.
//
// Times are int64 milliseconds in Redis; the arithmetic and checks here are exact (BigInt), but
// stored expiry times are JS numbers, exact up to 2^53 ms (year 287396). Beyond that PEXPIRETIME
// reports the nearest double.

import type { Client } from '../server/client.ts';
import {
  ERR_EXPIRE_GT_LT,
  ERR_EXPIRE_NX_XX,
  ERR_INVALID_EXPIRE,
  ERR_NOT_INTEGER,
  ERR_UNSUPPORTED_OPTION,
} from '../protocol/errors.ts';
import { LOOKUP_NOTOUCH, LOOKUP_WRITE } from '../store/database.ts';
import { INT64_MAX, INT64_MIN, parseInt64 } from '../util/numbers.ts';
import type { Handler } from './command.ts';

const NX = 1;
const XX = 2;
const GT = 4;
const LT = 8;

/** Parses NX|XX|GT|LT from argv[3...]; replies and returns -1 on error (before the time is parsed). */
function parseExpireFlags(c: Client, argv: string[]): number {
  let flags = 0;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i]!.toLowerCase();
    if (opt === 'nx') flags |= NX;
    else if (opt === 'xx') flags |= XX;
    else if (opt === 'gt') flags |= GT;
    else if (opt === 'lt') flags |= LT;
    else {
      c.w.error(ERR_UNSUPPORTED_OPTION(argv[i]!));
      return -1;
    }
  }
  if ((flags & NX) !== 0 && (flags & (XX | GT | LT)) !== 0) {
    c.w.error(ERR_EXPIRE_NX_XX);
    return -1;
  }
  if ((flags & GT) !== 0 && (flags & LT) !== 0) {
    c.w.error(ERR_EXPIRE_GT_LT);
    return -1;
  }
  return flags;
}

/** The shared body: `basetime` is now (relative forms) or 0 (absolute), `seconds` the unit. */
function expireGeneric(c: Client, argv: string[], basetime: number, seconds: boolean, name: string): void {
  const flags = parseExpireFlags(c, argv);
  if (flags < 0) return;
  let when = parseInt64(argv[2]!);
  if (when === null) {
    c.w.error(ERR_NOT_INTEGER);
    return;
  }
  if (seconds) {
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) {
      c.w.error(ERR_INVALID_EXPIRE(name));
      return;
    }
    when *= 1000n;
  }
  const base = BigInt(basetime);
  if (when > INT64_MAX - base) {
    c.w.error(ERR_INVALID_EXPIRE(name));
    return;
  }
  when += base;
  const db = c.db;
  const key = argv[1]!;
  if (!db.lookupExists(key, LOOKUP_WRITE)) {
    c.w.integer(0);
    return;
  }
  const at = Number(when);
  if (flags !== 0) {
    const current = db.getExpire(key);
    // No TTL counts as an infinite one: GT never beats it, LT always does.
    const fail =
      ((flags & NX) !== 0 && current !== -1) ||
      ((flags & XX) !== 0 && current === -1) ||
      ((flags & GT) !== 0 && (current === -1 || at <= current)) ||
      ((flags & LT) !== 0 && current !== -1 && at >= current);
    if (fail) {
      c.w.integer(0);
      return;
    }
  }
  if (at <= db.ks.clock.now()) {
    db.delete(key);
    db.ks.notify('g', 'del', key, db.id);
  } else {
    db.setExpire(key, at);
    db.ks.dirty++;
    db.ks.signalModified(db, key);
    db.ks.notify('g', 'expire', key, db.id);
  }
  c.w.integer(1);
}

/** EXPIRE key seconds [NX|XX|GT|LT] */
function expireCommand(c: Client, argv: string[]): void {
  expireGeneric(c, argv, c.db.ks.clock.now(), true, 'expire');
}

/** PEXPIRE key milliseconds [NX|XX|GT|LT] */
function pexpireCommand(c: Client, argv: string[]): void {
  expireGeneric(c, argv, c.db.ks.clock.now(), false, 'pexpire');
}

/** EXPIREAT key unix-time-seconds [NX|XX|GT|LT] */
function expireatCommand(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 0, true, 'expireat');
}

/** PEXPIREAT key unix-time-milliseconds [NX|XX|GT|LT] */
function pexpireatCommand(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 0, false, 'pexpireat');
}

/** TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 without the key, -1 without a TTL. */
function ttlGeneric(c: Client, argv: string[], ms: boolean, absolute: boolean): void {
  const db = c.db;
  const key = argv[1]!;
  if (!db.lookupExists(key, LOOKUP_NOTOUCH)) {
    c.w.integer(-2);
    return;
  }
  const expire = db.getExpire(key);
  if (expire === -1) {
    c.w.integer(-1);
    return;
  }
  const ttl = Math.max(0, absolute ? expire : expire - db.ks.clock.now());
  // Seconds are rounded to the nearest, as Redis's (ttl+500)/1000.
  c.w.integer(ms ? ttl : Math.floor((ttl + 500) / 1000));
}

/** TTL key */
function ttlCommand(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, false, false);
}

/** PTTL key */
function pttlCommand(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, true, false);
}

/** EXPIRETIME key */
function expiretimeCommand(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, false, true);
}

/** PEXPIRETIME key */
function pexpiretimeCommand(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, true, true);
}

/** PERSIST key */
function persistCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1]!;
  if (db.lookupExists(key, LOOKUP_WRITE) && db.removeExpire(key)) {
    db.ks.signalModified(db, key);
    db.ks.notify('g', 'persist', key, db.id);
    db.ks.dirty++;
    c.w.integer(1);
  } else {
    c.w.integer(0);
  }
}

export const handlers: Record<string, Handler> = {
  expire: expireCommand,
  pexpire: pexpireCommand,
  expireat: expireatCommand,
  pexpireat: pexpireatCommand,
  ttl: ttlCommand,
  pttl: pttlCommand,
  expiretime: expiretimeCommand,
  pexpiretime: pexpiretimeCommand,
  persist: persistCommand,
};
