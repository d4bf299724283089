// LCS: the longest common subsequence of two string values, by the classic dynamic-programming
// table (one Uint32Array), walked back from the end to produce the string or the matched ranges.
// Reply shapes follow Redis: the string, LEN's integer, or IDX's map {matches, len} (a flat array
// in RESP2) whose ranges come last-to-first.

import type { Client } from '../../server/client.ts';
import { ERR_LCS_ALLOC, ERR_LCS_LEN_AND_IDX, ERR_LCS_MEMORY, ERR_LCS_TYPE, ERR_NOT_INTEGER, ERR_SYNTAX } from '../../protocol/errors.ts';
import { stringValue } from '../../types/string.ts';
import { parseInteger } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';

/** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN] */
function lcsCommand(c: Client, argv: string[]): void {
  const oa = c.db.lookupView(argv[1]!, 0);
  const ob = c.db.lookupView(argv[2]!, 0);
  if ((oa !== undefined && oa.type !== 'string') || (ob !== undefined && ob.type !== 'string')) {
    c.w.error(ERR_LCS_TYPE);
    return;
  }
  const a = oa === undefined ? '' : stringValue(oa);
  const b = ob === undefined ? '' : stringValue(ob);
  let getLen = false;
  let getIdx = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!.toUpperCase();
    if (opt === 'IDX') getIdx = true;
    else if (opt === 'LEN') getLen = true;
    else if (opt === 'WITHMATCHLEN') withMatchLen = true;
    else if (opt === 'MINMATCHLEN' && j < argv.length - 1) {
      const v = parseInteger(argv[++j]!);
      if (v === null) {
        c.w.error(ERR_NOT_INTEGER);
        return;
      }
      minMatchLen = v < 0 ? 0 : v;
    } else {
      c.w.error(ERR_SYNTAX);
      return;
    }
  }
  if (getLen && getIdx) {
    c.w.error(ERR_LCS_LEN_AND_IDX);
    return;
  }
  const alen = a.length;
  const blen = b.length;
  const cells = (alen + 1) * (blen + 1);
  if (cells * 4 > c.server.config.values.protoMaxBulkLen) {
    c.w.error(ERR_LCS_MEMORY);
    return;
  }
  // table[i * (blen + 1) + j] = length of the LCS of a[0..i) and b[0..j).
  const w = blen + 1;
  let table: Uint32Array;
  try {
    table = new Uint32Array(cells);
  } catch {
    c.w.error(ERR_LCS_ALLOC);
    return;
  }
  for (let i = 1; i <= alen; i++) {
    const ca = a.charCodeAt(i - 1);
    const row = i * w;
    const prev = row - w;
    for (let j = 1; j <= blen; j++) {
      if (ca === b.charCodeAt(j - 1)) table[row + j] = table[prev + j - 1]! + 1;
      else {
        const up = table[prev + j]!;
        const left = table[row + j - 1]!;
        table[row + j] = up > left ? up : left;
      }
    }
  }
  const total = table[alen * w + blen]!;
  if (getLen) {
    c.w.integer(total);
    return;
  }

  // Walk back from the end, collecting the LCS bytes and the ranges of contiguous matches.
  const out = Buffer.alloc(total);
  let idx = total;
  const ranges: number[][] = [];
  let aStart = -1;
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = alen;
  let j = blen;
  const emit = (): void => {
    const len = aEnd - aStart + 1;
    if (minMatchLen === 0 || len >= minMatchLen) ranges.push([aStart, aEnd, bStart, bEnd, len]);
    aStart = -1;
  };
  while (i > 0 && j > 0) {
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      out[--idx] = a.charCodeAt(i - 1);
      if (aStart === -1) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else {
        // Consecutive matches along the diagonal extend the current range backwards.
        aStart--;
        bStart--;
      }
      i--;
      j--;
      if (aStart === 0 || bStart === 0) emit();
    } else {
      if (table[(i - 1) * w + j]! > table[i * w + j - 1]!) i--;
      else j--;
      if (aStart !== -1) emit();
    }
  }

  if (!getIdx) {
    c.w.bulk(out.latin1Slice(0, total));
    return;
  }
  c.w.map(2);
  c.w.bulk('matches');
  c.w.array(ranges.length);
  for (const [as, ae, bs, be, len] of ranges) {
    c.w.array(withMatchLen ? 3 : 2);
    c.w.array(2);
    c.w.integer(as!);
    c.w.integer(ae!);
    c.w.array(2);
    c.w.integer(bs!);
    c.w.integer(be!);
    if (withMatchLen) c.w.integer(len!);
  }
  c.w.bulk('len');
  c.w.integer(total);
}

export const handlers: Record<string, Handler> = {
  lcs: lcsCommand,
};
