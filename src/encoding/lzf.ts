// LZF compression in liblzf's stream format, which Redis uses for compressed quicklist nodes and
// for compressed strings in RDB files; keeping the format lets a future RDB writer/reader exchange
// them with real Redis.
//
// Format: a sequence of chunks, each starting with a control byte c.
//   c < 32:  literal run of c + 1 bytes that follow.
//   c >= 32: back reference. len = c >> 5 (if 7, add the next byte); then the next byte `lo`;
//            copy len + 2 bytes starting (((c & 31) << 8) | lo) + 1 bytes back in the output
//            (the source may overlap the bytes being written, which makes runs cheap).
// Limits: literal runs ≤ 32 bytes, back references ≤ 264 bytes and reach ≤ 8192 bytes back.

const HLOG = 16; // liblzf's default hash table size (2^16 slots)
const HSIZE = 1 << HLOG;
const MAX_LIT = 32;
const MAX_OFF = 8192;
const MAX_REF = 264; // (1 << 8) + (1 << 3)

// The hash table maps a 3-byte prefix to the last position it was seen. Entries are stored as
// `base + position` and only count when >= base; bumping base per call invalidates the whole table
// in O(1), so a compression of a small node does not pay to clear 256 KB. It is reset only when base
// would overflow. Every candidate is checked byte by byte anyway, so a stale hit cannot corrupt.
const htab = new Uint32Array(HSIZE);
let base = 1;

function slot(h: number): number {
  return ((h >>> 8) - h * 5) & (HSIZE - 1);
}

/**
 * Compresses input; returns the compressed bytes, or null when they would not fit in maxOut bytes
 * (by default input.length - 1: compression that does not shrink the data is refused, and the
 * caller stores the data raw, as Redis does).
 */
export function lzfCompress(input: Uint8Array, maxOut = input.length - 1): Buffer | null {
  const n = input.length;
  if (n === 0 || maxOut <= 0) return null;
  if (base + n + 1 >= 0xffffffff) {
    htab.fill(0);
    base = 1;
  }
  const out = Buffer.allocUnsafe(maxOut + 1); // one spare byte: the closing control byte may land there
  let ip = 0;
  let op = 1; // out[0] is reserved for the first literal run's control byte
  let lit = 0;
  let h = n > 1 ? (input[0]! << 8) | input[1]! : 0;
  while (ip < n - 2) {
    h = ((h << 8) | input[ip + 2]!) & 0xffffff;
    const s = slot(h);
    const stored = htab[s]!;
    htab[s] = base + ip;
    const ref = stored - base;
    const off = ip - ref - 1;
    if (stored >= base && ref < ip && off < MAX_OFF &&
        input[ref] === input[ip] && input[ref + 1] === input[ip + 1] && input[ref + 2] === input[ip + 2]) {
      let maxlen = n - ip - 2;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      if (op - (lit === 0 ? 1 : 0) + 4 >= maxOut) return null;
      out[op - lit - 1] = lit - 1; // close the pending literal run...
      if (lit === 0) op--; // ...or drop its reserved control byte when it is empty
      let len = 2;
      do len++; while (len < maxlen && input[ref + len] === input[ip + len]);
      len -= 2; // encoded length is the match length minus 2
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // reserve the next literal run's control byte
      ip += len + 1;
      if (ip >= n - 2) break;
      // Hash the last two positions inside the match so later data can refer into it.
      ip -= 2;
      h = (input[ip]! << 8) | input[ip + 1]!;
      h = ((h << 8) | input[ip + 2]!) & 0xffffff;
      htab[slot(h)] = base + ip;
      ip++;
      h = ((h << 8) | input[ip + 2]!) & 0xffffff;
      htab[slot(h)] = base + ip;
      ip++;
    } else {
      if (op >= maxOut) return null;
      lit++;
      out[op++] = input[ip++]!;
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  while (ip < n) {
    if (op >= maxOut) return null;
    lit++;
    out[op++] = input[ip++]!;
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1;
  if (lit === 0) op--;
  base += n + 1;
  if (op > maxOut) return null;
  return Buffer.from(out.subarray(0, op));
}

/**
 * Decompresses input that must expand to exactly outLen bytes. Returns null on any corruption: a
 * truncated chunk, a back reference before the start of the output, output overflowing outLen, or
 * output shorter than outLen.
 */
export function lzfDecompress(input: Uint8Array, outLen: number): Buffer | null {
  const n = input.length;
  const out = Buffer.allocUnsafe(outLen);
  let ip = 0;
  let op = 0;
  while (ip < n) {
    let c = input[ip++]!;
    if (c < 32) {
      c++;
      if (op + c > outLen || ip + c > n) return null;
      for (let i = 0; i < c; i++) out[op++] = input[ip++]!;
    } else {
      let len = c >> 5;
      if (ip >= n) return null;
      if (len === 7) {
        len += input[ip++]!;
        if (ip >= n) return null;
      }
      const ref = op - (((c & 31) << 8) | input[ip++]!) - 1;
      len += 2;
      if (op + len > outLen || ref < 0) return null;
      // Byte by byte on purpose: the source may overlap what is being written.
      for (let i = 0; i < len; i++) out[op++] = out[ref + i]!;
    }
  }
  return op === outLen ? out : null;
}
