import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Listpack, validateIntegrity } from './listpack.ts';
import { lzfDecompress } from './lzf.ts';
import { Quicklist, listpackNeedsConversion, quicklistFitsListpack } from './quicklist.ts';
import { SIZE_SAFETY_LIMIT, fillCountLimit, fillSizeLimit, nodeExceedsLimit } from './quicklist-node.ts';
import type { QNode } from './quicklist-node.ts';

const SEED = 20261121;

function nodes(ql: Quicklist): QNode[] {
  const out: QNode[] = [];
  for (let n = ql.head; n !== null; n = n.next) out.push(n);
  return out;
}

function totalSz(ql: Quicklist): number {
  return nodes(ql).reduce((a, n) => a + n.sz, 0);
}

/** Every structural, fill and compression invariant the quicklist promises. */
function check(ql: Quicklist, limitsHold = true): void {
  const ns = nodes(ql);
  assert.equal(ns.length, ql.nodeCount, 'node count');
  assert.equal(ns.reduce((a, n) => a + n.count, 0), ql.count, 'element count');
  assert.equal(ql.head, ns[0] ?? null);
  assert.equal(ql.tail, ns[ns.length - 1] ?? null);
  const depth = ql.compress;
  ns.forEach((n, i) => {
    assert.equal(n.prev, ns[i - 1] ?? null, 'prev link');
    assert.ok(n.count > 0, 'no empty node');
    assert.equal(n.recompress, false, 'no node left decompressed for use');
    if (n.isPlain) {
      assert.equal(n.count, 1);
      assert.ok(n.sz >= ql.packedThreshold);
      return;
    }
    let lp: Listpack;
    if (n.isCompressed) {
      assert.ok(i >= depth && ns.length - 1 - i >= depth, `node ${i} of ${ns.length} compressed inside depth ${depth}`);
      const raw = lzfDecompress(n.lzf!, n.sz);
      assert.ok(raw !== null);
      assert.ok(validateIntegrity(raw));
      lp = Listpack.fromBytes(raw)!;
    } else {
      lp = n.list;
    }
    assert.equal(lp.bytes, n.sz, 'node sz');
    assert.equal(lp.length, n.count, 'node count');
    if (limitsHold && n.count > 1) assert.ok(!nodeExceedsLimit(ql.fill, n.sz, n.count), `node ${i} over its fill limit`);
  });
}

describe('quicklist fill rules', () => {
  it('maps list-max-listpack-size to limits', () => {
    assert.deepEqual([-1, -2, -3, -4, -5, -9].map(fillSizeLimit), [4096, 8192, 16384, 32768, 65536, 65536]);
    assert.equal(fillCountLimit(0), 1);
    assert.equal(fillCountLimit(7), 7);
    assert.equal(nodeExceedsLimit(-2, 8192, 1000), false);
    assert.equal(nodeExceedsLimit(-2, 8193, 1), true);
    assert.equal(nodeExceedsLimit(128, SIZE_SAFETY_LIMIT + 1, 2), true);
    assert.equal(nodeExceedsLimit(128, 100, 128), false);
    assert.equal(nodeExceedsLimit(128, 100, 129), true);
  });

  it('decides listpack <-> quicklist conversion like t_list.c', () => {
    assert.equal(listpackNeedsConversion(-2, 8000, 100, 192, 1), false);
    assert.equal(listpackNeedsConversion(-2, 8000, 100, 193, 1), true);
    assert.equal(listpackNeedsConversion(128, 500, 128, 1, 1), true);
    const ql = new Quicklist(-2, 0);
    for (let i = 0; i < 20; i++) ql.pushTail('x'.repeat(300));
    assert.ok(ql.nodeCount === 1 && ql.head!.sz > 4096 && ql.head!.sz <= 8192);
    assert.equal(quicklistFitsListpack(ql, false), true);
    assert.equal(quicklistFitsListpack(ql, true), false); // shrinking: only within half the limit
    const counted = new Quicklist(10, 0);
    for (let i = 0; i < 5; i++) counted.pushTail('a');
    assert.equal(quicklistFitsListpack(counted, true), true);
    counted.pushTail('b');
    assert.equal(quicklistFitsListpack(counted, true), false);
    counted.pushTail('c'.repeat(20000)); // too big for the 8 KB safety limit: own node
    assert.equal(counted.nodeCount, 2);
    assert.equal(quicklistFitsListpack(counted, false), false);
  });
});

describe('quicklist matches real Redis node layouts', () => {
  // Node counts and total node bytes observed with DEBUG OBJECT on redis-server 7.0.15 (push and
  // insert placement rules are the same in 7.2).
  it('RPUSH value-0..1999 with fill -2', () => {
    const ql = new Quicklist(-2, 1);
    for (let i = 0; i < 2000; i++) ql.pushTail(`value-${i}`);
    assert.equal(ql.nodeCount, 3);
    assert.equal(totalSz(ql), 22911);
    assert.ok(ql.head!.next!.isCompressed);
    check(ql);
  });

  it('LPUSH 300 elements of 101-103 bytes with fill -2', () => {
    const ql = new Quicklist(-2, 1);
    for (let i = 0; i < 300; i++) ql.pushHead('x'.repeat(100) + String(i));
    assert.equal(ql.nodeCount, 4);
    assert.equal(totalSz(ql), 31718);
    check(ql);
  });

  it('RPUSH 0..22 with fill 5', () => {
    const ql = new Quicklist(5, 1);
    for (let i = 0; i < 23; i++) ql.pushTail(String(i));
    assert.equal(ql.nodeCount, 5);
    assert.equal(totalSz(ql), 81);
    check(ql);
  });

  it('200 LINSERTs into full nodes split and merge like Redis', () => {
    const ql = new Quicklist(-2, 1);
    for (let i = 0; i < 1000; i++) ql.pushTail(String(i));
    for (let i = 0; i < 200; i++) {
      const it = ql.iterator();
      const pivot = String(i * 4 + 1);
      for (let v = it.next(); v !== null; v = it.next()) {
        if (it.equalsCurrent(pivot)) {
          it.insertAtCurrent(`ins-${i}-abcdefghijklmnopqrstuvwxyz`, false);
          break;
        }
      }
      it.release();
    }
    assert.equal(ql.count, 1200);
    assert.equal(ql.nodeCount, 2);
    assert.equal(totalSz(ql), 9976);
    check(ql);
  });
});

// DUMP of RPUSH l abcdefgh0..abcdefgh59 on redis-server 7.0.15 with list-max-listpack-size 20
// and list-compress-depth 1 (rdbcompression no): type 18 (quicklist 2), 3 nodes; each node is a
// container tag (2 = packed) and either a raw string or an LZF blob (0xC3, compressed length,
// raw length, data) for the compressed middle node.
const REDIS_QUICKLIST_DUMP =
  '12030240eded0000001400896162636465666768300a896162636465666768310a896162636465666768320a89616263' +
  '6465666768330a896162636465666768340a896162636465666768350a896162636465666768360a8961626364656667' +
  '68370a896162636465666768380a896162636465666768390a8a616263646566676831300b8a61626364656667683131' +
  '0b8a616263646566676831320b8a616263646566676831330b8a616263646566676831340b8a61626364656667683135' +
  '0b8a616263646566676831360b8a616263646566676831370b8a616263646566676831380b8a61626364656667683139' +
  '0bff02c3407540f711f700000014008a616263646566676832300be0010b0031e0020b0032e0020b0033e0020b0034e0' +
  '020b0035e0020b0036e0020b0037e0020b0038e0020b0039e0010b0033e002770033e002770033e002770033e0027700' +
  '33e002770033e002770033e002770033e002770033e002770333390bff0240f7f700000014008a616263646566676834' +
  '300b8a616263646566676834310b8a616263646566676834320b8a616263646566676834330b8a616263646566676834' +
  '340b8a616263646566676834350b8a616263646566676834360b8a616263646566676834370b8a616263646566676834' +
  '380b8a616263646566676834390b8a616263646566676835300b8a616263646566676835310b8a616263646566676835' +
  '320b8a616263646566676835330b8a616263646566676835340b8a616263646566676835350b8a616263646566676835' +
  '360b8a616263646566676835370b8a616263646566676835380b8a616263646566676835390bff0a006f62727f59da33' +
  '3c';

/** Reads an RDB length (6-bit, 14-bit or 32-bit forms) at off; returns [value, next offset]. */
function rdbLen(b: Buffer, off: number): [number, number] {
  const t = b[off]! >> 6;
  if (t === 0) return [b[off]! & 0x3f, off + 1];
  if (t === 1) return [((b[off]! & 0x3f) << 8) | b[off + 1]!, off + 2];
  return [b.readUInt32BE(off + 1), off + 5];
}

describe('quicklist nodes match a real Redis quicklist', () => {
  it('has the same node listpacks, and decodes Redis\'s LZF node', () => {
    const dump = Buffer.from(REDIS_QUICKLIST_DUMP, 'hex');
    const ql = new Quicklist(20, 1);
    for (let i = 0; i < 60; i++) ql.pushTail(`abcdefgh${i}`);
    const ours = nodes(ql);
    assert.equal(dump[0], 18);
    const [n, start] = rdbLen(dump, 1);
    assert.equal(n, ours.length);
    let off = start;
    for (const node of ours) {
      assert.equal(dump[off++], 2);
      let raw: Buffer;
      if (dump[off] === 0xc3) {
        const [clen, o1] = rdbLen(dump, off + 1);
        const [len, o2] = rdbLen(dump, o1);
        const redisLzf = dump.subarray(o2, o2 + clen);
        raw = lzfDecompress(redisLzf, len)!;
        off = o2 + clen;
        assert.ok(node.isCompressed);
        assert.deepEqual(lzfDecompress(node.lzf!, node.sz), raw);
        // On this input our compressor makes liblzf's choices, so even the LZF bytes are identical.
        assert.deepEqual(node.lzf, redisLzf);
      } else {
        const [len, o1] = rdbLen(dump, off);
        raw = dump.subarray(o1, o1 + len);
        off = o1 + len;
        assert.ok(!node.isCompressed);
        assert.deepEqual(node.list.view(), raw);
      }
      assert.equal(node.sz, raw.length);
    }
    assert.equal(dump.readUInt16LE(off), 10); // RDB version follows the last node
  });
});

describe('quicklist compression', () => {
  it('compresses interior nodes and keeps depth nodes raw', () => {
    for (const depth of [1, 2, 3]) {
      const ql = new Quicklist(-1, depth);
      for (let i = 0; i < 3000; i++) ql.pushTail(`element-${i % 10}-padding-padding`);
      const ns = nodes(ql);
      assert.ok(ns.length > 2 * depth + 2);
      ns.forEach((n, i) => {
        const interior = i >= depth && ns.length - 1 - i >= depth;
        assert.equal(n.isCompressed, interior, `depth ${depth} node ${i}`);
      });
      // Reading an interior element decompresses it only for the access.
      assert.equal(ql.index(1500), 'element-0-padding-padding');
      check(ql);
      const values = ql.toArray();
      assert.equal(values.length, 3000);
      check(ql);
    }
  });

  it('leaves small or incompressible nodes raw', () => {
    const ql = new Quicklist(1, 1);
    for (let i = 0; i < 5; i++) ql.pushTail('ab');
    assert.ok(nodes(ql).every((n) => !n.isCompressed));
    check(ql);
  });
});

describe('quicklist plain nodes', () => {
  it('stores elements at or over the packed threshold in PLAIN nodes', () => {
    const ql = new Quicklist(-2, 1, 100);
    ql.pushTail('a');
    ql.pushTail('b'.repeat(100));
    ql.pushTail('c');
    ql.pushHead('d'.repeat(150));
    assert.deepEqual(nodes(ql).map((n) => n.isPlain), [true, false, true, false]);
    assert.deepEqual(ql.toArray(), ['d'.repeat(150), 'a', 'b'.repeat(100), 'c']);
    ql.insertAt(1, 'e'.repeat(200), true); // in the middle of nothing: a's node is 1 element
    assert.equal(ql.index(2), 'e'.repeat(200));
    check(ql);
    assert.ok(ql.replaceAtIndex(0, 'small'));
    assert.ok(ql.replaceAtIndex(-1, 'f'.repeat(300)));
    assert.equal(ql.popTail(), 'f'.repeat(300));
    assert.equal(ql.popHead(), 'small');
    check(ql);
  });
});

type Op =
  | { t: 'push'; head: boolean; v: string }
  | { t: 'pushMany'; head: boolean; n: number; pad: number }
  | { t: 'pop'; head: boolean }
  | { t: 'index'; i: number }
  | { t: 'insert'; i: number; after: boolean; v: string }
  | { t: 'replace'; i: number; v: string }
  | { t: 'delRange'; i: number; n: number }
  | { t: 'rem'; v: string; forward: boolean; max: number }
  | { t: 'linsert'; pivot: string; after: boolean; v: string }
  | { t: 'iter'; forward: boolean; start: number };

const valueArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('a', 'b', 'c', '1', '22', '-7', '\u00ff') },
  { weight: 2, arbitrary: fc.integer({ min: -100000, max: 100000 }).map(String) },
  { weight: 2, arbitrary: fc.integer({ min: 10, max: 400 }).map((n) => 'xy'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 5000 }).map((n) => 'q'.repeat(n)) },
);
const idx = fc.integer({ min: -60, max: 60 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ t: fc.constant('push' as const), head: fc.boolean(), v: valueArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('pushMany' as const), head: fc.boolean(), n: fc.integer({ min: 10, max: 300 }), pad: fc.nat(60) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('pop' as const), head: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('index' as const), i: idx }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('insert' as const), i: idx, after: fc.boolean(), v: valueArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('replace' as const), i: idx, v: valueArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('delRange' as const), i: idx, n: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('rem' as const), v: valueArb, forward: fc.boolean(), max: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('linsert' as const), pivot: valueArb, after: fc.boolean(), v: valueArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('iter' as const), forward: fc.boolean(), start: idx }) },
);

function norm(i: number, n: number): number {
  return i < 0 ? n + i : i;
}

function apply(ql: Quicklist, model: string[], op: Op): void {
  const n = model.length;
  switch (op.t) {
    case 'push':
      if (op.head) { ql.pushHead(op.v); model.unshift(op.v); } else { ql.pushTail(op.v); model.push(op.v); }
      break;
    case 'pushMany':
      // Enough small elements to fill nodes, so inserts land in full nodes and split them.
      for (let k = 0; k < op.n; k++) {
        const v = k % 3 === 0 ? String(k % 13) : 'p'.repeat(op.pad) + String(k % 13);
        if (op.head) { ql.pushHead(v); model.unshift(v); } else { ql.pushTail(v); model.push(v); }
      }
      break;
    case 'pop':
      assert.equal(op.head ? ql.popHead() : ql.popTail(), (op.head ? model.shift() : model.pop()) ?? null);
      break;
    case 'index':
      assert.equal(ql.index(op.i), model[norm(op.i, n)] ?? null);
      break;
    case 'insert': {
      const i = norm(op.i, n);
      const ok = i >= 0 && i < n;
      assert.equal(ql.insertAt(op.i, op.v, op.after), ok);
      if (ok) model.splice(op.after ? i + 1 : i, 0, op.v);
      break;
    }
    case 'replace': {
      const i = norm(op.i, n);
      const ok = i >= 0 && i < n;
      assert.equal(ql.replaceAtIndex(op.i, op.v), ok);
      if (ok) model[i] = op.v;
      break;
    }
    case 'delRange': {
      const i = norm(op.i, n);
      const expect = i >= 0 && i < n && op.n > 0 ? Math.min(op.n, n - i) : 0;
      assert.equal(ql.delRange(op.i, op.n), expect);
      if (expect > 0) model.splice(i, expect);
      break;
    }
    case 'rem': {
      // LREM: delete up to max matches (0 = all) walking from one end.
      const it = ql.iterator(op.forward);
      let removed = 0;
      for (let v = it.next(); v !== null; v = it.next()) {
        if (it.equalsCurrent(op.v)) {
          it.deleteCurrent();
          if (++removed === op.max) break;
        }
      }
      it.release();
      let left = op.max === 0 ? Infinity : op.max;
      if (op.forward) {
        for (let i = 0; i < model.length && left > 0; i++) if (model[i] === op.v) { model.splice(i--, 1); left--; }
      } else {
        for (let i = model.length - 1; i >= 0 && left > 0; i--) if (model[i] === op.v) { model.splice(i, 1); left--; }
      }
      break;
    }
    case 'linsert': {
      const it = ql.iterator();
      for (let v = it.next(); v !== null; v = it.next()) {
        if (it.equalsCurrent(op.pivot)) { it.insertAtCurrent(op.v, op.after); break; }
      }
      it.release();
      const i = model.indexOf(op.pivot);
      if (i >= 0) model.splice(op.after ? i + 1 : i, 0, op.v);
      break;
    }
    case 'iter': {
      const start = norm(op.start, n);
      const expect = start < 0 || start >= n ? [] :
        op.forward ? model.slice(start) : model.slice(0, start + 1).reverse();
      const got: string[] = [];
      const it = ql.iterator(op.forward, op.start);
      for (let v = it.next(); v !== null; v = it.next()) got.push(v);
      it.release();
      assert.deepEqual(got, expect);
      break;
    }
  }
}

describe('quicklist against an array model', () => {
  const fills = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 7, 100];
  for (const depth of [0, 1, 2]) {
    it(`agrees for every fill factor with compress depth ${depth}`, () => {
      fc.assert(fc.property(fc.constantFrom(...fills), fc.array(opArb, { maxLength: 70, size: 'max' }), (fill, ops) => {
        const ql = new Quicklist(fill, depth);
        const model: string[] = [];
        let replaced = false;
        for (const op of ops) {
          apply(ql, model, op);
          // Only pushes respect the node limits strictly: LSET replaces in place and an insert
          // into the middle of a full node splits it and appends to one half without re-checking,
          // both overfilling a node exactly as Redis 7.2 does.
          replaced ||= op.t === 'replace' || op.t === 'insert' || op.t === 'linsert';
          check(ql, !replaced);
        }
        assert.deepEqual(ql.toArray(), model);
      }), { seed: SEED + depth, numRuns: 120 });
    });
  }

  it('agrees with PLAIN nodes in play', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 60, size: 'max' }), (ops) => {
      const ql = new Quicklist(-1, 1, 700);
      const model: string[] = [];
      for (const op of ops) {
        apply(ql, model, op);
        check(ql, false);
      }
      assert.deepEqual(ql.toArray(), model);
    }), { seed: SEED, numRuns: 120 });
  });
});
