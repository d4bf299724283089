// Incremental reader for server replies (RESP2 and RESP3), for our client, CLI, benchmark and tests.
// Values: simple strings and bulks as latin1 strings (or Buffers in buffer mode), integers as numbers
// (bigint past 2^53), null, arrays, Maps for RESP3 maps, Sets as arrays tagged by kind, errors as
// ReplyError. `raw` mode instead returns each reply's exact bytes (differential tests compare those).

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

const INCOMPLETE = Symbol('incomplete');
type Parsed = { value: ReplyValue; end: number } | typeof INCOMPLETE;

export interface ReplyReaderOptions {
  /** Bulk strings as Buffers instead of latin1 strings. */
  buffers?: boolean;
}

export class ReplyReader {
  #buf: Buffer = Buffer.alloc(0);
  #pos = 0;
  readonly #buffers: boolean;

  constructor(options: ReplyReaderOptions = {}) {
    this.#buffers = options.buffers ?? false;
  }

  feed(chunk: Buffer): void {
    if (this.#pos >= this.#buf.length) {
      this.#buf = chunk;
    } else {
      this.#buf = Buffer.concat([this.#buf.subarray(this.#pos), chunk]);
    }
    this.#pos = 0;
  }

  /** The next complete reply, or undefined when more bytes are needed. */
  next(): ReplyValue | undefined {
    const r = this.#parse(this.#pos);
    if (r === INCOMPLETE) return undefined;
    this.#pos = r.end;
    return r.value;
  }

  /** The exact bytes of the next complete reply, or undefined when more bytes are needed. */
  nextRaw(): Buffer | undefined {
    const start = this.#pos;
    const r = this.#parse(start);
    if (r === INCOMPLETE) return undefined;
    this.#pos = r.end;
    return this.#buf.subarray(start, r.end);
  }

  #line(pos: number): { text: string; end: number } | typeof INCOMPLETE {
    const cr = this.#buf.indexOf(13, pos);
    if (cr === -1 || cr + 1 >= this.#buf.length) return INCOMPLETE;
    return { text: this.#buf.latin1Slice(pos + 1, cr), end: cr + 2 };
  }

  #parse(pos: number): Parsed {
    const buf = this.#buf;
    if (pos >= buf.length) return INCOMPLETE;
    const type = buf[pos]!;
    const line = this.#line(pos);
    if (line === INCOMPLETE) return INCOMPLETE;
    const { text, end } = line;
    switch (type) {
      case 43: // + simple
        return { value: text, end };
      case 45: // - error
        return { value: new ReplyError(text), end };
      case 58: // : integer
        return { value: toInt(text), end };
      case 44: // , double
        return { value: toDouble(text), end };
      case 35: // # boolean
        return { value: text === 't', end };
      case 95: // _ null
        return { value: null, end };
      case 40: // ( big number
        return { value: BigInt(text), end };
      case 36: // $ bulk
      case 33: // ! bulk error
      case 61: {
        // = verbatim
        const n = Number(text);
        if (n < 0) return { value: null, end };
        if (end + n + 2 > buf.length) return INCOMPLETE;
        const stop = end + n + 2;
        if (type === 33) return { value: new ReplyError(buf.latin1Slice(end, end + n)), end: stop };
        if (type === 61) {
          const s = buf.latin1Slice(end, end + n);
          return { value: new Verbatim(s.slice(0, 3), s.slice(4)), end: stop };
        }
        const value = this.#buffers ? Buffer.from(buf.subarray(end, end + n)) : buf.latin1Slice(end, end + n);
        return { value, end: stop };
      }
      case 42: // * array
      case 126: // ~ set
      case 62: // > push
      case 37: // % map
      case 124: {
        // | attribute (skipped, then the real reply follows)
        const n = Number(text);
        if (n < 0) return { value: null, end };
        const count = type === 37 || type === 124 ? n * 2 : n;
        const items: ReplyValue[] = [];
        let p = end;
        for (let i = 0; i < count; i++) {
          const r = this.#parse(p);
          if (r === INCOMPLETE) return INCOMPLETE;
          items.push(r.value);
          p = r.end;
        }
        if (type === 124) return this.#parse(p);
        if (type === 37) {
          const m = new Map<ReplyValue, ReplyValue>();
          for (let i = 0; i < items.length; i += 2) m.set(items[i]!, items[i + 1]!);
          return { value: m, end: p };
        }
        if (type === 126) return { value: new RespSet(items), end: p };
        if (type === 62) return { value: new Push(items), end: p };
        return { value: items, end: p };
      }
      default:
        throw new Error(`protocol error: unexpected reply type byte ${type}`);
    }
  }
}

function toInt(s: string): number | bigint {
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : BigInt(s);
}

function toDouble(s: string): number {
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  if (s === 'nan') return NaN;
  return Number(s);
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
