// Hash commands: set/get/delete fields and read whole hashes, with Redis 7.2's replies, keyspace
// events ('h' class) and dirty counts. Encodings stay behind types/hash.ts; counters, HRANDFIELD
// and HSCAN are in hash-extra.ts.

import type { Client } from '../../server/client.ts';
import { ERR_WRONGTYPE, errArity } from '../../protocol/errors.ts';
import {
  createHash, hashDelete, hashEntries, hashExists, hashGet, hashLength, hashLimits, hashSet, hashSetPairs, hashTryConversion,
} from '../../types/hash.ts';
import type { RObject } from '../../types/object.ts';
import type { Handler } from '../command.ts';
import { lookupReadTyped } from '../lookup.ts';
import { removeMembersGeneric } from '../remove-members.ts';

/**
 * Redis's hashTypeLookupWriteOrCreate: the hash under key, created (and added, which counts one
 * write) when missing; null after replying WRONGTYPE. `created` tells the caller about the add.
 */
export function lookupHashWriteOrCreate(c: Client, key: string): HashWriteTarget | null {
  const db = c.db;
  const o = db.lookupWrite(key);
  if (o !== undefined) {
    if (o.type !== 'hash') {
      c.w.error(ERR_WRONGTYPE);
      return null;
    }
    target.o = o;
    target.created = false;
    return target;
  }
  const h = createHash(db.ks.lruClock());
  db.add(key, h);
  target.o = h;
  target.created = true;
  return target;
}

interface HashWriteTarget {
  o: RObject;
  created: boolean;
}

/**
 * lookupHashWriteOrCreate's answer, one object reused by every call (an allocation per HSET was
 * measurable): read it before the next lookup.
 */
const target: HashWriteTarget = { o: createHash(0), created: false };

/** Ends an in-place hash write: signal, event, and `writes` dirty counts (one already counted by a create). */
export function hashWritten(c: Client, key: string, event: string, writes: number, created: boolean): void {
  const db = c.db;
  if (!created) db.ks.signalModified(db, key);
  db.ks.notify('h', event, key, db.id);
  db.ks.dirty += created ? writes - 1 : writes;
}

function hsetGeneric(c: Client, argv: string[], name: string): number | null {
  if (argv.length % 2 === 1) {
    c.w.error(errArity(name));
    return null;
  }
  const key = argv[1]!;
  const r = lookupHashWriteOrCreate(c, key);
  if (r === null) return null;
  const lim = hashLimits(c.server.config.values);
  hashTryConversion(r.o, argv, 2, argv.length - 1, lim);
  const created = hashSetPairs(r.o, argv, 2, lim);
  hashWritten(c, key, 'hset', (argv.length - 2) / 2, r.created);
  return created;
}

/** HSET key field value [field value ...] */
function hsetCommand(c: Client, argv: string[]): void {
  const n = hsetGeneric(c, argv, 'hset');
  if (n !== null) c.w.integer(n);
}

/** HMSET key field value [field value ...] */
function hmsetCommand(c: Client, argv: string[]): void {
  if (hsetGeneric(c, argv, 'hmset') !== null) c.w.ok();
}

/** HSETNX key field value */
function hsetnxCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const r = lookupHashWriteOrCreate(c, key);
  if (r === null) return;
  if (hashExists(r.o, argv[2]!)) {
    c.w.integer(0);
    return;
  }
  const lim = hashLimits(c.server.config.values);
  hashTryConversion(r.o, argv, 2, 3, lim);
  hashSet(r.o, argv[2]!, argv[3]!, lim);
  c.w.integer(1);
  hashWritten(c, key, 'hset', 1, r.created);
}

/** HGET key field */
function hgetCommand(c: Client, argv: string[]): void {
  const o = lookupReadTyped(c, argv[1]!, 'hash');
  if (o === null) return;
  const v = o === undefined ? undefined : hashGet(o, argv[2]!);
  if (v === undefined) c.w.nullBulk();
  else c.w.bulk(v);
}

/** HMGET key field [field ...] */
function hmgetCommand(c: Client, argv: string[]): void {
  const o = lookupReadTyped(c, argv[1]!, 'hash');
  if (o === null) return;
  c.w.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const v = o === undefined ? undefined : hashGet(o, argv[j]!);
    if (v === undefined) c.w.nullBulk();
    else c.w.bulk(v);
  }
}

/** HDEL key field [field ...] */
function hdelCommand(c: Client, argv: string[]): void {
  removeMembersGeneric(c, argv, 'hash', 'h', 'hdel', hashDelete, hashLength);
}

/** HLEN key */
function hlenCommand(c: Client, argv: string[]): void {
  const o = lookupReadTyped(c, argv[1]!, 'hash');
  if (o === null) return;
  c.w.integer(o === undefined ? 0 : hashLength(o));
}

/** HSTRLEN key field */
function hstrlenCommand(c: Client, argv: string[]): void {
  const o = lookupReadTyped(c, argv[1]!, 'hash');
  if (o === null) return;
  const v = o === undefined ? undefined : hashGet(o, argv[2]!);
  c.w.integer(v === undefined ? 0 : v.length);
}

/** HEXISTS key field */
function hexistsCommand(c: Client, argv: string[]): void {
  const o = lookupReadTyped(c, argv[1]!, 'hash');
  if (o === null) return;
  c.w.integer(o !== undefined && hashExists(o, argv[2]!) ? 1 : 0);
}

const KEYS = 1;
const VALUES = 2;

/** HKEYS, HVALS, HGETALL: HGETALL is a map in RESP3, the others arrays. */
function hgetallGeneric(c: Client, key: string, what: number): void {
  const o = lookupReadTyped(c, key, 'hash');
  if (o === null) return;
  const both = what === (KEYS | VALUES);
  if (o === undefined) {
    if (both) c.w.map(0);
    else c.w.array(0);
    return;
  }
  const { fields, values } = hashEntries(o);
  const n = fields.length;
  if (both) c.w.map(n);
  else c.w.array(n);
  for (let i = 0; i < n; i++) {
    if ((what & KEYS) !== 0) c.w.bulk(fields[i]!);
    if ((what & VALUES) !== 0) c.w.bulk(values[i]!);
  }
}

/** HKEYS key */
function hkeysCommand(c: Client, argv: string[]): void {
  hgetallGeneric(c, argv[1]!, KEYS);
}

/** HVALS key */
function hvalsCommand(c: Client, argv: string[]): void {
  hgetallGeneric(c, argv[1]!, VALUES);
}

/** HGETALL key */
function hgetallCommand(c: Client, argv: string[]): void {
  hgetallGeneric(c, argv[1]!, KEYS | VALUES);
}

export const handlers: Record<string, Handler> = {
  hset: hsetCommand,
  hmset: hmsetCommand,
  hsetnx: hsetnxCommand,
  hget: hgetCommand,
  hmget: hmgetCommand,
  hdel: hdelCommand,
  hlen: hlenCommand,
  hstrlen: hstrlenCommand,
  hexists: hexistsCommand,
  hkeys: hkeysCommand,
  hvals: hvalsCommand,
  hgetall: hgetallCommand,
};
