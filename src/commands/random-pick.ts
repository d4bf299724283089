// What SRANDMEMBER, HRANDFIELD and ZRANDMEMBER share: reading their count argument, and the cap on
// the size of a reply made of random picks (a negative count can ask for any number of repeats).

import { ERR_COUNT_RANGE, ERR_NOT_INTEGER } from '../protocol/errors.ts';
import type { Client } from '../server/client.ts';
import { parseInteger } from '../util/numbers.ts';

/** Random picks stop growing a reply past this; the client is then closed as Redis's output limit would. */
export const MAX_RANDOM_REPLY_BYTES = 512 * 1024 * 1024;

/**
 * A count argument in -LONG_MAX..LONG_MAX, or null after replying the error. LONG_MIN itself is
 * refused so that its negation fits.
 */
export function parseRandomCount(c: Client, s: string): number | null {
  const n = parseInteger(s);
  if (n === null) {
    c.w.error(ERR_NOT_INTEGER);
    return null;
  }
  if (s === '-9223372036854775808') {
    c.w.error(ERR_COUNT_RANGE);
    return null;
  }
  return n;
}

/** False (and the client marked for closing) once a random-pick reply is absurdly large. */
export function replyRoomLeft(c: Client): boolean {
  if (c.w.len <= MAX_RANDOM_REPLY_BYTES) return true;
  c.closeAfterReply = true;
  return false;
}
