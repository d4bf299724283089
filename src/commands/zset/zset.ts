// Sorted set commands on single members: ZADD/ZINCRBY (zaddGeneric), ZREM, ZCARD, ZSCORE,
// ZMSCORE, ZRANK/ZREVRANK, ZCOUNT, ZLEXCOUNT and ZSCAN. Ranges are in zset-range.ts, set
// operations in zset-store.ts, pops and random picks in zset-pop.ts.

import {
  ERR_NOT_FLOAT, ERR_SYNTAX, ERR_ZADD_GT_LT_NX, ERR_ZADD_INCR_PAIR, ERR_ZADD_XX_NX, ERR_ZRANGE_NOT_FLOAT,
  ERR_ZRANGE_NOT_LEX, ERR_ZSET_NAN, errArity,
} from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import {
  ZADD_GT, ZADD_INCR, ZADD_LT, ZADD_NX, ZADD_OUT_ADDED, ZADD_OUT_NAN, ZADD_OUT_NOP, ZADD_OUT_UPDATED, ZADD_XX,
  zsetAdd, zsetCreate, zsetDel, zsetDict, zsetForEach, zsetLength, zsetOut, zsetRank, zsetScore,
} from '../../types/zset.ts';
import { parseLexRange, parseScoreRange, zsetCount, zsetLexCount } from '../../types/zset-range.ts';
import { formatDouble, formatDouble17g, parseDouble } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';
import { zsetLimits } from './zset-util.ts';
import { lookupReadTyped, lookupWriteTyped } from '../lookup.ts';
import { scanElementsGeneric } from '../scan.ts';
import { removeMembersGeneric } from '../remove-members.ts';

// Scores parsed by ZADD before any change, reused across calls (one executor thread).
const scoreBuf: number[] = [];

/**
 * The body of ZADD and ZINCRBY: options from argv[2], then score/member pairs from
 * the first non-option argument. Every score is parsed before the key is touched, as Redis does.
 */
function zaddGeneric(c: Client, argv: string[], baseFlags: number): void {
  let flags = baseFlags;
  let ch = false;
  let i = 2;
  // ZINCRBY goes through the same option loop, as in Redis: `ZINCRBY k NX m` is a syntax error.
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    // A score (digit, sign or dot first) ends the options without lower-casing it.
    const c0 = a.charCodeAt(0);
    if ((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 46) break;
    const opt = a.toLowerCase();
    if (opt === 'nx') flags |= ZADD_NX;
    else if (opt === 'xx') flags |= ZADD_XX;
    else if (opt === 'ch') ch = true;
    else if (opt === 'incr') flags |= ZADD_INCR;
    else if (opt === 'gt') flags |= ZADD_GT;
    else if (opt === 'lt') flags |= ZADD_LT;
    else break;
  }
  const rest = argv.length - i;
  if (rest === 0 || rest % 2 !== 0) {
    c.w.error(ERR_SYNTAX);
    return;
  }
  const pairs = rest / 2;
  const nx = (flags & ZADD_NX) !== 0;
  if (nx && (flags & ZADD_XX) !== 0) {
    c.w.error(ERR_ZADD_XX_NX);
    return;
  }
  const gt = (flags & ZADD_GT) !== 0;
  const lt = (flags & ZADD_LT) !== 0;
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    c.w.error(ERR_ZADD_GT_LT_NX);
    return;
  }
  const incr = (flags & ZADD_INCR) !== 0;
  if (incr && pairs > 1) {
    c.w.error(ERR_ZADD_INCR_PAIR);
    return;
  }
  let maxLen = 0;
  if (scoreBuf.length !== pairs) scoreBuf.length = pairs; // the length setter is a runtime call
  for (let j = 0; j < pairs; j++) {
    const s = parseDouble(argv[i + 2 * j]!);
    if (s === null) {
      c.w.error(ERR_NOT_FLOAT);
      return;
    }
    scoreBuf[j] = s;
    const len = argv[i + 2 * j + 1]!.length;
    if (len > maxLen) maxLen = len;
  }
  const key = argv[1]!;
  let o = lookupWriteTyped(c, key, 'zset');
  if (o === null) return;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  const isNew = o === undefined;
  if (o === undefined) {
    if ((flags & ZADD_XX) !== 0) {
      if (incr) c.w.nullBulk();
      else c.w.integer(0);
      return;
    }
    o = zsetCreate(pairs, maxLen, zsetLimits(c), c.db.ks.lruClock());
  }
  const lim = zsetLimits(c);
  for (let j = 0; j < pairs; j++) {
    const out = zsetAdd(o, scoreBuf[j]!, argv[i + 2 * j + 1]!, flags, lim);
    if ((out & ZADD_OUT_NAN) !== 0) {
      c.w.error(ERR_ZSET_NAN);
      return;
    }
    if ((out & ZADD_OUT_ADDED) !== 0) added++;
    if ((out & ZADD_OUT_UPDATED) !== 0) updated++;
    if ((out & ZADD_OUT_NOP) === 0) processed++;
    score = zsetOut.score;
  }
  const db = c.db;
  if (isNew) {
    if (zsetLength(o) > 0) db.add(key, o);
  } else if (added + updated > 0) {
    db.ks.signalModified(db, key);
  }
  if (added + updated > 0) {
    db.ks.notify('z', incr ? 'zincr' : 'zadd', key, db.id);
    db.ks.dirty += added + updated - (isNew ? 1 : 0);
  }
  if (incr) {
    if (processed > 0) c.w.double(score);
    else c.w.nullBulk();
  } else {
    c.w.integer(ch ? added + updated : added);
  }
}

/** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...] */
function zaddCommand(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, 0);
}

/** ZINCRBY key increment member */
function zincrbyCommand(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, ZADD_INCR);
}

/** ZREM key member [member ...] */
function zremCommand(c: Client, argv: string[]): void {
  removeMembersGeneric(c, argv, 'zset', 'z', 'zrem', zsetDel, zsetLength);
}

/** ZCARD key */
function zcardCommand(c: Client, argv: string[]): void {
  const o = lookupReadTyped(c, argv[1]!, 'zset');
  if (o === null) return;
  c.w.integer(o === undefined ? 0 : zsetLength(o));
}

/** ZSCORE key member */
function zscoreCommand(c: Client, argv: string[]): void {
  const o = lookupReadTyped(c, argv[1]!, 'zset');
  if (o === null) return;
  const s = o === undefined ? undefined : zsetScore(o, argv[2]!);
  if (s === undefined) c.w.nullBulk();
  else c.w.double(s);
}

/** ZMSCORE key member [member ...] */
function zmscoreCommand(c: Client, argv: string[]): void {
  const o = lookupReadTyped(c, argv[1]!, 'zset');
  if (o === null) return;
  c.w.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = o === undefined ? undefined : zsetScore(o, argv[j]!);
    if (s === undefined) c.w.nullBulk();
    else c.w.double(s);
  }
}

/** The body of ZRANK and ZREVRANK, with Redis 7.2's WITHSCORE. */
function zrankGeneric(c: Client, argv: string[], reverse: boolean): void {
  if (argv.length > 4) {
    c.w.error(errArity(reverse ? 'zrevrank' : 'zrank'));
    return;
  }
  let withScore = false;
  if (argv.length === 4) {
    if (argv[3]!.toLowerCase() !== 'withscore') {
      c.w.error(ERR_SYNTAX);
      return;
    }
    withScore = true;
  }
  const o = lookupReadTyped(c, argv[1]!, 'zset');
  if (o === null) return;
  const rank = o === undefined ? -1 : zsetRank(o, argv[2]!, reverse);
  if (rank < 0) {
    if (withScore) c.w.nullArray();
    else c.w.nullBulk();
    return;
  }
  if (withScore) {
    c.w.array(2);
    c.w.integer(rank);
    c.w.double(zsetOut.score);
  } else {
    c.w.integer(rank);
  }
}

/** ZRANK key member [WITHSCORE] */
function zrankCommand(c: Client, argv: string[]): void {
  zrankGeneric(c, argv, false);
}

/** ZREVRANK key member [WITHSCORE] */
function zrevrankCommand(c: Client, argv: string[]): void {
  zrankGeneric(c, argv, true);
}

/** ZCOUNT key min max */
function zcountCommand(c: Client, argv: string[]): void {
  const r = parseScoreRange(argv[2]!, argv[3]!);
  if (r === null) {
    c.w.error(ERR_ZRANGE_NOT_FLOAT);
    return;
  }
  const o = lookupReadTyped(c, argv[1]!, 'zset');
  if (o === null) return;
  c.w.integer(o === undefined ? 0 : zsetCount(o, r));
}

/** ZLEXCOUNT key min max */
function zlexcountCommand(c: Client, argv: string[]): void {
  const r = parseLexRange(argv[2]!, argv[3]!);
  if (r === null) {
    c.w.error(ERR_ZRANGE_NOT_LEX);
    return;
  }
  const o = lookupReadTyped(c, argv[1]!, 'zset');
  if (o === null) return;
  c.w.integer(o === undefined ? 0 : zsetLexCount(o, r));
}

/**
 * ZSCAN key cursor [MATCH pattern] [COUNT count]
 * A listpack is returned whole with cursor 0, as Redis does; a skiplist is walked over its dict
 * with the shared cursor table. Scores are bulk strings in both protocols, as Redis sends them.
 */
function zscanCommand(c: Client, argv: string[]): void {
  scanElementsGeneric(c, argv, 'zset', (o, scans, cursor, count, emit) => {
    const dict = zsetDict(o);
    if (dict === null) {
      // Redis 7.2 formats listpack scores the short way (fpconv)...
      zsetForEach(o, (member: string, score: number) => emit(member, formatDouble(score)));
      return 0n;
    }
    // ...and dict scores with ld2string's %.17Lg.
    return scans.scan(dict, cursor, count, (member: string, score: number) => emit(member, formatDouble17g(score)));
  });
}

export const handlers: Record<string, Handler> = {
  zadd: zaddCommand,
  zincrby: zincrbyCommand,
  zrem: zremCommand,
  zcard: zcardCommand,
  zscore: zscoreCommand,
  zmscore: zmscoreCommand,
  zrank: zrankCommand,
  zrevrank: zrevrankCommand,
  zcount: zcountCommand,
  zlexcount: zlexcountCommand,
  zscan: zscanCommand,
};
