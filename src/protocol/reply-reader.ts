// Incremental reader for server replies (RESP2 and RESP3), for our client, CLI, benchmark and tests.
// Values: simple strings and bulks as latin1 strings (or UTF-8 strings, or Buffers in buffer mode),
// integers as numbers (bigint past 2^53), null, arrays, Maps for RESP3 maps, Sets as RespSet, errors
// as ReplyError. `nextRaw` instead returns each reply's exact bytes (differential tests compare those).
//
// Speed matters here (the client library is measured against ioredis): the parser keeps its cursor
// in a field instead of allocating {value, end} pairs, reads numbers straight from the bytes, and
// when a reply is incomplete it remembers a lower bound of the bytes still needed, so a large reply
// arriving in many chunks is not re-parsed on every chunk.

export class ReplyError extends Error {
  /** The error code: the first word (ERR, WRONGTYPE, NOAUTH...). */
  readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = 'ReplyError';
    const sp = message.indexOf(' ');
    this.code = sp === -1 ? message : message.slice(0, sp);
  }
}

/** RESP3 types that have no natural JS value keep their kind. */
export class Verbatim {
  readonly format: string;
  readonly text: string;
  constructor(format: string, text: string) {
    this.format = format;
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

export class Push {
  readonly items: ReplyValue[];
  constructor(items: ReplyValue[]) {
    this.items = items;
  }
}

export class RespSet {
  readonly items: ReplyValue[];
  constructor(items: ReplyValue[]) {
    this.items = items;
  }
}

export type ReplyValue =
  | string
  | Buffer
  | number
  | bigint
  | boolean
  | null
  | ReplyError
  | Verbatim
  | Push
  | RespSet
  | ReplyValue[]
  | Map<ReplyValue, ReplyValue>;

const INCOMPLETE: unique symbol = Symbol('incomplete');

export interface ReplyReaderOptions {
  /** Bulk strings as Buffers instead of strings. */
  buffers?: boolean;
  /** How bulk and simple strings become JS strings: latin1 (one char per byte, the default) or utf8. */
  encoding?: 'latin1' | 'utf8';
}

export class ReplyReader {
  #buf: Buffer = Buffer.alloc(0);
  #pos = 0;
  // Chunks fed while an incomplete reply waits for at least #need bytes (counted from #pos).
  #chunks: Buffer[] = [];
  #chunksLen = 0;
  #need = 0;
  // Parser cursor: the end of the value #parse just returned, or (on INCOMPLETE) the lowest
  // absolute offset the reply can end at.
  #end = 0;
  #buffers: boolean;
  readonly #utf8: boolean;

  constructor(options: ReplyReaderOptions = {}) {
    this.#buffers = options.buffers ?? false;
    this.#utf8 = options.encoding === 'utf8';
  }

  /** Bulk strings as Buffers (true) or strings (false) from the next reply on. */
  set buffers(on: boolean) {
    this.#buffers = on;
  }

  get buffers(): boolean {
    return this.#buffers;
  }

  /** Bytes fed but not yet consumed as replies. */
  get pending(): number {
    return this.#buf.length - this.#pos + this.#chunksLen;
  }

  feed(chunk: Buffer): void {
    if (this.#pos >= this.#buf.length && this.#chunks.length === 0) {
      this.#buf = chunk;
      this.#pos = 0;
      return;
    }
    this.#chunks.push(chunk);
    this.#chunksLen += chunk.length;
  }

  /** True when enough bytes may be there to try parsing (joins fed chunks when so). */
  #ready(): boolean {
    if (this.#chunks.length === 0) return true;
    if (this.#buf.length - this.#pos + this.#chunksLen < this.#need) return false;
    const parts = this.#pos < this.#buf.length ? [this.#buf.subarray(this.#pos), ...this.#chunks] : this.#chunks;
    this.#buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    this.#pos = 0;
    this.#chunks = [];
    this.#chunksLen = 0;
    return true;
  }

  /** The next complete reply, or undefined when more bytes are needed. */
  next(): ReplyValue | undefined {
    if (!this.#ready()) return undefined;
    const start = this.#pos;
    const v = this.#parse(start);
    if (v === INCOMPLETE) {
      this.#need = this.#end - start;
      return undefined;
    }
    this.#need = 0;
    this.#pos = this.#end;
    return v;
  }

  /** The exact bytes of the next complete reply, or undefined when more bytes are needed. */
  nextRaw(): Buffer | undefined {
    if (!this.#ready()) return undefined;
    const start = this.#pos;
    const end = skipReply(this.#buf, start);
    if (end < 0) {
      this.#need = -end - start;
      return undefined;
    }
    this.#need = 0;
    this.#pos = end;
    return this.#buf.subarray(start, end);
  }

  #str(start: number, end: number): string {
    return this.#utf8 ? this.#buf.toString('utf8', start, end) : this.#buf.latin1Slice(start, end);
  }

  #parse(pos: number): ReplyValue | typeof INCOMPLETE {
    const buf = this.#buf;
    if (pos >= buf.length) {
      this.#end = pos + 1;
      return INCOMPLETE;
    }
    const cr = buf.indexOf(13, pos + 1);
    if (cr === -1 || cr + 1 >= buf.length) {
      this.#end = buf.length + 1;
      return INCOMPLETE;
    }
    const end = cr + 2;
    const type = buf[pos]!;
    switch (type) {
      case 43: // + simple
        this.#end = end;
        return this.#str(pos + 1, cr);
      case 45: // - error
        this.#end = end;
        return new ReplyError(this.#str(pos + 1, cr));
      case 58: // : integer
        this.#end = end;
        return readInt(buf, pos + 1, cr);
      case 44: // , double
        this.#end = end;
        return toDouble(buf.latin1Slice(pos + 1, cr));
      case 35: // # boolean
        this.#end = end;
        return buf[pos + 1] === 116;
      case 95: // _ null
        this.#end = end;
        return null;
      case 40: // ( big number
        this.#end = end;
        return BigInt(buf.latin1Slice(pos + 1, cr));
      case 36: // $ bulk
      case 33: // ! bulk error
      case 61: {
        // = verbatim
        const n = readLen(buf, pos + 1, cr);
        if (n < 0) {
          this.#end = end;
          return null;
        }
        const stop = end + n + 2;
        this.#end = stop;
        if (stop > buf.length) return INCOMPLETE;
        if (type === 36) {
          return this.#buffers ? Buffer.from(buf.subarray(end, end + n)) : this.#str(end, end + n);
        }
        if (type === 33) return new ReplyError(this.#str(end, end + n));
        const s = this.#str(end, end + n);
        return new Verbatim(s.slice(0, 3), s.slice(4));
      }
      case 42: // * array
      case 126: // ~ set
      case 62: // > push
      case 37: // % map
      case 124: {
        // | attribute (skipped, then the real reply follows)
        const n = readLen(buf, pos + 1, cr);
        if (n < 0) {
          this.#end = end;
          return null;
        }
        const count = type === 37 || type === 124 ? n * 2 : n;
        const items: ReplyValue[] = new Array<ReplyValue>(count);
        let p = end;
        for (let i = 0; i < count; i++) {
          const v = this.#parse(p);
          if (v === INCOMPLETE) {
            // Every element still to come takes at least 3 bytes ("_\r\n").
            this.#end += 3 * (count - i - 1);
            return INCOMPLETE;
          }
          items[i] = v;
          p = this.#end;
        }
        this.#end = p;
        if (type === 42) return items;
        if (type === 124) return this.#parse(p);
        if (type === 37) {
          const m = new Map<ReplyValue, ReplyValue>();
          for (let i = 0; i < items.length; i += 2) m.set(items[i]!, items[i + 1]!);
          return m;
        }
        if (type === 126) return new RespSet(items);
        return new Push(items);
      }
      default:
        throw new Error(`protocol error: unexpected reply type byte ${type}`);
    }
  }
}

/** A length or count header: digits with an optional minus (-1 = null). */
function readLen(buf: Buffer, start: number, stop: number): number {
  if (buf[start] === 45) return -1;
  let n = 0;
  for (let i = start; i < stop; i++) n = n * 10 + (buf[i]! - 48);
  return n;
}

function readInt(buf: Buffer, start: number, stop: number): number | bigint {
  // Up to 15 digits always fit a double exactly; longer ones go through BigInt when needed.
  if (stop - start > 15) {
    const s = buf.latin1Slice(start, stop);
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : BigInt(s);
  }
  let neg = false;
  let i = start;
  if (buf[i] === 45) {
    neg = true;
    i++;
  } else if (buf[i] === 43) {
    i++;
  }
  let n = 0;
  for (; i < stop; i++) n = n * 10 + (buf[i]! - 48);
  return neg ? -n : n;
}

function toDouble(s: string): number {
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  if (s === 'nan') return NaN;
  return Number(s);
}

/**
 * Skips one complete reply starting at `pos` without building values (the benchmark counts replies
 * this way). Returns the offset just past it, or, when the reply is incomplete, minus the lowest
 * offset it could end at.
 */
export function skipReply(buf: Buffer, pos: number): number {
  if (pos >= buf.length) return -(pos + 1);
  const cr = buf.indexOf(13, pos + 1);
  if (cr === -1 || cr + 1 >= buf.length) return -(buf.length + 1);
  const end = cr + 2;
  const type = buf[pos]!;
  if (type === 36 || type === 33 || type === 61) {
    const n = readLen(buf, pos + 1, cr);
    if (n < 0) return end;
    const stop = end + n + 2;
    return stop > buf.length ? -stop : stop;
  }
  if (type === 42 || type === 126 || type === 62 || type === 37 || type === 124) {
    const n = readLen(buf, pos + 1, cr);
    if (n < 0) return end;
    const count = type === 37 || type === 124 ? n * 2 : n;
    let p = end;
    for (let i = 0; i < count; i++) {
      p = skipReply(buf, p);
      if (p < 0) return p - 3 * (count - i - 1);
    }
    return type === 124 ? skipReply(buf, p) : p;
  }
  return end;
}

/** Encodes a command as a RESP multibulk request. Strings are taken as latin1 bytes. */
export function encodeCommand(args: readonly (string | Buffer | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a), 'latin1');
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}
