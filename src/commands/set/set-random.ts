// SPOP and SRANDMEMBER, with and without a count, as Redis 7.2 answers them: SPOP's count must be
// positive, SRANDMEMBER's may be negative (picks with repetition) but not LONG_MIN; replies with a
// count are RESP3 sets for SPOP and arrays for SRANDMEMBER.

import type { Client } from '../../server/client.ts';
import { ERR_OUT_OF_RANGE, ERR_SYNTAX, ERR_WRONGTYPE } from '../../protocol/errors.ts';
import { setLimits, setMembers, setPopRandom, setRandomMember, setSize } from '../../types/set.ts';
import { setUnionDiff } from '../../types/set-algebra.ts';
import { setPopMany, setRandomMembers, setSampleUnique } from '../../types/set-random.ts';
import { parseInteger } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';
import { replyMembers } from './set.ts';
import { lookupReadTyped } from '../lookup.ts';
import { parseRandomCount, replyRoomLeft } from '../random-pick.ts';

/** SPOP key [count] */
function spopCommand(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    spopWithCount(c, argv);
    return;
  }
  if (argv.length > 3) {
    c.w.error(ERR_SYNTAX);
    return;
  }
  const db = c.db;
  const key = argv[1]!;
  const o = db.lookupWrite(key);
  if (o === undefined) {
    c.w.nullBulk();
    return;
  }
  if (o.type !== 'set') {
    c.w.error(ERR_WRONGTYPE);
    return;
  }
  const m = setPopRandom(o);
  db.ks.notify('s', 'spop', key, db.id);
  c.w.bulk(m);
  if (setSize(o) === 0) {
    db.delete(key);
    db.ks.notify('g', 'del', key, db.id);
  } else {
    db.ks.signalModified(db, key);
    db.ks.dirty++;
  }
}

function spopWithCount(c: Client, argv: string[]): void {
  const n = parseInteger(argv[2]!);
  if (n === null || n < 0) {
    // getPositiveLongFromObjectOrReply: one message for both a non-number and a negative one.
    c.w.error(ERR_OUT_OF_RANGE);
    return;
  }
  const db = c.db;
  const key = argv[1]!;
  const o = db.lookupWrite(key);
  if (o === undefined) {
    c.w.set(0);
    return;
  }
  if (o.type !== 'set') {
    c.w.error(ERR_WRONGTYPE);
    return;
  }
  if (n === 0) {
    c.w.set(0);
    return;
  }
  const size = setSize(o);
  const lim = setLimits(c.server.config.values);
  db.ks.notify('s', 'spop', key, db.id);
  if (n >= size) {
    // The whole set, in the order Redis's one-set SUNION gives.
    replyMembers(c, setMembers(setUnionDiff([o], 'union', lim, 0)));
    db.delete(key);
    db.ks.notify('g', 'del', key, db.id);
    db.ks.dirty += size - 1;
    return;
  }
  replyMembers(c, setPopMany(o, n, lim));
  db.ks.signalModified(db, key);
  db.ks.dirty += n;
}

/** SRANDMEMBER key [count] */
function srandmemberCommand(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    srandmemberWithCount(c, argv);
    return;
  }
  if (argv.length > 3) {
    c.w.error(ERR_SYNTAX);
    return;
  }
  const o = lookupReadTyped(c, argv[1]!, 'set');
  if (o === null) return;
  if (o === undefined) c.w.nullBulk();
  else c.w.bulk(setRandomMember(o));
}

function srandmemberWithCount(c: Client, argv: string[]): void {
  const l = parseRandomCount(c, argv[2]!);
  if (l === null) return;
  const o = lookupReadTyped(c, argv[1]!, 'set');
  if (o === null) return;
  if (o === undefined || l === 0) {
    c.w.array(0);
    return;
  }
  const count = Math.abs(l);
  if (l < 0 || count === 1) {
    c.w.array(count);
    let i = 0;
    setRandomMembers(o, count, (m) => {
      c.w.bulk(m);
      return (++i & 1023) !== 0 || replyRoomLeft(c);
    });
    return;
  }
  const size = setSize(o);
  const members = count >= size ? setMembers(o) : setSampleUnique(o, count);
  c.w.array(members.length);
  for (const m of members) c.w.bulk(m);
}

export const handlers: Record<string, Handler> = {
  spop: spopCommand,
  srandmember: srandmemberCommand,
};
