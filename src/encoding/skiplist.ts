// The sorted-set skiplist (Redis's zsl*): members ordered by (score, member bytes), with a span per
// forward link so ranks are O(log n). The type layer pairs it with a Map member → score, as Redis
// pairs zsl with a dict; this file never checks whether a member is already present.
//
// Order: score ascending, then member ascending as bytes. Members are latin1 strings (one char per
// byte, codes 0-255), and JS compares strings by UTF-16 code unit and then by length, which for
// latin1 is exactly memcmp-then-length, Redis's sdscmp: plain `<` is the binary order.
//
// Invariants: link(header, i) is the first node of level i; span(x, i) counts the rank distance
// x's link at level i jumps (from the header, the span equals the rank of its target); backward
// links only at level 0; tail is the last node; length counts nodes (header excluded); scores are
// never NaN (the caller rejects NaN, as Redis does).
//
// Memory and layout: a node is one object holding its level-0 link and span (n0, s0), plus, for
// the one node in four with more levels, one array of the higher links and spans interleaved.
// Measured on Node 24 (heapUsed delta over 100k inserts, member strings excluded): about 81 bytes
// per node. Until the fourth session every node had two arrays (links, spans: 173 bytes), and a
// step along a level read three objects; a walk ends among level 0's many nodes, the ones least
// likely to be in the caches. In process (hot caches) getRank on 10k members took 700-890 ns
// with two arrays and takes 410-540 now; over a socket, where the caches are cold, ZRANK at 10k
// members went from 4.2 to 2.6 µs per operation. A struct-of-typed-arrays layout with integer node
// ids is the next step (TODO(#3)).

export const ZSKIPLIST_MAXLEVEL = 32;
export const ZSKIPLIST_P = 0.25;

export interface ZNode {
  score: number;
  member: string;
  backward: ZNode | null;
  /** The level-0 link and its span, in the node itself: every walk ends on level 0's cold nodes. */
  n0: ZNode | null;
  s0: number;
  /**
   * The links above level 0 and their spans, interleaved: up[2 * (i - 1)] is the forward link at
   * level i and up[2 * i - 1] its span. Empty (one shared array) for the three nodes in four that
   * have level 0 only. A node's level count is 1 + up.length / 2.
   */
  up: (ZNode | number | null)[];
}

/** A score interval; minex/maxex make the bound exclusive. */
export interface ZRangeSpec {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/** The "-" and "+" of ZRANGEBYLEX: not latin1, so no member can equal them. */
export const LEX_MIN = '\u0100-';
export const LEX_MAX = '\u0100+';

/** A member interval; min/max may be LEX_MIN/LEX_MAX. */
export interface ZLexRangeSpec {
  min: string;
  max: string;
  minex: boolean;
  maxex: boolean;
}

/** Redis's sdscmplex: byte order with "-" below and "+" above every member. */
export function lexCompare(a: string, b: string): number {
  if (a === b) return 0;
  if (a === LEX_MIN || b === LEX_MAX) return -1;
  if (a === LEX_MAX || b === LEX_MIN) return 1;
  return a < b ? -1 : 1;
}

export function valueGteMin(v: number, r: ZRangeSpec): boolean { return r.minex ? v > r.min : v >= r.min; }
export function valueLteMax(v: number, r: ZRangeSpec): boolean { return r.maxex ? v < r.max : v <= r.max; }
export function lexGteMin(v: string, r: ZLexRangeSpec): boolean {
  const c = lexCompare(v, r.min);
  return r.minex ? c > 0 : c >= 0;
}
export function lexLteMax(v: string, r: ZLexRangeSpec): boolean {
  const c = lexCompare(v, r.max);
  return r.maxex ? c < 0 : c <= 0;
}

/** The links above level 0 of every node that has none (never written: no level to write). */
const NO_UP: (ZNode | number | null)[] = [];

function makeNode(level: number, score: number, member: string): ZNode {
  let up = NO_UP;
  if (level > 1) {
    up = new Array<ZNode | number | null>(2 * (level - 1));
    for (let i = 0; i < up.length; i += 2) {
      up[i] = null;
      up[i + 1] = 0;
    }
  }
  return { score, member, backward: null, n0: null, s0: 0, up };
}

/** How many levels a node has (Redis's level count: MEMORY USAGE sizes a node by it). */
export function levelOf(x: ZNode): number {
  return 1 + (x.up.length >> 1);
}

/** The forward link of x at level i. */
function link(x: ZNode, i: number): ZNode | null {
  return i === 0 ? x.n0 : (x.up[2 * i - 2] as ZNode | null);
}

/** The span of x's link at level i. */
function span(x: ZNode, i: number): number {
  return i === 0 ? x.s0 : (x.up[2 * i - 1] as number);
}

function setLink(x: ZNode, i: number, to: ZNode | null): void {
  if (i === 0) x.n0 = to;
  else x.up[2 * i - 2] = to;
}

function setSpan(x: ZNode, i: number, n: number): void {
  if (i === 0) x.s0 = n;
  else x.up[2 * i - 1] = n;
}

/** True when (score, member) sorts before node n. */
function before(n: ZNode, score: number, member: string): boolean {
  return n.score < score || (n.score === score && n.member < member);
}

export class ZSkiplist {
  readonly header: ZNode = makeNode(ZSKIPLIST_MAXLEVEL, 0, '');
  tail: ZNode | null = null;
  length = 0;
  level = 1;
  readonly #rand: () => number;
  // Scratch path arrays reused by every update (one executor thread, no reentrancy).
  readonly #update: ZNode[] = new Array<ZNode>(ZSKIPLIST_MAXLEVEL);
  readonly #rank: number[] = new Array<number>(ZSKIPLIST_MAXLEVEL).fill(0);

  /** rand returns [0, 1); injectable so tests get a reproducible shape. */
  constructor(rand: () => number = Math.random) {
    this.#rand = rand;
  }

  first(): ZNode | null { return this.header.n0; }
  last(): ZNode | null { return this.tail; }

  #randomLevel(): number {
    let level = 1;
    while (level < ZSKIPLIST_MAXLEVEL && this.#rand() < ZSKIPLIST_P) level++;
    return level;
  }

  /** Fills #update/#rank with the rightmost node per level that sorts before (score, member). */
  #findPath(score: number, member: string): void {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      this.#rank[i] = i === this.level - 1 ? 0 : this.#rank[i + 1]!;
      let f = link(x, i);
      while (f !== null && before(f, score, member)) {
        this.#rank[i]! += span(x, i);
        x = f;
        f = link(x, i);
      }
      this.#update[i] = x;
    }
  }

  /** Inserts a member that is not present; returns its node. */
  insert(score: number, member: string): ZNode {
    return this.#link(makeNode(this.#randomLevel(), score, member));
  }

  #link(node: ZNode): ZNode {
    const update = this.#update;
    const rank = this.#rank;
    this.#findPath(node.score, node.member);
    const level = levelOf(node);
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = this.header;
        setSpan(this.header, i, this.length);
      }
      this.level = level;
    }
    for (let i = 0; i < level; i++) {
      const u = update[i]!;
      setLink(node, i, link(u, i));
      setLink(u, i, node);
      setSpan(node, i, span(u, i) - (rank[0]! - rank[i]!));
      setSpan(u, i, rank[0]! - rank[i]! + 1);
    }
    for (let i = level; i < this.level; i++) {
      const u = update[i]!;
      setSpan(u, i, span(u, i) + 1);
    }
    node.backward = update[0] === this.header ? null : update[0]!;
    const n0 = node.n0;
    if (n0 !== null) n0.backward = node;
    else this.tail = node;
    this.length++;
    return node;
  }

  /** Unlinks x given the path in #update (Redis's zslDeleteNode). */
  #unlink(x: ZNode): void {
    const update = this.#update;
    for (let i = 0; i < this.level; i++) {
      const u = update[i]!;
      if (link(u, i) === x) {
        setSpan(u, i, span(u, i) + span(x, i) - 1);
        setLink(u, i, link(x, i));
      } else {
        setSpan(u, i, span(u, i) - 1);
      }
    }
    const n0 = x.n0;
    if (n0 !== null) n0.backward = x.backward;
    else this.tail = x.backward;
    while (this.level > 1 && link(this.header, this.level - 1) === null) this.level--;
    this.length--;
  }

  /** Deletes (score, member); false when no such node. */
  delete(score: number, member: string): boolean {
    this.#findPath(score, member);
    const x = this.#update[0]!.n0;
    if (x === null || x.score !== score || x.member !== member) return false;
    this.#unlink(x);
    return true;
  }

  /**
   * Changes the score of a member known to have curScore. Keeps the node in place when its
   * neighbours still bracket the new score (zslUpdateScore's fast path), else moves it.
   */
  updateScore(curScore: number, member: string, newScore: number): ZNode {
    this.#findPath(curScore, member);
    const x = this.#update[0]!.n0;
    if (x === null || x.score !== curScore || x.member !== member) {
      throw new Error('skiplist updateScore: member not found with that score');
    }
    const n0 = x.n0;
    if ((x.backward === null || x.backward.score < newScore) && (n0 === null || n0.score > newScore)) {
      x.score = newScore;
      return x;
    }
    this.#unlink(x);
    x.score = newScore;
    x.backward = null;
    x.n0 = null;
    x.s0 = 0;
    const up = x.up;
    for (let i = 0; i < up.length; i += 2) {
      up[i] = null;
      up[i + 1] = 0;
    }
    return this.#link(x);
  }

  /** 1-based rank of (score, member), or 0 when absent. */
  getRank(score: number, member: string): number {
    let rank = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = link(x, i);
      while (f !== null && (f.score < score || (f.score === score && f.member <= member))) {
        rank += span(x, i);
        x = f;
        f = link(x, i);
      }
      if (x !== this.header && x.score === score && x.member === member) return rank;
    }
    return 0;
  }

  /** Node at 1-based rank, or null. */
  getByRank(rank: number): ZNode | null {
    if (rank < 1 || rank > this.length) return null;
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = link(x, i);
      while (f !== null && traversed + span(x, i) <= rank) {
        traversed += span(x, i);
        x = f;
        f = link(x, i);
      }
      if (traversed === rank) return x;
    }
    return null;
  }

  /** True when some node may fall in the range (the range is non-empty and overlaps the list). */
  isInRange(r: ZRangeSpec): boolean {
    if (r.min > r.max || (r.min === r.max && (r.minex || r.maxex))) return false;
    const t = this.tail;
    const f = this.header.n0;
    return t !== null && valueGteMin(t.score, r) && f !== null && valueLteMax(f.score, r);
  }

  firstInRange(r: ZRangeSpec): ZNode | null {
    if (!this.isInRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = link(x, i);
      while (f !== null && !valueGteMin(f.score, r)) {
        x = f;
        f = link(x, i);
      }
    }
    const n = x.n0;
    return n !== null && valueLteMax(n.score, r) ? n : null;
  }

  lastInRange(r: ZRangeSpec): ZNode | null {
    if (!this.isInRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = link(x, i);
      while (f !== null && valueLteMax(f.score, r)) {
        x = f;
        f = link(x, i);
      }
    }
    return x !== this.header && valueGteMin(x.score, r) ? x : null;
  }

  isInLexRange(r: ZLexRangeSpec): boolean {
    const c = lexCompare(r.min, r.max);
    if (c > 0 || (c === 0 && (r.minex || r.maxex))) return false;
    const t = this.tail;
    const f = this.header.n0;
    return t !== null && lexGteMin(t.member, r) && f !== null && lexLteMax(f.member, r);
  }

  firstInLexRange(r: ZLexRangeSpec): ZNode | null {
    if (!this.isInLexRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = link(x, i);
      while (f !== null && !lexGteMin(f.member, r)) {
        x = f;
        f = link(x, i);
      }
    }
    const n = x.n0;
    return n !== null && lexLteMax(n.member, r) ? n : null;
  }

  lastInLexRange(r: ZLexRangeSpec): ZNode | null {
    if (!this.isInLexRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = link(x, i);
      while (f !== null && lexLteMax(f.member, r)) {
        x = f;
        f = link(x, i);
      }
    }
    return x !== this.header && lexGteMin(x.member, r) ? x : null;
  }

  /** Deletes nodes with scores in range; onDelete sees each removed member. Returns the count. */
  deleteRangeByScore(r: ZRangeSpec, onDelete?: (member: string) => void): number {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = link(x, i);
      while (f !== null && !valueGteMin(f.score, r)) {
        x = f;
        f = link(x, i);
      }
      this.#update[i] = x;
    }
    return this.#deleteWhile(x.n0, (n) => valueLteMax(n.score, r), onDelete);
  }

  /** Deletes nodes with members in the lex range (meaningful when all scores are equal). */
  deleteRangeByLex(r: ZLexRangeSpec, onDelete?: (member: string) => void): number {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = link(x, i);
      while (f !== null && !lexGteMin(f.member, r)) {
        x = f;
        f = link(x, i);
      }
      this.#update[i] = x;
    }
    return this.#deleteWhile(x.n0, (n) => lexLteMax(n.member, r), onDelete);
  }

  /** Deletes ranks start..end, 1-based and inclusive. */
  deleteRangeByRank(start: number, end: number, onDelete?: (member: string) => void): number {
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = link(x, i);
      while (f !== null && traversed + span(x, i) < start) {
        traversed += span(x, i);
        x = f;
        f = link(x, i);
      }
      this.#update[i] = x;
    }
    let rank = traversed;
    return this.#deleteWhile(x.n0, () => ++rank <= end, onDelete);
  }

  /** Deletes from x forward while keep(x); #update must hold the path to x's predecessor. */
  #deleteWhile(x: ZNode | null, keep: (n: ZNode) => boolean, onDelete?: (member: string) => void): number {
    let removed = 0;
    while (x !== null && keep(x)) {
      const next = x.n0;
      this.#unlink(x);
      onDelete?.(x.member);
      removed++;
      x = next;
    }
    return removed;
  }
}
