// The blocking pops: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP (lists) and BZPOPMIN, BZPOPMAX,
// BZMPOP (sorted sets, through the zset family's zpopGeneric). Each behaves as its non-blocking
// form when a key has something to pop; otherwise it blocks the client (server/blocking.ts), which
// runs the same handler again once a key is ready. Inside MULTI/EXEC they never block: they answer
// as on a timeout. CLIENT UNBLOCK lives here too, with the other way out of a block (the CLIENT
// family leaves subcommands of other subsystems to their files).

import {
  ERR_NOT_INTEGER, ERR_TIMEOUT_NEGATIVE, ERR_TIMEOUT_NOT_FLOAT, ERR_TIMEOUT_OUT_OF_RANGE, ERR_UNBLOCK_REASON, ERR_UNBLOCKED,
  ERR_WRONGTYPE, errUnknownSubcommandOrArgs,
} from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import { listLength, listPop } from '../../types/list.ts';
import { zsetLength } from '../../types/zset.ts';
import { parseLongDouble } from '../../util/long-double.ts';
import { parseInteger } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';
import { listElementsRemoved, parseWhere } from './list-util.ts';
import { firstList, lmoveGeneric, parseLmpopArgs, popRangeReplyWithKey } from './list-move.ts';
import { parseZmpopArgs, zpopGeneric } from '../zset/zset-pop.ts';
import { lookupWriteTyped } from '../lookup.ts';

const LLONG_MAX = 9223372036854775807;

/**
 * A blocking timeout in seconds (fractions allowed, strtold's syntax) as an absolute deadline in
 * clock ms, 0 for "forever", or null after an error reply (Redis's getTimeoutFromObjectOrReply).
 */
export function parseBlockTimeout(c: Client, arg: string): number | null {
  const ld = parseLongDouble(arg);
  if (ld === null) {
    c.w.error(ERR_TIMEOUT_NOT_FLOAT);
    return null;
  }
  // Any positive value, however tiny, is at least 1 ms once rounded up (2^e may underflow here).
  const secs = ld.inf ? Infinity : ld.m === 0n ? 0 : Math.max(Number(ld.m) * 2 ** ld.e, Number.MIN_VALUE);
  const ms = (ld.neg ? -secs : secs) * 1000;
  // Redis 7.2 checks the range before converting; 7.0 let the conversion overflow to "negative".
  if (ms > LLONG_MAX) {
    c.w.error(ERR_TIMEOUT_OUT_OF_RANGE);
    return null;
  }
  const t = Math.ceil(ms);
  if (t < 0 || Number.isNaN(t)) {
    c.w.error(ERR_TIMEOUT_NEGATIVE);
    return null;
  }
  if (t === 0) return 0;
  const now = c.server.clock.now();
  if (t > LLONG_MAX - now) {
    c.w.error(ERR_TIMEOUT_OUT_OF_RANGE);
    return null;
  }
  return now + t;
}

/** The body of BLPOP, BRPOP and BLMPOP (count -1: the single-element reply of BLPOP/BRPOP). */
function blockingPopGeneric(c: Client, argv: string[], keys: string[], head: boolean, timeoutArg: string, count: number): void {
  const deadline = parseBlockTimeout(c, timeoutArg);
  if (deadline === null) return;
  const found = firstList(c, keys);
  if (found === null) return;
  if (found !== undefined) {
    const [key, o] = found;
    if (count !== -1) {
      popRangeReplyWithKey(c, key, o, head, count);
      return;
    }
    const v = listPop(o, head)!;
    c.w.array(2);
    c.w.bulk(key);
    c.w.bulk(v);
    listElementsRemoved(c, key, head, o, 1);
    return;
  }
  if (c.inExec) {
    c.w.nullArray();
    return;
  }
  c.server.blocking.block(c, argv, keys, 'list', deadline);
}

/** BLPOP key [key ...] timeout */
function blpopCommand(c: Client, argv: string[]): void {
  blockingPopGeneric(c, argv, argv.slice(1, -1), true, argv[argv.length - 1]!, -1);
}

/** BRPOP key [key ...] timeout */
function brpopCommand(c: Client, argv: string[]): void {
  blockingPopGeneric(c, argv, argv.slice(1, -1), false, argv[argv.length - 1]!, -1);
}

/** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count] */
function blmpopCommand(c: Client, argv: string[]): void {
  const a = parseLmpopArgs(c, argv, 2);
  if (a === null) return;
  blockingPopGeneric(c, argv, a.keys, a.head, argv[1]!, a.count);
}

/** The body of BLMOVE and BRPOPLPUSH once the arguments are parsed. */
function blmoveGeneric(c: Client, argv: string[], fromHead: boolean, toHead: boolean, deadline: number): void {
  const o = lookupWriteTyped(c, argv[1]!, 'list');
  if (o === null) return;
  if (o !== undefined && listLength(o) > 0) {
    lmoveGeneric(c, argv, fromHead, toHead);
    return;
  }
  if (c.inExec) {
    c.w.nullBulk(); // Redis answers a null bulk here, but a null array on a real timeout
    return;
  }
  c.server.blocking.block(c, argv, [argv[1]!], 'list', deadline);
}

/** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout */
function blmoveCommand(c: Client, argv: string[]): void {
  const from = parseWhere(c, argv[3]!);
  if (from === null) return;
  const to = parseWhere(c, argv[4]!);
  if (to === null) return;
  const deadline = parseBlockTimeout(c, argv[5]!);
  if (deadline === null) return;
  blmoveGeneric(c, argv, from, to, deadline);
}

/** BRPOPLPUSH source destination timeout */
function brpoplpushCommand(c: Client, argv: string[]): void {
  const deadline = parseBlockTimeout(c, argv[3]!);
  if (deadline === null) return;
  blmoveGeneric(c, argv, false, true, deadline);
}

/**
 * The body of BZPOPMIN, BZPOPMAX and BZMPOP: pops from the first non-empty sorted set among keys
 * (count -1: the flat [key, member, score] reply), or blocks.
 */
function blockingZpopGeneric(c: Client, argv: string[], keys: string[], max: boolean, timeoutArg: string, count: number): void {
  const deadline = parseBlockTimeout(c, timeoutArg);
  if (deadline === null) return;
  for (const k of keys) {
    const o = c.db.lookupWrite(k);
    if (o === undefined) continue;
    if (o.type !== 'zset') {
      c.w.error(ERR_WRONGTYPE);
      return;
    }
    if (zsetLength(o) === 0) continue;
    if (count === -1) zpopGeneric(c, [k], max, true, -1, false, false);
    else zpopGeneric(c, [k], max, true, count, true, true);
    return;
  }
  if (c.inExec) {
    c.w.nullArray();
    return;
  }
  c.server.blocking.block(c, argv, keys, 'zset', deadline);
}

/** BZPOPMIN key [key ...] timeout */
function bzpopminCommand(c: Client, argv: string[]): void {
  blockingZpopGeneric(c, argv, argv.slice(1, -1), false, argv[argv.length - 1]!, -1);
}

/** BZPOPMAX key [key ...] timeout */
function bzpopmaxCommand(c: Client, argv: string[]): void {
  blockingZpopGeneric(c, argv, argv.slice(1, -1), true, argv[argv.length - 1]!, -1);
}

/** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count] */
function bzmpopCommand(c: Client, argv: string[]): void {
  const a = parseZmpopArgs(c, argv, 2);
  if (a === null) return;
  blockingZpopGeneric(c, argv, a.keys, a.max, argv[1]!, a.count);
}

/** CLIENT UNBLOCK client-id [TIMEOUT|ERROR] */
function clientUnblockCommand(c: Client, argv: string[]): void {
  if (argv.length > 4) {
    c.w.error(errUnknownSubcommandOrArgs(argv[1]!, argv[0]!));
    return;
  }
  // The reason is checked before the id, in Redis's order.
  let error = false;
  if (argv.length === 4) {
    const why = argv[3]!.toLowerCase();
    if (why === 'error') error = true;
    else if (why !== 'timeout') {
      c.w.error(ERR_UNBLOCK_REASON);
      return;
    }
  }
  const id = parseInteger(argv[2]!);
  if (id === null) {
    c.w.error(ERR_NOT_INTEGER);
    return;
  }
  const target = c.server.clients.get(id);
  const done = target !== undefined && c.server.blocking.unblock(target, error ? ERR_UNBLOCKED : null);
  c.w.integer(done ? 1 : 0);
}

export const handlers: Record<string, Handler> = {
  'client|unblock': clientUnblockCommand,
  blpop: blpopCommand,
  brpop: brpopCommand,
  blmpop: blmpopCommand,
  blmove: blmoveCommand,
  brpoplpush: brpoplpushCommand,
  bzpopmin: bzpopminCommand,
  bzpopmax: bzpopmaxCommand,
  bzmpop: bzmpopCommand,
};
