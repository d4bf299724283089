// LPOS: where an element is in a list, by rank from either end, how many matches, how far to look.

import { ERR_LPOS_COUNT, ERR_LPOS_MAXLEN, ERR_LPOS_RANK, ERR_NOT_INTEGER, ERR_SYNTAX, ERR_VALUE_NOT_BETWEEN } from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import { ListIter, listLength } from '../../types/list.ts';
import { parseInteger } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';
import { lookupReadTyped } from '../lookup.ts';

/** Parses a non-negative LPOS option value (one message for both faults); null after an error reply. */
function lposPositive(c: Client, arg: string, negativeError: string): number | null {
  const n = parseInteger(arg);
  if (n === null || n < 0) {
    c.w.error(negativeError);
    return null;
  }
  return n;
}

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
function lposCommand(c: Client, argv: string[]): void {
  let rank = 1;
  let count = -1; // -1: no COUNT option
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const more = j < argv.length - 1;
    if (opt === 'rank' && more) {
      const r = parseInteger(argv[++j]!);
      if (r === null) {
        c.w.error(ERR_NOT_INTEGER);
        return;
      }
      // Redis 7.2: -LONG_MAX..LONG_MAX (7.0 let LONG_MIN through and negated it into itself).
      if (argv[j] === '-9223372036854775808') {
        c.w.error(ERR_VALUE_NOT_BETWEEN('-9223372036854775807', '9223372036854775807'));
        return;
      }
      if (r === 0) {
        c.w.error(ERR_LPOS_RANK);
        return;
      }
      rank = r;
    } else if (opt === 'count' && more) {
      const n = lposPositive(c, argv[++j]!, ERR_LPOS_COUNT);
      if (n === null) return;
      count = n;
    } else if (opt === 'maxlen' && more) {
      const n = lposPositive(c, argv[++j]!, ERR_LPOS_MAXLEN);
      if (n === null) return;
      maxlen = n;
    } else {
      c.w.error(ERR_SYNTAX);
      return;
    }
  }
  const forward = rank > 0;
  if (!forward) rank = -rank;
  const o = lookupReadTyped(c, argv[1]!, 'list');
  if (o === null) return;
  const w = c.w;
  if (o === undefined) {
    if (count !== -1) w.array(0);
    else w.nullBulk();
    return;
  }
  const ele = argv[2]!;
  const len = listLength(o);
  const it = new ListIter(o, forward ? 0 : -1, forward);
  const found: number[] = [];
  let matches = 0;
  let matchIndex = -1;
  let index = 0;
  for (let e = it.next(); e !== null && (maxlen === 0 || index < maxlen); e = it.next()) {
    if (e === ele) {
      matches++;
      matchIndex = forward ? index : len - index - 1;
      if (matches >= rank) {
        if (count === -1) break;
        found.push(matchIndex);
        if (count !== 0 && matches - rank + 1 >= count) break;
      }
    }
    index++;
    matchIndex = -1;
  }
  it.release();
  if (count !== -1) {
    w.array(found.length);
    for (const i of found) w.integer(i);
  } else if (matchIndex !== -1) {
    w.integer(matchIndex);
  } else {
    w.nullBulk();
  }
}

export const handlers: Record<string, Handler> = {
  lpos: lposCommand,
};
