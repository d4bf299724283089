// SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE. Every input is looked
// up for reading (Redis 7.2 does so even for the STORE forms); a non-set input is WRONGTYPE even
// after a missing one; missing keys are empty sets. STORE forms replace the destination (dropping
// its TTL) or delete it when the result is empty.

import type { Client } from '../../server/client.ts';
import { ERR_LIMIT_NEGATIVE, ERR_NUMKEYS_EXCEED_ARGS, ERR_NUMKEYS_NOT_POSITIVE, ERR_SYNTAX } from '../../protocol/errors.ts';
import type { RObject } from '../../types/object.ts';
import { setLimits, setMembers, setSize } from '../../types/set.ts';
import { setInter, setInterStore, setUnionDiff } from '../../types/set-algebra.ts';
import { parseInteger } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';
import { replyMembers } from './set.ts';
import { lookupReadTyped } from '../lookup.ts';


/** Looks up every key; null after replying WRONGTYPE. Missing keys are null entries. */
function lookupSets(c: Client, keys: readonly string[]): (RObject | null)[] | null {
  const sets: (RObject | null)[] = [];
  for (const k of keys) {
    const o = lookupReadTyped(c, k, 'set');
    if (o === null) return null;
    sets.push(o ?? null);
  }
  return sets;
}

/** Stores a result set under dst, or deletes dst when it is empty; replies the cardinality. */
function storeResult(c: Client, dst: string, result: RObject, event: string): void {
  const db = c.db;
  const n = setSize(result);
  if (n > 0) {
    result.lru = db.ks.lruClock();
    db.set(dst, result);
    c.w.integer(n);
    db.ks.notify('s', event, dst, db.id);
  } else {
    c.w.integer(0);
    if (db.delete(dst)) db.ks.notify('g', 'del', dst, db.id);
  }
}

function sinterGeneric(c: Client, keys: readonly string[], dst: string | null, cardOnly: boolean, limit: number): void {
  const sets = lookupSets(c, keys);
  if (sets === null) return;
  if (sets.includes(null)) {
    if (dst !== null) {
      if (c.db.delete(dst)) c.db.ks.notify('g', 'del', dst, c.db.id);
      c.w.integer(0);
    } else if (cardOnly) {
      c.w.integer(0);
    } else {
      c.w.set(0);
    }
    return;
  }
  const present = sets as RObject[];
  if (dst !== null) {
    storeResult(c, dst, setInterStore(present, setLimits(c.server.config.values), 0), 'sinterstore');
    return;
  }
  if (cardOnly) {
    let n = 0;
    setInter(present, () => ++n !== limit);
    c.w.integer(n);
    return;
  }
  const out: string[] = [];
  setInter(present, (m) => {
    out.push(m);
    return true;
  });
  replyMembers(c, out);
}

/** SINTER key [key ...] */
function sinterCommand(c: Client, argv: string[]): void {
  sinterGeneric(c, argv.slice(1), null, false, 0);
}

/** SINTERSTORE destination key [key ...] */
function sinterstoreCommand(c: Client, argv: string[]): void {
  sinterGeneric(c, argv.slice(2), argv[1]!, false, 0);
}

/** SINTERCARD numkeys key [key ...] [LIMIT limit] */
function sintercardCommand(c: Client, argv: string[]): void {
  const numkeys = parseInteger(argv[1]!);
  if (numkeys === null || numkeys < 1) {
    c.w.error(ERR_NUMKEYS_NOT_POSITIVE);
    return;
  }
  if (numkeys > argv.length - 2) {
    c.w.error(ERR_NUMKEYS_EXCEED_ARGS);
    return;
  }
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    if (argv[j]!.toLowerCase() === 'limit' && j + 1 < argv.length) {
      const l = parseInteger(argv[++j]!);
      if (l === null || l < 0) {
        c.w.error(ERR_LIMIT_NEGATIVE);
        return;
      }
      limit = l;
    } else {
      c.w.error(ERR_SYNTAX);
      return;
    }
  }
  sinterGeneric(c, argv.slice(2, 2 + numkeys), null, true, limit);
}

function sunionDiffGeneric(c: Client, keys: readonly string[], dst: string | null, op: 'union' | 'diff'): void {
  const sets = lookupSets(c, keys);
  if (sets === null) return;
  const result = setUnionDiff(sets, op, setLimits(c.server.config.values), 0);
  if (dst === null) replyMembers(c, setMembers(result));
  else storeResult(c, dst, result, op === 'union' ? 'sunionstore' : 'sdiffstore');
}

/** SUNION key [key ...] */
function sunionCommand(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(1), null, 'union');
}

/** SUNIONSTORE destination key [key ...] */
function sunionstoreCommand(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(2), argv[1]!, 'union');
}

/** SDIFF key [key ...] */
function sdiffCommand(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(1), null, 'diff');
}

/** SDIFFSTORE destination key [key ...] */
function sdiffstoreCommand(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(2), argv[1]!, 'diff');
}

export const handlers: Record<string, Handler> = {
  sinter: sinterCommand,
  sintercard: sintercardCommand,
  sinterstore: sinterstoreCommand,
  sunion: sunionCommand,
  sunionstore: sunionstoreCommand,
  sdiff: sdiffCommand,
  sdiffstore: sdiffstoreCommand,
};
