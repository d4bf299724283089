// The value object stored under every key: its type, its encoding (the names OBJECT ENCODING
// reports) and the payload, whose shape the encoding decides. Handlers never read `value` of an
// aggregate directly: the per-type modules in src/types/ do, and pick or convert encodings.

export type ObjType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

export type Encoding =
  | 'int'
  | 'embstr'
  | 'raw'
  | 'listpack'
  | 'quicklist'
  | 'intset'
  | 'hashtable'
  | 'skiplist'
  | 'stream';

export class RObject {
  type: ObjType;
  enc: Encoding;
  /** The payload: for strings a latin1 string, or a number when `int`-encoded and exact. */
  value: unknown;
  /** LRU clock (seconds) of the last access, or LFU data when an LFU policy is chosen. */
  lru: number;

  constructor(type: ObjType, enc: Encoding, value: unknown, lru: number) {
    this.type = type;
    this.enc = enc;
    this.value = value;
    this.lru = lru;
  }
}
