// The argument grammar LMPOP, BLMPOP, ZMPOP and BZMPOP share:
//   numkeys key [key ...] <direction> [COUNT count]
// with Redis's errors: numkeys must be positive, the direction one of two words, COUNT positive.

import { ERR_COUNT_NOT_POSITIVE, ERR_NUMKEYS_NOT_POSITIVE, ERR_SYNTAX } from '../protocol/errors.ts';
import type { Client } from '../server/client.ts';
import { parseInteger } from '../util/numbers.ts';

/**
 * Parses from argv[numkeysAt]; `first` is true when the direction word is `firstWord` (the other
 * accepted word being `secondWord`). Null after replying the error.
 */
export function parseMpopArgs(c: Client, argv: string[], numkeysAt: number, firstWord: string, secondWord: string):
  { keys: string[]; first: boolean; count: number } | null {
  const numkeys = parseInteger(argv[numkeysAt]!);
  if (numkeys === null || numkeys < 1) {
    c.w.error(ERR_NUMKEYS_NOT_POSITIVE);
    return null;
  }
  const whereAt = numkeysAt + numkeys + 1;
  if (whereAt >= argv.length) {
    c.w.error(ERR_SYNTAX);
    return null;
  }
  const where = argv[whereAt]!.toLowerCase();
  if (where !== firstWord && where !== secondWord) {
    c.w.error(ERR_SYNTAX);
    return null;
  }
  let count = -1;
  for (let j = whereAt + 1; j < argv.length; j++) {
    if (count === -1 && argv[j]!.toLowerCase() === 'count' && j + 1 < argv.length) {
      const n = parseInteger(argv[++j]!);
      if (n === null || n < 1) {
        c.w.error(ERR_COUNT_NOT_POSITIVE);
        return null;
      }
      count = n;
    } else {
      c.w.error(ERR_SYNTAX);
      return null;
    }
  }
  return { keys: argv.slice(numkeysAt + 1, whereAt), first: where === firstWord, count: count === -1 ? 1 : count };
}
