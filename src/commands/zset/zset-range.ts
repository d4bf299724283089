// Sorted set range commands: ZRANGE with BYSCORE/BYLEX/REV/LIMIT/WITHSCORES and its legacy forms
// (ZREVRANGE, Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX), ZRANGESTORE, and ZREMRANGEBYRANK/SCORE/LEX.
// One parser (zrangeGeneric) serves them all, checking in Redis 7.2's order: options, conflicts,
// the range itself, then the key.

import {
  ERR_NOT_INTEGER, ERR_SYNTAX, ERR_ZRANGE_LEX_WITHSCORES, ERR_ZRANGE_LIMIT, ERR_ZRANGE_NOT_FLOAT, ERR_ZRANGE_NOT_LEX,
} from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import type { RObject } from '../../types/object.ts';
import { zsetAdd, zsetCreate, zsetLength } from '../../types/zset.ts';
import {
  newRangeResult, parseLexRange, parseScoreRange, zsetDeleteRangeByLex, zsetDeleteRangeByRank, zsetDeleteRangeByScore,
  zsetRangeByLex, zsetRangeByRank, zsetRangeByScore, type ZLexRangeSpec, type ZRangeResult, type ZRangeSpec,
} from '../../types/zset-range.ts';
import { parseInteger } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';
import { replyMembers, zsetLimits, zsetModified } from './zset-util.ts';
import { lookupReadTyped, lookupWriteTyped } from '../lookup.ts';

const AUTO = 0;
const RANK = 1;
const SCORE = 2;
const LEX = 3;

/** Clamps a start/end rank pair to a set of length len; null when the range is empty. */
function clampRanks(start: number, end: number, len: number): [number, number] | null {
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return null;
  if (end >= len) end = len - 1;
  return [start, end];
}

/**
 * The body of every ZRANGE form. `first` is the index of the source key in argv (2 for
 * ZRANGESTORE, whose destination is argv[1]); `type` and `reverse` are fixed by the legacy
 * commands, AUTO/null for ZRANGE and ZRANGESTORE, which take BYSCORE, BYLEX and REV.
 */
function zrangeGeneric(c: Client, argv: string[], first: number, store: boolean, fixedType: number, fixedReverse: boolean | null): void {
  let type = fixedType;
  let reverse = fixedReverse;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = first + 3; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const left = argv.length - j - 1;
    if (!store && opt === 'withscores') {
      withScores = true;
    } else if (opt === 'limit' && left >= 2) {
      const off = parseInteger(argv[j + 1]!);
      const cnt = off === null ? null : parseInteger(argv[j + 2]!);
      if (off === null || cnt === null) {
        c.w.error(ERR_NOT_INTEGER);
        return;
      }
      offset = off;
      limit = cnt;
      j += 2;
    } else if (reverse === null && opt === 'rev') {
      reverse = true;
    } else if (type === AUTO && opt === 'bylex') {
      type = LEX;
    } else if (type === AUTO && opt === 'byscore') {
      type = SCORE;
    } else {
      c.w.error(ERR_SYNTAX);
      return;
    }
  }
  if (reverse === null) reverse = false;
  if (type === AUTO) type = RANK;
  if (limit !== -1 && type === RANK) {
    c.w.error(ERR_ZRANGE_LIMIT);
    return;
  }
  if (withScores && type === LEX) {
    c.w.error(ERR_ZRANGE_LEX_WITHSCORES);
    return;
  }
  let minArg = argv[first + 1]!;
  let maxArg = argv[first + 2]!;
  if (reverse && type !== RANK) [minArg, maxArg] = [maxArg, minArg];
  let start = 0;
  let end = 0;
  let range: ZRangeSpec | null = null;
  let lex: ZLexRangeSpec | null = null;
  if (type === RANK) {
    const s = parseInteger(minArg);
    const e = s === null ? null : parseInteger(maxArg);
    if (s === null || e === null) {
      c.w.error(ERR_NOT_INTEGER);
      return;
    }
    start = s;
    end = e;
  } else if (type === SCORE) {
    range = parseScoreRange(minArg, maxArg);
    if (range === null) {
      c.w.error(ERR_ZRANGE_NOT_FLOAT);
      return;
    }
  } else {
    lex = parseLexRange(minArg, maxArg);
    if (lex === null) {
      c.w.error(ERR_ZRANGE_NOT_LEX);
      return;
    }
  }
  const o = lookupReadTyped(c, argv[first]!, 'zset');
  if (o === null) return;
  const out = newRangeResult();
  let sizeHint = 0;
  if (o !== undefined) {
    if (type === RANK) {
      const r = clampRanks(start, end, zsetLength(o));
      if (r !== null) {
        zsetRangeByRank(o, r[0], r[1], reverse, out);
        sizeHint = r[1] - r[0] + 1;
      }
    } else if (type === SCORE) {
      zsetRangeByScore(o, range!, reverse, offset, limit, out);
    } else {
      zsetRangeByLex(o, lex!, reverse, offset, limit, out);
    }
  }
  if (store) storeRange(c, argv[1]!, out, sizeHint);
  else replyMembers(c, out.members, out.scores, withScores);
}

/** ZRANGESTORE's end: the result as a new zset built as ZADD builds it, or the destination deleted. */
function storeRange(c: Client, dst: string, out: ZRangeResult, sizeHint: number): void {
  const db = c.db;
  const n = out.members.length;
  if (n === 0) {
    c.w.integer(0);
    if (db.delete(dst)) db.ks.notify('g', 'del', dst, db.id);
    return;
  }
  const lim = zsetLimits(c);
  const o: RObject = zsetCreate(sizeHint, 0, lim, db.ks.lruClock());
  for (let i = 0; i < n; i++) zsetAdd(o, out.scores[i]!, out.members[i]!, 0, lim);
  db.set(dst, o);
  c.w.integer(n);
  db.ks.notify('z', 'zrangestore', dst, db.id);
}

/** ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES] */
function zrangeCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, AUTO, null);
}

/** ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count] */
function zrangestoreCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 2, true, AUTO, null);
}

/** ZREVRANGE key start stop [WITHSCORES] */
function zrevrangeCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, RANK, true);
}

/** ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count] */
function zrangebyscoreCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, SCORE, false);
}

/** ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count] */
function zrevrangebyscoreCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, SCORE, true);
}

/** ZRANGEBYLEX key min max [LIMIT offset count] */
function zrangebylexCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, LEX, false);
}

/** ZREVRANGEBYLEX key max min [LIMIT offset count] */
function zrevrangebylexCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, LEX, true);
}

/** The body of ZREMRANGEBYRANK/SCORE/LEX: the range is parsed before the key is looked up. */
function zremrangeGeneric(c: Client, argv: string[], type: number): void {
  let start = 0;
  let end = 0;
  let range: ZRangeSpec | null = null;
  let lex: ZLexRangeSpec | null = null;
  if (type === RANK) {
    const s = parseInteger(argv[2]!);
    const e = s === null ? null : parseInteger(argv[3]!);
    if (s === null || e === null) {
      c.w.error(ERR_NOT_INTEGER);
      return;
    }
    start = s;
    end = e;
  } else if (type === SCORE) {
    range = parseScoreRange(argv[2]!, argv[3]!);
    if (range === null) {
      c.w.error(ERR_ZRANGE_NOT_FLOAT);
      return;
    }
  } else {
    lex = parseLexRange(argv[2]!, argv[3]!);
    if (lex === null) {
      c.w.error(ERR_ZRANGE_NOT_LEX);
      return;
    }
  }
  const key = argv[1]!;
  const o = lookupWriteTyped(c, key, 'zset');
  if (o === null) return;
  if (o === undefined) {
    c.w.integer(0);
    return;
  }
  let deleted = 0;
  if (type === RANK) {
    const r = clampRanks(start, end, zsetLength(o));
    if (r !== null) deleted = zsetDeleteRangeByRank(o, r[0], r[1]);
  } else if (type === SCORE) {
    deleted = zsetDeleteRangeByScore(o, range!);
  } else {
    deleted = zsetDeleteRangeByLex(o, lex!);
  }
  if (deleted > 0) {
    zsetModified(c, key, o, type === RANK ? 'zremrangebyrank' : type === SCORE ? 'zremrangebyscore' : 'zremrangebylex', deleted);
  }
  c.w.integer(deleted);
}

/** ZREMRANGEBYRANK key start stop */
function zremrangebyrankCommand(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, RANK);
}

/** ZREMRANGEBYSCORE key min max */
function zremrangebyscoreCommand(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, SCORE);
}

/** ZREMRANGEBYLEX key min max */
function zremrangebylexCommand(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, LEX);
}

export const handlers: Record<string, Handler> = {
  zrange: zrangeCommand,
  zrangestore: zrangestoreCommand,
  zrevrange: zrevrangeCommand,
  zrangebyscore: zrangebyscoreCommand,
  zrevrangebyscore: zrevrangebyscoreCommand,
  zrangebylex: zrangebylexCommand,
  zrevrangebylex: zrevrangebylexCommand,
  zremrangebyrank: zremrangebyrankCommand,
  zremrangebyscore: zremrangebyscoreCommand,
  zremrangebylex: zremrangebylexCommand,
};
