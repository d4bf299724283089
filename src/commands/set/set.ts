// Set commands: membership, add/remove, SMOVE, SMEMBERS and SSCAN, with Redis 7.2's replies,
// keyspace events ('s' class) and dirty counts. Encodings stay behind types/set.ts; random picks
// are in set-random.ts, intersections/unions/differences in set-algebra.ts.

import type { Client } from '../../server/client.ts';
import { ERR_WRONGTYPE } from '../../protocol/errors.ts';
import {
  createSet, setAdd, setAddMany, setHas, setLimits, setMaybeConvert, setMembers, setRemove, setScan, setSize,
} from '../../types/set.ts';
import type { Handler } from '../command.ts';
import { lookupReadTyped } from '../lookup.ts';
import { scanElementsGeneric } from '../scan.ts';
import { removeMembersGeneric } from '../remove-members.ts';

/** Replies with a set's members as a RESP3 set (an array in RESP2). */
export function replyMembers(c: Client, members: readonly string[]): void {
  c.w.set(members.length);
  for (let i = 0; i < members.length; i++) c.w.bulk(members[i]!);
}

/** SADD key member [member ...] */
function saddCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1]!;
  let o = db.lookupWrite(key);
  if (o !== undefined && o.type !== 'set') {
    c.w.error(ERR_WRONGTYPE);
    return;
  }
  const lim = setLimits(c.server.config.values);
  const isNew = o === undefined;
  if (o === undefined) {
    o = createSet(argv[2]!, argv.length - 2, lim, db.ks.lruClock());
    db.add(key, o); // counts one write
  } else {
    setMaybeConvert(o, argv.length - 2, lim);
  }
  const added = setAddMany(o, argv, 2, lim);
  if (added > 0) {
    if (!isNew) db.ks.signalModified(db, key);
    db.ks.notify('s', 'sadd', key, db.id);
  }
  db.ks.dirty += isNew ? added - 1 : added;
  c.w.integer(added);
}

/** SREM key member [member ...] */
function sremCommand(c: Client, argv: string[]): void {
  removeMembersGeneric(c, argv, 'set', 's', 'srem', setRemove, setSize);
}

/** SMOVE source destination member */
function smoveCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const src = argv[1]!;
  const dst = argv[2]!;
  const member = argv[3]!;
  const so = db.lookupWrite(src);
  const dobj = db.lookupWrite(dst);
  if (so === undefined) {
    c.w.integer(0);
    return;
  }
  if (so.type !== 'set' || (dobj !== undefined && dobj.type !== 'set')) {
    c.w.error(ERR_WRONGTYPE);
    return;
  }
  if (so === dobj) {
    c.w.integer(setHas(so, member) ? 1 : 0);
    return;
  }
  if (!setRemove(so, member)) {
    c.w.integer(0);
    return;
  }
  db.ks.notify('s', 'srem', src, db.id);
  if (setSize(so) === 0) {
    db.delete(src);
    db.ks.notify('g', 'del', src, db.id);
  } else {
    db.ks.signalModified(db, src);
    db.ks.dirty++;
  }
  const lim = setLimits(c.server.config.values);
  let d = dobj;
  if (d === undefined) {
    d = createSet(member, 1, lim, db.ks.lruClock());
    db.add(dst, d);
    db.ks.dirty--; // the add below counts it
  }
  if (setAdd(d, member, lim)) {
    db.ks.dirty++;
    db.ks.signalModified(db, dst);
    db.ks.notify('s', 'sadd', dst, db.id);
  }
  c.w.integer(1);
}

/** SISMEMBER key member */
function sismemberCommand(c: Client, argv: string[]): void {
  const o = lookupReadTyped(c, argv[1]!, 'set');
  if (o === null) return;
  c.w.integer(o !== undefined && setHas(o, argv[2]!) ? 1 : 0);
}

/** SMISMEMBER key member [member ...] */
function smismemberCommand(c: Client, argv: string[]): void {
  const o = lookupReadTyped(c, argv[1]!, 'set');
  if (o === null) return;
  c.w.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) c.w.integer(o !== undefined && setHas(o, argv[j]!) ? 1 : 0);
}

/** SCARD key */
function scardCommand(c: Client, argv: string[]): void {
  const o = lookupReadTyped(c, argv[1]!, 'set');
  if (o === null) return;
  c.w.integer(o === undefined ? 0 : setSize(o));
}

/** SMEMBERS key */
function smembersCommand(c: Client, argv: string[]): void {
  const o = lookupReadTyped(c, argv[1]!, 'set');
  if (o === null) return;
  replyMembers(c, o === undefined ? [] : setMembers(o));
}

/** SSCAN key cursor [MATCH pattern] [COUNT count] */
function sscanCommand(c: Client, argv: string[]): void {
  scanElementsGeneric(c, argv, 'set', (o, scans, cursor, count, emit) => setScan(o, scans, cursor, count, (m) => emit(m)));
}

export const handlers: Record<string, Handler> = {
  sadd: saddCommand,
  srem: sremCommand,
  smove: smoveCommand,
  sismember: sismemberCommand,
  smismember: smismemberCommand,
  scard: scardCommand,
  smembers: smembersCommand,
  sscan: sscanCommand,
};
