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
import { bareInlineArgs, lineEnd, parseCount, SHORT_ARG, shortLatin1 } from './parse-bytes.ts';

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
          const whole = this.#readWholeCommand();
          if (whole !== null) return whole;
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

  /**
   * The common case in one pass: a multibulk command wholly in the buffer, with plain count lines
   * (no sign, no leading zero) and arguments short of BIG_ARG. Locals instead of the parser's
   * fields, and no partly filled argv kept on the parser, which is long-lived: storing a new array
   * there costs a write barrier per command. Returns null without consuming anything for
   * whatever else comes (a partial command, a big or odd argument, a malformed line): the general
   * path below then reads it with Redis's exact checks and errors.
   */
  #readWholeCommand(): string[] | null {
    const buf = this.#buf;
    const end = buf.length;
    let p = this.#pos + 1;
    let n = 0;
    const countStart = p;
    for (; p < end; p++) {
      const d = buf[p]! - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    const digits = p - countStart;
    if (digits === 0 || digits > 4 || (digits > 1 && buf[countStart] === 48) || n === 0 || n > 1024) return null;
    if (p + 1 >= end || buf[p] !== CR || buf[p + 1] !== LF) return null;
    if (n > UNAUTH_MAX_ARGS && this.authRequired()) return null;
    p += 2;
    const maxBulk = this.maxBulkLen();
    const argv = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      if (p >= end || buf[p] !== 36 /* '$' */) return null;
      const lenStart = ++p;
      let len = 0;
      for (; p < end; p++) {
        const d = buf[p]! - 48;
        if (d < 0 || d > 9) break;
        len = len * 10 + d;
      }
      const lenDigits = p - lenStart;
      if (lenDigits === 0 || lenDigits > 5 || (lenDigits > 1 && buf[lenStart] === 48) || len >= BIG_ARG || len > maxBulk) {
        return null;
      }
      if (p + 1 >= end || buf[p] !== CR || buf[p + 1] !== LF) return null;
      if (len > UNAUTH_MAX_BULK && this.authRequired()) return null;
      p += 2;
      if (end - p < len + 2) return null;
      if (i === 0 && len <= SHORT_ARG) argv[0] = this.#commandName(buf, p, len);
      else argv[i] = len <= SHORT_ARG ? shortLatin1(buf, p, len) : buf.latin1Slice(p, p + len);
      p += len + 2; // the two bytes after a bulk are skipped unchecked, as Redis does
    }
    this.#pos = p;
    return argv;
  }

  /** The last command name this connection sent, reused while the same bytes come again. */
  #lastName = '';

  /**
   * A command name: the previous one when the bytes match (a client mostly repeats a few commands),
   * which saves building the string and lets the dispatcher's lookup cache match by identity.
   */
  #commandName(buf: Buffer, p: number, len: number): string {
    const last = this.#lastName;
    if (last.length === len) {
      let k = 0;
      while (k < len && buf[p + k] === last.charCodeAt(k)) k++;
      if (k === len) return last;
    }
    return (this.#lastName = shortLatin1(buf, p, len));
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
    const start = this.#pos;
    let end = lf;
    if (end > start && buf[end - 1] === CR) end--;
    this.#pos = lf + 1;
    const bare = bareInlineArgs(buf, start, end);
    if (bare !== null) return bare;
    const line = buf.latin1Slice(start, end);
    const argv = splitArgs(line);
    if (argv === null) {
      this.error = ERR_PROTO_UNBALANCED;
      return undefined;
    }
    return argv;
  }
}
