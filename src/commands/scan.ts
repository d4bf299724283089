// SCAN: cursor iteration over the current database, with MATCH, COUNT and TYPE as Redis 7.2 parses
// them. The keyspace's cursor is Redis's own (Dict.scan, store/dict.ts); HSCAN/SSCAN/ZSCAN walk
// their Maps with store/scan.ts. This module parses the options, filters what the walk visited and
// replies.

import type { Client } from '../server/client.ts';
import { ERR_INVALID_CURSOR, ERR_NOT_INTEGER, ERR_SYNTAX } from '../protocol/errors.ts';
import { LOOKUP_NONOTIFY, LOOKUP_NOTOUCH } from '../store/database.ts';
import { parseCursor } from '../store/scan.ts';
import type { ObjType, RObject } from '../types/object.ts';
import type { ScanCursors } from '../store/scan.ts';
import { globMatch, isMatchAll } from '../util/glob.ts';
import { parseInteger } from '../util/numbers.ts';
import type { Handler } from './command.ts';
import { lookupReadTyped } from './lookup.ts';

/** The options of a SCAN-family command. */
export interface ScanOptions {
  count: number;
  /** The MATCH pattern, or null when absent or `*` (which Redis treats as no pattern). */
  pattern: string | null;
  /** The TYPE argument as given (lowercased), or null. */
  type: string | null;
}

/**
 * Parses [MATCH pattern] [COUNT count] [TYPE type] from argv[from]. TYPE is accepted only when
 * `allowType` (SCAN, not HSCAN...). Replies and returns null on error, with Redis's messages.
 */
export function parseScanOptions(c: Client, argv: string[], from: number, allowType: boolean): ScanOptions | null {
  const opts: ScanOptions = { count: 10, pattern: null, type: null };
  for (let i = from; i < argv.length; i += 2) {
    const opt = argv[i]!.toLowerCase();
    const hasValue = i + 1 < argv.length;
    if (opt === 'count' && hasValue) {
      const n = parseInteger(argv[i + 1]!);
      if (n === null) {
        c.w.error(ERR_NOT_INTEGER);
        return null;
      }
      if (n < 1) {
        c.w.error(ERR_SYNTAX);
        return null;
      }
      opts.count = n;
    } else if (opt === 'match' && hasValue) {
      const p = argv[i + 1]!;
      opts.pattern = isMatchAll(p) ? null : p;
    } else if (opt === 'type' && allowType && hasValue) {
      // Redis 7.2 accepts an unknown type name and then matches nothing.
      opts.type = argv[i + 1]!.toLowerCase();
    } else {
      c.w.error(ERR_SYNTAX);
      return null;
    }
  }
  return opts;
}

/** Reads the cursor argument, replying `invalid cursor` when it is not an unsigned 64-bit number. */
export function parseCursorOrReply(c: Client, s: string): bigint | null {
  const cur = parseCursor(s);
  if (cur === null) c.w.error(ERR_INVALID_CURSOR);
  return cur;
}

/** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] */
function scanCommand(c: Client, argv: string[]): void {
  const cursor = parseCursorOrReply(c, argv[1]!);
  if (cursor === null) return;
  const opts = parseScanOptions(c, argv, 2, true);
  if (opts === null) return;
  const db = c.db;
  const keys: string[] = [];
  const pattern = opts.pattern;
  // Redis's loop: whole buckets until COUNT keys were visited (matching or not), at most COUNT*10
  // buckets, or the end of the walk. The cursor's bits above the 32 a table can use do not matter.
  const count = Math.min(opts.count, 2 ** 31);
  let visited = 0;
  const visit = (key: string): void => {
    visited++;
    if (pattern === null || globMatch(pattern, key)) keys.push(key);
  };
  let next = Number(cursor & 0xffffffffn);
  let maxIterations = count * 10;
  do next = db.dict.scan(next, visit);
  while (next !== 0 && maxIterations-- !== 0 && visited < count);
  // Filter after the walk, as Redis 7.2: with TYPE the key is looked up (which expires it lazily);
  // without, an expired key is deleted and left out.
  let n = 0;
  const type = opts.type;
  for (const key of keys) {
    if (type !== null) {
      if (db.lookupType(key, LOOKUP_NOTOUCH | LOOKUP_NONOTIFY) !== type) continue;
    } else if (db.expires.size !== 0 && db.expireIfNeeded(key)) {
      continue;
    }
    keys[n++] = key;
  }
  keys.length = n;
  c.w.array(2);
  c.w.bulk(String(next));
  c.w.bulkArray(keys);
}

/**
 * How a type walks its elements for HSCAN/SSCAN/ZSCAN: emit each element (with its value, for
 * hashes and sorted sets) from `cursor` on, about `count` of them, and return the next cursor (0 at
 * the end; compact encodings return everything at once with 0, as Redis does).
 */
export type ElementWalk = (o: RObject, scans: ScanCursors, cursor: bigint, count: number,
  emit: (name: string, value?: string) => void) => bigint;

/** HSCAN/SSCAN/ZSCAN key cursor [MATCH pattern] [COUNT count]: Redis's scanGenericCommand on one key. */
export function scanElementsGeneric(c: Client, argv: string[], type: ObjType, walk: ElementWalk): void {
  const cursor = parseCursorOrReply(c, argv[2]!);
  if (cursor === null) return;
  const o = lookupReadTyped(c, argv[1]!, type);
  if (o === null) return;
  if (o === undefined) {
    c.w.array(2);
    c.w.bulk('0');
    c.w.array(0);
    return;
  }
  const opts = parseScanOptions(c, argv, 3, false);
  if (opts === null) return;
  const pattern = opts.pattern;
  const out: string[] = [];
  const next = walk(o, c.db.ks.scans, cursor, Math.min(opts.count, 2 ** 31), (name, value) => {
    if (pattern !== null && !globMatch(pattern, name)) return;
    out.push(name);
    if (value !== undefined) out.push(value);
  });
  c.w.array(2);
  c.w.bulk(next.toString());
  c.w.bulkArray(out);
}

export const handlers: Record<string, Handler> = {
  scan: scanCommand,
};
