// ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (Redis's zunionInterDiffGenericCommand):
// inputs may be sorted sets or plain sets (whose members score 1), with WEIGHTS and AGGREGATE
// SUM|MIN|MAX; results are built as a skiplist and, when stored, turned back into a listpack if
// small enough (zsetConvertToListpackIfNeeded).

import {
  ERR_LIMIT_NEGATIVE, ERR_NOT_INTEGER, ERR_SYNTAX, ERR_WEIGHT_NOT_FLOAT, ERR_WRONGTYPE, ERR_ZSETOP_NO_KEYS,
} from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import { RObject } from '../../types/object.ts';
import {
  SkiplistZset, zsetAdd, zsetConvertToListpackIfNeeded, zsetForEach, zsetLength, zsetScore, zsetToArrays,
} from '../../types/zset.ts';
import { setAsZsetInput } from '../../types/zset-set-input.ts';
import { parseDouble, parseInteger } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';
import { replyMembers, zsetLimits } from './zset-util.ts';

const UNION = 0;
const INTER = 1;
const DIFF = 2;
const SUM = 0;
const MIN = 1;
const MAX = 2;
const EVENTS = ['zunionstore', 'zinterstore', 'zdiffstore'];

/** One input: a zset, a plain set (materialized, score 1 each) or a missing key (empty). */
interface Source {
  zset: RObject | null;
  set: Map<string, number> | null;
  weight: number;
}

function srcLength(s: Source): number {
  return s.zset !== null ? zsetLength(s.zset) : s.set !== null ? s.set.size : 0;
}

function srcForEach(s: Source, fn: (member: string, score: number) => void): void {
  if (s.zset !== null) zsetForEach(s.zset, fn);
  else if (s.set !== null) for (const [m, v] of s.set) fn(m, v);
}

function srcScore(s: Source, member: string): number | undefined {
  if (s.zset !== null) return zsetScore(s.zset, member);
  return s.set?.get(member);
}

/** zunionInterAggregate: SUM maps NaN (inf + -inf) to 0; MIN/MAX keep the target against NaN. */
function aggregate(target: number, v: number, how: number): number {
  if (how === SUM) {
    const r = target + v;
    return Number.isNaN(r) ? 0 : r;
  }
  if (how === MIN) return v < target ? v : target;
  return v > target ? v : target;
}

/**
 * The body of every set operation. `first` is argv's numkeys index; `dst` the destination key for
 * the STORE forms; `cardOnly` for ZINTERCARD.
 */
function zsetOpGeneric(c: Client, argv: string[], first: number, dst: string | null, op: number, cardOnly: boolean): void {
  const n = parseInteger(argv[first]!);
  if (n === null) {
    c.w.error(ERR_NOT_INTEGER);
    return;
  }
  if (n < 1) {
    c.w.error(ERR_ZSETOP_NO_KEYS(argv[0]!.toLowerCase()));
    return;
  }
  if (n > argv.length - first - 1) {
    c.w.error(ERR_SYNTAX);
    return;
  }
  const srcs: Source[] = [];
  for (let i = 0; i < n; i++) {
    const key = argv[first + 1 + i]!;
    const o = dst !== null ? c.db.lookupWrite(key) : c.db.lookupRead(key);
    if (o !== undefined && o.type !== 'zset' && o.type !== 'set') {
      c.w.error(ERR_WRONGTYPE);
      return;
    }
    srcs.push({
      zset: o !== undefined && o.type === 'zset' ? o : null,
      set: o !== undefined && o.type === 'set' ? setAsZsetInput(o) : null,
      weight: 1,
    });
  }
  let how = SUM;
  let withScores = false;
  let limit = 0;
  for (let j = first + 1 + n; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const left = argv.length - j - 1;
    if (cardOnly && left >= 1 && opt === 'limit') {
      const l = parseInteger(argv[j + 1]!);
      if (l === null || l < 0) {
        c.w.error(ERR_LIMIT_NEGATIVE);
        return;
      }
      limit = l;
      j++;
    } else if (!cardOnly && op !== DIFF && left >= n && opt === 'weights') {
      for (let i = 0; i < n; i++) {
        const w = parseDouble(argv[j + 1 + i]!);
        if (w === null) {
          c.w.error(ERR_WEIGHT_NOT_FLOAT);
          return;
        }
        srcs[i]!.weight = w;
      }
      j += n;
    } else if (!cardOnly && op !== DIFF && left >= 1 && opt === 'aggregate') {
      const a = argv[j + 1]!.toLowerCase();
      if (a === 'sum') how = SUM;
      else if (a === 'min') how = MIN;
      else if (a === 'max') how = MAX;
      else {
        c.w.error(ERR_SYNTAX);
        return;
      }
      j++;
    } else if (!cardOnly && dst === null && opt === 'withscores') {
      withScores = true;
    } else {
      c.w.error(ERR_SYNTAX);
      return;
    }
  }
  // Smallest first, as Redis orders the inputs (ZDIFF keeps its first set first).
  if (op !== DIFF) srcs.sort((a, b) => srcLength(a) - srcLength(b));
  const lim = zsetLimits(c);
  const res = new RObject('zset', 'skiplist', new SkiplistZset(), c.db.ks.lruClock());
  let maxLen = 0;
  const add = (m: string, s: number): void => {
    zsetAdd(res, s, m, 0, lim);
    if (m.length > maxLen) maxLen = m.length;
  };
  if (op === UNION) {
    const acc = new Map<string, number>();
    for (const src of srcs) {
      srcForEach(src, (m, s) => {
        let v = src.weight * s;
        if (Number.isNaN(v)) v = 0;
        const cur = acc.get(m);
        acc.set(m, cur === undefined ? v : aggregate(cur, v, how));
      });
    }
    for (const [m, s] of acc) add(m, s);
  } else if (op === INTER) {
    const s0 = srcs[0]!;
    let card = 0;
    let stopped = false;
    if (srcLength(s0) > 0) {
      srcForEach(s0, (m, s) => {
        if (stopped) return;
        let score = s0.weight * s;
        if (Number.isNaN(score)) score = 0;
        for (let j = 1; j < srcs.length; j++) {
          const other = srcs[j]!;
          const v = srcScore(other, m);
          if (v === undefined) return;
          score = aggregate(score, v * other.weight, how);
        }
        if (!cardOnly) add(m, score);
        else if (++card === limit) stopped = true;
      });
    }
    if (cardOnly) {
      c.w.integer(card);
      return;
    }
  } else {
    const s0 = srcs[0]!;
    srcForEach(s0, (m, s) => {
      for (let j = 1; j < srcs.length; j++) if (srcScore(srcs[j]!, m) !== undefined) return;
      add(m, s);
    });
  }
  const len = zsetLength(res);
  if (dst === null) {
    const { members, scores } = zsetToArrays(res);
    replyMembers(c, members, scores, withScores);
    return;
  }
  const db = c.db;
  if (len > 0) {
    zsetConvertToListpackIfNeeded(res, maxLen, lim);
    db.set(dst, res);
    c.w.integer(len);
    db.ks.notify('z', EVENTS[op]!, dst, db.id);
  } else {
    c.w.integer(0);
    if (db.delete(dst)) db.ks.notify('g', 'del', dst, db.id);
  }
}

/** ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES] */
function zunionCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, 1, null, UNION, false);
}

/** ZINTER numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES] */
function zinterCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, 1, null, INTER, false);
}

/** ZDIFF numkeys key [key ...] [WITHSCORES] */
function zdiffCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, 1, null, DIFF, false);
}

/** ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] */
function zunionstoreCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, 2, argv[1]!, UNION, false);
}

/** ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] */
function zinterstoreCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, 2, argv[1]!, INTER, false);
}

/** ZDIFFSTORE destination numkeys key [key ...] */
function zdiffstoreCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, 2, argv[1]!, DIFF, false);
}

/** ZINTERCARD numkeys key [key ...] [LIMIT limit] */
function zintercardCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, 1, null, INTER, true);
}

export const handlers: Record<string, Handler> = {
  zunion: zunionCommand,
  zinter: zinterCommand,
  zdiff: zdiffCommand,
  zunionstore: zunionstoreCommand,
  zinterstore: zinterstoreCommand,
  zdiffstore: zdiffstoreCommand,
  zintercard: zintercardCommand,
};
