// Accumulates encoded requests between flushes, so commands issued in the same tick leave in one
// write. Requests are built as one string while all arguments are strings or numbers (the cheapest
// path in V8); Buffer arguments switch to a list of chunks joined at flush time.

export type Arg = string | Buffer | number | bigint;

export class RequestBuffer {
  #str = '';
  #chunks: Buffer[] = [];
  #count = 0;
  readonly #encoding: BufferEncoding;
  readonly #utf8: boolean;

  constructor(encoding: 'utf8' | 'latin1') {
    this.#encoding = encoding;
    this.#utf8 = encoding === 'utf8';
  }

  /** Requests added since the last take(). */
  get count(): number {
    return this.#count;
  }

  add(args: readonly Arg[]): void {
    let s = '*' + args.length + '\r\n';
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (typeof a === 'string') {
        const len = this.#utf8 ? Buffer.byteLength(a, 'utf8') : a.length;
        s += '$' + len + '\r\n' + a + '\r\n';
      } else if (typeof a === 'number' || typeof a === 'bigint') {
        const t = String(a);
        s += '$' + t.length + '\r\n' + t + '\r\n';
      } else {
        s += '$' + a.length + '\r\n';
        this.#chunks.push(Buffer.from(this.#str + s, this.#encoding), a);
        this.#str = '';
        s = '\r\n';
      }
    }
    this.#str += s;
    this.#count++;
  }

  /** Everything added so far, as one string or Buffer to write; null when empty. */
  take(): string | Buffer | null {
    this.#count = 0;
    if (this.#chunks.length === 0) {
      if (this.#str === '') return null;
      const s = this.#str;
      this.#str = '';
      return s;
    }
    if (this.#str !== '') this.#chunks.push(Buffer.from(this.#str, this.#encoding));
    const b = Buffer.concat(this.#chunks);
    this.#chunks = [];
    this.#str = '';
    return b;
  }
}
