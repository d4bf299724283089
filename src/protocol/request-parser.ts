// Incremental parser for client requests: RESP multibulk (`*2\r\n$3\r\nGET\r\n$1\r\nk\r\n`) and inline
// commands (`GET k\r\n`). It follows Redis's processMultibulkBuffer/processInlineBuffer: the same
// limits, the same error texts, the same leniency (the two bytes after a bulk are skipped unchecked).
//
// Arguments come out as latin1 strings: one JS char per byte, so they are binary safe, cheap to use as
// Map keys and cheap to write back out. Callers pull one command at a time with next(), which lets the
// server stop between commands (a client that blocks, pauses or quits keeps the rest pending).
// Owned by the executor thread (or, later, by an I/O thread that parses on its behalf).

import {
  ERR_PROTO_BIG_BULK,
  ERR_PROTO_BIG_INLINE,
  ERR_PROTO_BIG_MBULK,
  ERR_PROTO_BULK_LEN,
  ERR_PROTO_EXPECTED_DOLLAR,
  ERR_PROTO_MULTIBULK_LEN,
  ERR_PROTO_UNAUTH_BULK,
  ERR_PROTO_UNAUTH_MBULK,
  ERR_PROTO_UNBALANCED,
} from './errors.ts';
import { splitArgs } from './split-args.ts';

/** Redis's PROTO_INLINE_MAX_SIZE: the longest inline request or count line without a newline. */
export const INLINE_MAX_SIZE = 64 * 1024;
/** Redis's PROTO_MBULK_BIG_ARG: bulks from this size on are assembled in a buffer of their own. */
const BIG_ARG = 32 * 1024;
const INT_MAX = 2147483647;
/** Before AUTH, Redis refuses requests bigger than this (CVE-2021-32675): argument count, bulk size. */
const UNAUTH_MAX_ARGS = 10;
const UNAUTH_MAX_BULK = 16384;
const EMPTY = Buffer.alloc(0);

const CR = 13;
const LF = 10;

const INT64_MAX_DIGITS = '9223372036854775807';
const INT64_MIN_DIGITS = '9223372036854775808';

/**
 * Parses a decimal integer the way Redis's string2ll does: optional '-', no '+', no leading zeros,
 * no spaces, within the int64 range. Returns NaN when the bytes are not such a number. The value is
 * a double: exact for the counts Redis accepts (far inside 2^53), and only compared beyond that.
 */
export function parseCount(buf: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len <= 0 || len > 20) return NaN;
  let i = start;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
    if (i === end) return NaN;
  }
  if (buf[i] === 48) return i + 1 === end && !neg ? 0 : NaN;
  const digits = end - i;
  let v = 0;
  for (let j = i; j < end; j++) {
    const d = buf[j]! - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  if (digits > 19) return NaN;
  if (digits === 19) {
    // Out of int64 range is invalid, not merely big: compare the digits exactly.
    const limit = neg ? INT64_MIN_DIGITS : INT64_MAX_DIGITS;
    for (let j = 0; j < 19; j++) {
      const d = buf[i + j]!;
      const l = limit.charCodeAt(j);
      if (d !== l) {
        if (d > l) return NaN;
        break;
      }
    }
  }
  return neg ? -v : v;
}

/**
 * Where a line ends, as Redis finds it with strchr: the first `term` byte from `from`, or -1 when
 * there is none or a NUL byte comes first (strchr stops there, so Redis keeps waiting for more bytes
 * until the size limit errors out). Only the line itself is scanned.
 */
function lineEnd(buf: Buffer, from: number, term: number): number {
  // Count lines (`*3`, `$5`) are a few bytes: scanning them in JS beats a call into C++ (indexOf).
  const near = Math.min(buf.length, from + 32);
  for (let i = from; i < near; i++) {
    const b = buf[i]!;
    if (b === term) return i;
    if (b === 0) return -1;
  }
  if (near === buf.length) return -1;
  const end = buf.indexOf(term, near);
  if (end === -1) return -1;
  for (let i = near; i < end; i++) if (buf[i] === 0) return -1;
  return end;
}

/** Arguments up to this many bytes are built in JS (shortLatin1), longer ones by latin1Slice. */
const SHORT_ARG = 24;

/**
 * A string of at most SHORT_ARG bytes, built in JS: command names, keys, fields, small values and
 * numbers are this short, and String.fromCharCode with the bytes as arguments (one builtin, no C++
 * call) measured ~55 ns for 16 bytes and ~78 for 24, against ~95 and ~113 for latin1Slice.
 */
function shortLatin1(b: Buffer, s: number, n: number): string {
  const f = String.fromCharCode;
  switch (n) {
    case 0:
      return '';
    case 1:
      return f(b[s]!);
    case 2:
      return f(b[s]!, b[s + 1]!);
    case 3:
      return f(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    case 8:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
    case 9:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!);
    case 10:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!);
    case 11:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!);
    case 12:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!);
    case 13:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!);
    case 14:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!);
    case 15:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!);
    case 16:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!);
    case 17:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!);
    case 18:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!);
    case 19:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!);
    case 20:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!);
    case 21:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!);
    case 22:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!, b[s + 21]!);
    case 23:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!, b[s + 21]!, b[s + 22]!);
    default:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!, b[s + 21]!, b[s + 22]!, b[s + 23]!);
  }
}

export class RequestParser {
  #buf: Buffer = EMPTY;
  #pos = 0;
  /** Arguments of the multibulk command being read, or null between commands. */
  #argv: string[] | null = null;
  /** Index of the next argument to store in #argv. */
  #argi = 0;
  #argsLeft = 0;
  /** Length of the bulk whose header was read, or -1 when the next thing is a `$` line. */
  #bulkLen = -1;
  /** A large bulk being assembled across reads, and how much of it is filled. */
  #big: Buffer | null = null;
  #bigFill = 0;
  /** #buf is (part of) a chunk the caller fed, not a copy of ours: see detach(). */
  #borrowed = false;

  /** The protocol error that stopped parsing; the connection closes after replying with it. */
  error: string | null = null;
  /** proto-max-bulk-len, read by reference so CONFIG SET applies to connected clients too. */
  maxBulkLen: () => number;
  /** True while the client must still authenticate: requests are then kept small. */
  authRequired: () => boolean;

  constructor(maxBulkLen: () => number, authRequired: () => boolean = () => false) {
    this.maxBulkLen = maxBulkLen;
    this.authRequired = authRequired;
  }

  /** Bytes received and not yet consumed: what client-query-buffer-limit measures. */
  get pending(): number {
    return this.#buf.length - this.#pos + (this.#big === null ? 0 : this.#bigFill);
  }

  /** Up to n unconsumed bytes, as latin1 (for log lines about a client's query buffer). */
  peek(n: number): string {
    // A big argument being assembled comes first: its bytes are the oldest unconsumed ones.
    if (this.#big !== null) return this.#big.latin1Slice(0, Math.min(this.#bigFill, n));
    return this.#buf.latin1Slice(this.#pos, Math.min(this.#buf.length, this.#pos + n));
  }

  /** True when a command is partly read (used to tell an idle client from one mid-request). */
  get midCommand(): boolean {
    return this.#argv !== null || this.#pos < this.#buf.length;
  }

  feed(chunk: Buffer): void {
    if (this.#big !== null) {
      const big = this.#big;
      const n = Math.min(chunk.length, big.length - this.#bigFill);
      chunk.copy(big, this.#bigFill, 0, n);
      this.#bigFill += n;
      if (n < chunk.length) this.#append(chunk.subarray(n));
      return;
    }
    this.#append(chunk);
  }

  #append(chunk: Buffer): void {
    if (this.#pos >= this.#buf.length) {
      this.#buf = chunk;
      this.#borrowed = true;
    } else {
      this.#buf = Buffer.concat([this.#buf.subarray(this.#pos), chunk]);
      this.#borrowed = false;
    }
    this.#pos = 0;
  }

  /**
   * Copies the unconsumed bytes out of the chunks fed so far, for a caller that reuses their memory
   * for its next read (transport/fast-socket.ts). Everything else the parser keeps is already its
   * own: arguments are strings, a big argument has its own buffer, a concatenation is a new one.
   */
  detach(): void {
    if (!this.#borrowed) return;
    this.#borrowed = false;
    const buf = this.#buf;
    const pos = this.#pos;
    this.#buf = pos >= buf.length ? EMPTY : Buffer.from(buf.subarray(pos));
    this.#pos = 0;
  }

  /**
   * The next complete command, or null when more bytes are needed or a protocol error occurred
   * (then `error` is set and nothing more will be parsed). Empty commands are skipped, as Redis does.
   */
  next(): string[] | null {
    for (;;) {
      if (this.error !== null) return null;
      if (this.#argv === null) {
        if (this.#pos >= this.#buf.length) {
          this.#release();
          return null;
        }
        if (this.#buf[this.#pos] === 42 /* '*' */) {
          if (!this.#readMultibulkHeader()) return null;
          if (this.#argv === null) continue; // empty or negative count: nothing to run
        } else {
          const argv = this.#readInline();
          if (argv === undefined) return null;
          if (argv.length === 0) continue;
          return argv;
        }
      }
      const argv = this.#readBulks();
      if (argv !== null) return argv;
      return null;
    }
  }

  /** Drops the reference to a fully consumed read buffer so it can be collected. */
  #release(): void {
    if (this.#buf !== EMPTY) {
      this.#buf = EMPTY;
      this.#pos = 0;
    }
  }

  #readMultibulkHeader(): boolean {
    const buf = this.#buf;
    const cr = lineEnd(buf, this.#pos, CR);
    if (cr === -1 || cr + 1 >= buf.length) {
      // Redis checks the size only when no CR was found at all.
      if (cr === -1 && buf.length - this.#pos > INLINE_MAX_SIZE) this.error = ERR_PROTO_BIG_MBULK;
      return false;
    }
    const n = parseCount(buf, this.#pos + 1, cr);
    if (Number.isNaN(n) || n > INT_MAX) {
      this.error = ERR_PROTO_MULTIBULK_LEN;
      return false;
    }
    if (n > UNAUTH_MAX_ARGS && this.authRequired()) {
      this.error = ERR_PROTO_UNAUTH_MBULK;
      return false;
    }
    this.#pos = cr + 2;
    if (n > 0) {
      // Sized up front as Redis does (at most 1024 slots; an array grows on its own past that):
      // filling by index is cheaper than a push per argument.
      this.#argv = n <= 1024 ? new Array<string>(n) : [];
      this.#argi = 0;
      this.#argsLeft = n;
      this.#bulkLen = -1;
    }
    return true;
  }

  #readBulks(): string[] | null {
    const argv = this.#argv!;
    while (this.#argsLeft > 0) {
      if (this.#big !== null) {
        const big = this.#big;
        if (this.#bigFill < big.length) return null;
        argv[this.#argi++] = big.latin1Slice(0, big.length - 2);
        this.#big = null;
        this.#bigFill = 0;
        this.#bulkLen = -1;
        this.#argsLeft--;
        continue;
      }
      const buf = this.#buf;
      if (this.#bulkLen === -1) {
        if (this.#pos >= buf.length) return null;
        const cr = lineEnd(buf, this.#pos, CR);
        if (cr === -1 || cr + 1 >= buf.length) {
          if (cr === -1 && buf.length - this.#pos > INLINE_MAX_SIZE) this.error = ERR_PROTO_BIG_BULK;
          return null;
        }
        if (buf[this.#pos] !== 36 /* '$' */) {
          this.error = ERR_PROTO_EXPECTED_DOLLAR(String.fromCharCode(buf[this.#pos]!));
          return null;
        }
        const len = parseCount(buf, this.#pos + 1, cr);
        if (Number.isNaN(len) || len < 0 || len > this.maxBulkLen()) {
          this.error = ERR_PROTO_BULK_LEN;
          return null;
        }
        if (len > UNAUTH_MAX_BULK && this.authRequired()) {
          this.error = ERR_PROTO_UNAUTH_BULK;
          return null;
        }
        this.#pos = cr + 2;
        this.#bulkLen = len;
      }
      const len = this.#bulkLen;
      const avail = buf.length - this.#pos;
      if (avail < len + 2) {
        if (len >= BIG_ARG) {
          // Assemble the big argument in one allocation instead of re-concatenating every read.
          const big = Buffer.allocUnsafe(len + 2);
          buf.copy(big, 0, this.#pos);
          this.#big = big;
          this.#bigFill = avail;
          this.#buf = EMPTY;
          this.#pos = 0;
        }
        return null;
      }
      const p = this.#pos;
      argv[this.#argi++] = len <= SHORT_ARG ? shortLatin1(buf, p, len) : buf.latin1Slice(p, p + len);
      this.#pos = p + len + 2;
      this.#bulkLen = -1;
      this.#argsLeft--;
    }
    this.#argv = null;
    return argv;
  }

  /** An inline command's arguments, [] for a blank line, undefined when incomplete or on error. */
  #readInline(): string[] | undefined {
    const buf = this.#buf;
    const lf = lineEnd(buf, this.#pos, LF);
    if (lf === -1) {
      if (buf.length - this.#pos > INLINE_MAX_SIZE) this.error = ERR_PROTO_BIG_INLINE;
      return undefined;
    }
    let end = lf;
    if (end > this.#pos && buf[end - 1] === CR) end--;
    const line = buf.latin1Slice(this.#pos, end);
    this.#pos = lf + 1;
    const argv = splitArgs(line);
    if (argv === null) {
      this.error = ERR_PROTO_UNBALANCED;
      return undefined;
    }
    return argv;
  }
}
