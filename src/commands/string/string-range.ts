// String commands that work on part of a value: APPEND, STRLEN, GETRANGE (and its old name
// SUBSTR), SETRANGE. Results of APPEND to an existing key and of SETRANGE are `raw`, as in Redis.

import { constants } from 'node:buffer';
import type { Client } from '../../server/client.ts';
import { ERR_NOT_INTEGER, ERR_OFFSET_RANGE, ERR_STRING_TOO_LONG, ERR_WRONGTYPE } from '../../protocol/errors.ts';
import { createRawObject, stringLength, stringValue } from '../../types/string.ts';
import { parseInteger } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';

const MAX_STRING_LENGTH = constants.MAX_STRING_LENGTH;

/**
 * Redis's checkStringLength: false (after the error) when a string would pass proto-max-bulk-len.
 * V8 cannot hold a string longer than MAX_STRING_LENGTH (just under 512MB), which gets the same error.
 */
export function checkStringLength(c: Client, total: number): boolean {
  if (total > c.server.config.values.protoMaxBulkLen || total > MAX_STRING_LENGTH) {
    c.w.error(ERR_STRING_TOO_LONG);
    return false;
  }
  return true;
}

/** APPEND key value */
function appendCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1]!;
  const tail = argv[2]!;
  const o = db.lookupWrite(key);
  let total: number;
  if (o === undefined) {
    // A new key takes the value as SET would store it.
    db.setString(key, tail);
    total = tail.length;
  } else {
    if (o.type !== 'string') {
      c.w.error(ERR_WRONGTYPE);
      return;
    }
    const s = stringValue(o);
    if (!checkStringLength(c, s.length + tail.length)) return;
    const next = s + tail;
    db.set(key, createRawObject(next, db.ks.lruClock()), true);
    total = next.length;
  }
  db.ks.notify('$', 'append', key, db.id);
  c.w.integer(total);
}

/** STRLEN key */
function strlenCommand(c: Client, argv: string[]): void {
  const o = c.db.lookupView(argv[1]!, 0);
  if (o === undefined) c.w.integer(0);
  else if (o.type !== 'string') c.w.error(ERR_WRONGTYPE);
  else c.w.integer(stringLength(o));
}

/** GETRANGE key start end */
function getrangeCommand(c: Client, argv: string[]): void {
  let start = parseInteger(argv[2]!);
  let end = parseInteger(argv[3]!);
  if (start === null || end === null) {
    c.w.error(ERR_NOT_INTEGER);
    return;
  }
  const o = c.db.lookupView(argv[1]!, 0);
  if (o === undefined) {
    c.w.bulk('');
    return;
  }
  if (o.type !== 'string') {
    c.w.error(ERR_WRONGTYPE);
    return;
  }
  const s = stringValue(o);
  const len = s.length;
  if (start < 0 && end < 0 && start > end) {
    c.w.bulk('');
    return;
  }
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) c.w.bulk('');
  else c.w.bulk(s.slice(start, end + 1));
}

/** SETRANGE key offset value */
function setrangeCommand(c: Client, argv: string[]): void {
  const offset = parseInteger(argv[2]!);
  if (offset === null) {
    c.w.error(ERR_NOT_INTEGER);
    return;
  }
  if (offset < 0) {
    c.w.error(ERR_OFFSET_RANGE);
    return;
  }
  const db = c.db;
  const key = argv[1]!;
  const value = argv[3]!;
  const o = db.lookupWrite(key);
  let old = '';
  if (o === undefined) {
    if (value.length === 0) {
      c.w.integer(0);
      return;
    }
    if (!checkStringLength(c, offset + value.length)) return;
  } else {
    if (o.type !== 'string') {
      c.w.error(ERR_WRONGTYPE);
      return;
    }
    old = stringValue(o);
    if (value.length === 0) {
      c.w.integer(old.length);
      return;
    }
    if (!checkStringLength(c, offset + value.length)) return;
  }
  let next: string;
  if (offset > old.length) next = old + '\0'.repeat(offset - old.length) + value;
  else next = old.slice(0, offset) + value + old.slice(offset + value.length);
  const obj = createRawObject(next, db.ks.lruClock());
  if (o === undefined) db.add(key, obj);
  else db.set(key, obj, true);
  db.ks.notify('$', 'setrange', key, db.id);
  c.w.integer(next.length);
}

export const handlers: Record<string, Handler> = {
  append: appendCommand,
  strlen: strlenCommand,
  getrange: getrangeCommand,
  substr: getrangeCommand,
  setrange: setrangeCommand,
};
