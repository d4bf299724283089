// ZPOPMIN, ZPOPMAX, ZMPOP and ZRANDMEMBER. The pops share zpopGeneric (Redis's
// genericZpopCommand), which the blocking BZPOPMIN/BZPOPMAX/BZMPOP will call once a key is ready.

import {
  ERR_NOT_INTEGER, ERR_OUT_OF_RANGE, ERR_SYNTAX, ERR_VALUE_NOT_BETWEEN,
  ERR_VALUE_OUT_OF_RANGE, ERR_WRONGTYPE,
} from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import type { RObject } from '../../types/object.ts';
import { zsetAt, zsetLength, zsetOut, zsetToArrays } from '../../types/zset.ts';
import { zsetPopEdge } from '../../types/zset-range.ts';
import { parseInt64, parseInteger } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';
import { replyMembers, zsetModified } from './zset-util.ts';
import { lookupReadTyped } from '../lookup.ts';
import { replyRoomLeft } from '../random-pick.ts';
import { parseMpopArgs } from '../mpop.ts';

const LONG_MAX = 9223372036854775807n;

/**
 * Pops up to `count` members (-1: one, the plain form) from the lowest (or highest) end of the
 * first of `keys` that exists, and replies in the shape the caller asks for:
 *  - plain ZPOPMIN/ZPOPMAX: flat [member, score, ...]; with a count in RESP3 (`nested`), pairs;
 *  - `emitKey` and flat (BZPOPMIN/BZPOPMAX): [key, member, score];
 *  - `emitKey` and `nested` (ZMPOP/BZMPOP): [key, [[member, score], ...]].
 * When no key exists it replies an empty array, or a null array when `nilWhenEmpty`. Returns the
 * key popped from, or null when none (the blocking commands then block) or after WRONGTYPE.
 */
export function zpopGeneric(
  c: Client, keys: readonly string[], max: boolean, emitKey: boolean, count: number, nested: boolean, nilWhenEmpty: boolean,
): string | null {
  let o: RObject | undefined;
  let key = '';
  for (const k of keys) {
    o = c.db.lookupWrite(k);
    if (o === undefined) continue;
    if (o.type !== 'zset') {
      c.w.error(ERR_WRONGTYPE);
      return null;
    }
    key = k;
    break;
  }
  const w = c.w;
  if (o === undefined) {
    if (nilWhenEmpty) w.nullArray();
    else w.array(0);
    return null;
  }
  if (count === 0) {
    w.array(0);
    return null;
  }
  if (count === -1) count = 1;
  const n = Math.min(count, zsetLength(o));
  if (!emitKey) {
    w.array(nested ? n : n * 2);
  } else if (!nested) {
    w.array(n * 2 + 1);
    w.bulk(key);
  } else {
    w.array(2);
    w.bulk(key);
    w.array(n);
  }
  for (let i = 0; i < n; i++) {
    const m = zsetPopEdge(o, max)!;
    if (nested) w.array(2);
    w.bulk(m);
    w.double(zsetOut.score);
  }
  zsetModified(c, key, o, max ? 'zpopmax' : 'zpopmin', n);
  return key;
}

/** The body of ZPOPMIN and ZPOPMAX. */
function zpopMinMax(c: Client, argv: string[], max: boolean): void {
  if (argv.length > 3) {
    c.w.error(ERR_SYNTAX);
    return;
  }
  let count = -1;
  if (argv.length === 3) {
    const n = parseInteger(argv[2]!);
    if (n === null || n < 0) {
      c.w.error(ERR_OUT_OF_RANGE);
      return;
    }
    count = n;
  }
  zpopGeneric(c, [argv[1]!], max, false, count, c.resp === 3 && count !== -1, false);
}

/** ZPOPMIN key [count] */
function zpopminCommand(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, false);
}

/** ZPOPMAX key [count] */
function zpopmaxCommand(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, true);
}

/** ZMPOP's arguments after numkeys: the keys, MIN|MAX and COUNT; null after replying an error. */
export function parseZmpopArgs(c: Client, argv: string[], numkeysAt: number): { keys: string[]; max: boolean; count: number } | null {
  const p = parseMpopArgs(c, argv, numkeysAt, 'max', 'min');
  return p === null ? null : { keys: p.keys, max: p.first, count: p.count };
}

/** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count] */
function zmpopCommand(c: Client, argv: string[]): void {
  const a = parseZmpopArgs(c, argv, 1);
  if (a === null) return;
  zpopGeneric(c, a.keys, a.max, true, a.count, true, true);
}

/** ZRANDMEMBER key [count [WITHSCORES]] */
function zrandmemberCommand(c: Client, argv: string[]): void {
  if (argv.length < 3) {
    const o = lookupReadTyped(c, argv[1]!, 'zset');
    if (o === null) return;
    if (o === undefined) {
      c.w.nullBulk();
      return;
    }
    c.w.bulk(zsetAt(o, Math.floor(Math.random() * zsetLength(o)))!);
    return;
  }
  const big = parseInt64(argv[2]!);
  if (big === null) {
    c.w.error(ERR_NOT_INTEGER);
    return;
  }
  if (big < -LONG_MAX) {
    c.w.error(ERR_VALUE_NOT_BETWEEN(String(-LONG_MAX), String(LONG_MAX)));
    return;
  }
  let withScores = false;
  if (argv.length > 4 || (argv.length === 4 && argv[3]!.toLowerCase() !== 'withscores')) {
    c.w.error(ERR_SYNTAX);
    return;
  }
  if (argv.length === 4) {
    withScores = true;
    if (big < -LONG_MAX / 2n || big > LONG_MAX / 2n) {
      c.w.error(ERR_VALUE_OUT_OF_RANGE);
      return;
    }
  }
  const o = lookupReadTyped(c, argv[1]!, 'zset');
  if (o === null) return;
  if (o === undefined || big === 0n) {
    c.w.array(0);
    return;
  }
  randomMembers(c, o, Number(big), withScores);
}

/** ZRANDMEMBER with a count: repeats allowed when negative, distinct members when positive. */
function randomMembers(c: Client, o: RObject, count: number, withScores: boolean): void {
  const size = zsetLength(o);
  const members: string[] = [];
  const scores: number[] = [];
  if (count < 0 || count === 1) {
    // Repeats allowed: the reply is streamed pick by pick (a count can ask for far more entries than
    // the set has), with the same cap on absurdly large replies as SRANDMEMBER and HRANDFIELD.
    const n = Math.abs(count);
    const w = c.w;
    const pairs = withScores && c.resp === 3;
    w.array(withScores && !pairs ? n * 2 : n);
    // A listpack is decoded once; a skiplist picks each member by rank in O(log n).
    const all = o.enc === 'listpack' ? zsetToArrays(o) : null;
    for (let i = 0; i < n; i++) {
      const r = Math.floor(Math.random() * size);
      const member = all !== null ? all.members[r]! : zsetAt(o, r)!;
      const score = all !== null ? all.scores[r]! : zsetOut.score;
      if (pairs) w.array(2);
      w.bulk(member);
      if (withScores) w.double(score);
      if ((i & 1023) === 1023 && !replyRoomLeft(c)) return;
    }
    return;
  } else if (count >= size) {
    // The whole set, from the highest: Redis walks zsets from the tail (zuiInitIterator).
    const all = zsetToArrays(o);
    replyMembers(c, all.members.reverse(), all.scores.reverse(), withScores);
    return;
  } else {
    // Distinct ranks: a partial Fisher-Yates over rank indexes when many are wanted, rejection
    // sampling when few are.
    let ranks: number[];
    if (count * 3 > size) {
      const idx = Array.from({ length: size }, (_, i) => i);
      for (let i = 0; i < count; i++) {
        const j = i + Math.floor(Math.random() * (size - i));
        const t = idx[i]!;
        idx[i] = idx[j]!;
        idx[j] = t;
      }
      ranks = idx.slice(0, count);
    } else {
      const picked = new Set<number>();
      while (picked.size < count) picked.add(Math.floor(Math.random() * size));
      ranks = [...picked];
    }
    const all = o.enc === 'listpack' ? zsetToArrays(o) : null;
    for (const r of ranks) {
      if (all !== null) {
        members.push(all.members[r]!);
        scores.push(all.scores[r]!);
      } else {
        members.push(zsetAt(o, r)!);
        scores.push(zsetOut.score);
      }
    }
  }
  replyMembers(c, members, scores, withScores);
}

export const handlers: Record<string, Handler> = {
  zpopmin: zpopminCommand,
  zpopmax: zpopmaxCommand,
  zmpop: zmpopCommand,
  zrandmember: zrandmemberCommand,
};
