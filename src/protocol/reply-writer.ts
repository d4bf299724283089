// Appends RESP2 or RESP3 replies to one growable buffer. Handlers describe replies (an array of n,
// a map of n pairs, a double, a null) and the writer picks the bytes for the connection's protocol,
// so no handler ever branches on RESP2 vs RESP3. The buffer is reused across batches and flushed
// once per read batch by the connection (see server/client.ts): sent in place by the fast socket
// path (view/reset/handOver), copied out by take() for the others. Owned by the executor thread.

import { formatDouble } from '../util/numbers.ts';

const CRLF = '\r\n';
const INITIAL_SIZE = 1024;
/** Buffers that grew past this are dropped after a flush instead of being kept for reuse. */
const KEEP_LIMIT = 64 * 1024;

/** Prebuilt headers for small lengths/integers: most replies use them. */
const SMALL = 512;
const BULK_HEADERS: string[] = [];
const ARRAY_HEADERS: string[] = [];
const INTEGERS: string[] = [];
for (let i = 0; i < SMALL; i++) {
  BULK_HEADERS.push(`$${i}\r\n`);
  ARRAY_HEADERS.push(`*${i}\r\n`);
  INTEGERS.push(`:${i}\r\n`);
}

/**
 * Strings up to this length are copied byte by byte in JS: for the short headers, constants and
 * values most replies consist of, that is several times cheaper than a call into C++ (latin1Write).
 */
const SHORT = 16;
/** bulkSlice copies up to this many characters in JS; a longer run is sliced and written natively. */
const SLICE_COPY_MAX = 256;

/** Writes a latin1 string at offset o (the caller reserved room); returns the offset after it. */
function put(b: Buffer, o: number, s: string): number {
  const n = s.length;
  if (n > SHORT) return o + b.latin1Write(s, o);
  for (let i = 0; i < n; i++) b[o + i] = s.charCodeAt(i);
  return o + n;
}

/** Receives every error reply, for INFO errorstats and the dispatcher's failed-call count. */
export type ErrorSink = (message: string) => void;

export class ReplyWriter {
  buf: Buffer = Buffer.allocUnsafe(INITIAL_SIZE);
  len = 0;
  /** 2 or 3: set by HELLO. */
  resp: 2 | 3 = 2;
  /** Errors written since creation; the dispatcher compares before/after to count failed calls. */
  errors = 0;
  onError: ErrorSink | null = null;
  /** The last view() and the buffer it views. */
  #view: Buffer | null = null;
  #viewOf: Buffer | null = null;

  #reserve(n: number): void {
    const need = this.len + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Appends a string whose chars are bytes (latin1). */
  raw(s: string): void {
    const n = s.length;
    if (this.len + n > this.buf.length) this.#reserve(n);
    this.len = put(this.buf, this.len, s);
  }

  rawBytes(b: Uint8Array): void {
    this.#reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /**
   * The bytes written so far, in place (no copy): for a transport that sends them at once, then
   * calls reset() or, when the OS still reads them, handOver(). Valid until the next write.
   */
  view(): Buffer {
    const n = this.len;
    const v = this.#view;
    // A pipelined batch of the same commands gets replies of the same length: reuse the view.
    if (v !== null && v.length === n && this.#viewOf === this.buf) return v;
    const next = this.buf.subarray(0, n);
    this.#view = next;
    this.#viewOf = this.buf;
    return next;
  }

  /** Empties the writer after its bytes were sent from view(): the buffer is reused as it is. */
  reset(): void {
    this.len = 0;
    if (this.buf.length > KEEP_LIMIT) this.#fresh();
  }

  /** Empties the writer after its buffer was handed over (still being sent): it starts a new one. */
  handOver(): void {
    this.len = 0;
    this.#fresh();
  }

  #fresh(): void {
    this.buf = Buffer.allocUnsafe(INITIAL_SIZE);
    this.#view = null;
    this.#viewOf = null;
  }

  /** Takes the bytes written so far, leaving the writer empty (and its buffer reusable). */
  take(): Buffer {
    const n = this.len;
    const out = Buffer.allocUnsafe(n);
    if (n <= SHORT * 4) {
      const b = this.buf;
      for (let i = 0; i < n; i++) out[i] = b[i]!;
    } else {
      this.buf.copy(out, 0, 0, n);
    }
    this.len = 0;
    if (this.buf.length > KEEP_LIMIT) this.buf = Buffer.allocUnsafe(INITIAL_SIZE);
    return out;
  }

  ok(): void {
    this.raw('+OK\r\n');
  }

  simple(s: string): void {
    this.raw('+' + s + CRLF);
  }

  /** An error reply. Newlines in the message would break the protocol, so they become spaces. */
  error(message: string): void {
    let m = message;
    if (m.includes('\r') || m.includes('\n')) m = m.replace(/[\r\n]/g, ' ');
    this.raw('-' + m + CRLF);
    this.errors++;
    this.onError?.(m);
  }

  integer(n: number | bigint): void {
    if (typeof n === 'number' && n >= 0 && n < SMALL && Number.isInteger(n)) this.raw(INTEGERS[n]!);
    else if (typeof n === 'number' && (n | 0) === n) this.#int32Line(58, n); // ':'
    else this.raw(':' + String(n) + CRLF);
  }

  /** prefix byte, the decimal digits of a 32-bit integer, CRLF: written in place, no string built. */
  #int32Line(prefix: number, n: number): void {
    if (n === -2147483648) {
      this.raw(String.fromCharCode(prefix) + '-2147483648\r\n');
      return;
    }
    if (this.len + 14 > this.buf.length) this.#reserve(14);
    const b = this.buf;
    let o = this.len;
    b[o++] = prefix;
    let u = n;
    if (n < 0) {
      b[o++] = 45; // '-'
      u = -n;
    }
    const digits = u < 10 ? 1 : u < 100 ? 2 : u < 1000 ? 3 : u < 10000 ? 4 : u < 100000 ? 5 : u < 1000000 ? 6
      : u < 10000000 ? 7 : u < 100000000 ? 8 : u < 1000000000 ? 9 : 10;
    o += digits;
    for (let i = o - 1; u >= 10; i--) {
      const q = (u / 10) | 0;
      b[i] = 48 + u - q * 10;
      u = q;
    }
    b[o - digits] = 48 + u;
    b[o++] = 13;
    b[o++] = 10;
    this.len = o;
  }

  /**
   * Starts a bulk string of n bytes: reserves room for all of it and writes the `$n` header; returns
   * the offset where the n bytes go. The caller writes them and then calls #endBulk.
   */
  #startBulk(n: number): number {
    const header = n < SMALL ? BULK_HEADERS[n]! : '$' + n + CRLF;
    this.#reserve(header.length + n + 2);
    return put(this.buf, this.len, header);
  }

  /** Ends a bulk string whose bytes end at offset o: the CRLF. */
  #endBulk(o: number): void {
    const b = this.buf;
    b[o] = 13;
    b[o + 1] = 10;
    this.len = o + 2;
  }

  /** A bulk string from a latin1 string. */
  bulk(s: string): void {
    const o = this.#startBulk(s.length);
    this.#endBulk(s.length > 0 ? put(this.buf, o, s) : o);
  }

  /**
   * A bulk string of s's characters [from, to), copied straight from s: LRANGE walks a listpack
   * string this way, where a slice per element was most of the garbage such a reply made.
   */
  bulkSlice(s: string, from: number, to: number): void {
    const n = to - from;
    if (n > SLICE_COPY_MAX) {
      this.bulk(s.slice(from, to));
      return;
    }
    let o = this.#startBulk(n);
    const b = this.buf;
    for (let i = from; i < to; i++) b[o++] = s.charCodeAt(i);
    this.#endBulk(o);
  }

  /** A bulk string of n bytes of src from start (a value kept off the heap: store/string-slab.ts). */
  bulkFrom(src: Uint8Array, start: number, n: number): void {
    const o = this.#startBulk(n);
    const b = this.buf;
    for (let i = 0; i < n; i++) b[o + i] = src[start + i]!;
    this.#endBulk(o + n);
  }

  bulkBytes(v: Uint8Array): void {
    this.raw('$' + v.length + CRLF);
    this.rawBytes(v);
    this.raw(CRLF);
  }

  /** A bulk string holding a number's decimal form (as Redis sends integer-encoded strings). */
  bulkNumber(n: number | bigint): void {
    this.bulk(String(n));
  }

  /** The null a missing value gets: `$-1` in RESP2, `_` in RESP3. */
  nullBulk(): void {
    this.raw(this.resp === 3 ? '_\r\n' : '$-1\r\n');
  }

  /** The null some commands send instead of an array (EXEC abort, BLPOP timeout): `*-1` or `_`. */
  nullArray(): void {
    this.raw(this.resp === 3 ? '_\r\n' : '*-1\r\n');
  }

  array(n: number): void {
    this.raw(n < SMALL ? ARRAY_HEADERS[n]! : '*' + n + CRLF);
  }

  /** A map of n pairs: `%n` in RESP3, a flat array of 2n in RESP2. */
  map(n: number): void {
    if (this.resp === 3) this.raw('%' + n + CRLF);
    else this.array(n * 2);
  }

  /** A set: `~n` in RESP3, an array in RESP2. */
  set(n: number): void {
    if (this.resp === 3) this.raw('~' + n + CRLF);
    else this.array(n);
  }

  /** An out-of-band push: `>n` in RESP3, an array in RESP2 (pub/sub messages). */
  push(n: number): void {
    if (this.resp === 3) this.raw('>' + n + CRLF);
    else this.array(n);
  }

  /** A double: `,x` in RESP3, a bulk string in RESP2. */
  double(d: number): void {
    const s = formatDouble(d);
    if (this.resp === 3) this.raw(',' + s + CRLF);
    else this.bulk(s);
  }

  /** A boolean: `#t`/`#f` in RESP3, the integers 1/0 in RESP2. */
  bool(b: boolean): void {
    if (this.resp === 3) this.raw(b ? '#t\r\n' : '#f\r\n');
    else this.raw(b ? ':1\r\n' : ':0\r\n');
  }

  /** Text for humans (INFO, CLIENT LIST): a verbatim string in RESP3, a bulk string in RESP2. */
  verbatim(s: string, format = 'txt'): void {
    if (this.resp === 3) {
      this.raw('=' + (s.length + 4) + CRLF + format + ':');
      this.raw(s);
      this.raw(CRLF);
    } else {
      this.bulk(s);
    }
  }

  /** An array of bulk strings. */
  bulkArray(items: readonly string[]): void {
    this.array(items.length);
    for (const s of items) this.bulk(s);
  }

  /** A help reply: an array of simple-string lines, as Redis's addReplyHelp sends. */
  help(container: string, lines: readonly string[]): void {
    this.array(lines.length + 3); // the header, the lines, and HELP with its description
    this.simple(`${container.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
    for (const l of lines) this.simple(l);
    this.simple('HELP');
    this.simple('    Prints this help.');
  }
}
