// SCAN: the guarantee (every key present for the whole iteration is returned) while other keys are
// added and deleted between calls, MATCH/COUNT/TYPE, cursor parsing, the end-of-walk cursor, a
// cursor used twice, and the HSCAN/SSCAN/ZSCAN cursor module on its own (seeded property test).
// The keyspace's own cursor (Dict.scan) has unit tests in src/store/dict.test.ts.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { parseCursor, ScanCursors } from '../src/store/scan.ts';
import { connectIoredis, ManualClock, type Started, startServer } from './helpers/server.ts';

async function scanAll(r: Redis, ...opts: (string | number)[]): Promise<{ keys: string[]; calls: number }> {
  const keys: string[] = [];
  let cur = '0';
  let calls = 0;
  do {
    const [next, batch] = (await r.call('scan', cur, ...opts)) as [string, string[]];
    keys.push(...batch);
    cur = next;
    calls++;
  } while (cur !== '0');
  return { keys, calls };
}

describe('SCAN', () => {
  let s: Started;
  let r: Redis;
  before(async () => {
    s = await startServer({ clock: new ManualClock() });
    r = await connectIoredis(s.port);
  });
  after(async () => {
    r.disconnect();
    await s.stop();
  });
  beforeEach(() => r.flushall());

  it('returns every key once and ends with cursor 0', async () => {
    const p = r.pipeline();
    for (let i = 0; i < 1000; i++) p.set(`key:${i}`, '1');
    await p.exec();
    const { keys, calls } = await scanAll(r, 'COUNT', 100);
    assert.equal(keys.length, 1000);
    assert.equal(new Set(keys).size, 1000);
    assert.equal(calls, 10, 'the call that hands out the last key also ends the walk');
  });

  it('keeps the guarantee while keys are added and deleted between calls', async () => {
    const stable = new Set<string>();
    const p = r.pipeline();
    for (let i = 0; i < 600; i++) {
      const k = i % 3 === 0 ? `stable:${i}` : `churn:${i}`;
      if (i % 3 === 0) stable.add(k);
      p.set(k, '1');
    }
    await p.exec();
    const seen = new Map<string, number>();
    let cur = '0';
    let round = 0;
    do {
      const [next, batch] = await r.scan(cur, 'COUNT', 25);
      for (const k of batch) seen.set(k, (seen.get(k) ?? 0) + 1);
      cur = next;
      // Between calls: delete some churn keys, add new ones (which may or may not be returned).
      const q = r.pipeline();
      for (let j = 0; j < 10; j++) q.del(`churn:${(round * 37 + j * 7) % 600}`);
      for (let j = 0; j < 10; j++) q.set(`new:${round}:${j}`, '1');
      await q.exec();
      round++;
    } while (cur !== '0');
    for (const k of stable) assert.equal(seen.get(k), 1, `${k} returned exactly once`);
    for (const [k, n] of seen) assert.equal(n, 1, `${k} returned once`);
  });

  it('filters with MATCH and TYPE after fetching, so pages may be short or empty', async () => {
    const p = r.pipeline();
    for (let i = 0; i < 100; i++) p.set(i % 10 === 0 ? `hit:${i}` : `miss:${i}`, '1');
    await p.exec();
    const [, first] = await r.scan('0', 'MATCH', 'hit:*', 'COUNT', 5);
    assert.ok(first.length <= 5);
    const { keys } = await scanAll(r, 'MATCH', 'hit:*', 'COUNT', 7);
    assert.deepEqual(keys.sort(), Array.from({ length: 10 }, (_, i) => `hit:${i * 10}`).sort());
    assert.equal((await scanAll(r, 'TYPE', 'string', 'COUNT', 50)).keys.length, 100);
    assert.equal((await scanAll(r, 'TYPE', 'list')).keys.length, 0);
    assert.equal((await scanAll(r, 'TYPE', 'nosuchtype')).keys.length, 0, 'Redis 7.2 accepts unknown types');
  });

  it('rejects bad cursors and options with Redis errors', async () => {
    await assert.rejects(r.scan('abc'), { message: 'ERR invalid cursor' });
    await assert.rejects(r.scan(' 1'), { message: 'ERR invalid cursor' });
    await assert.rejects(r.scan('18446744073709551616'), { message: 'ERR invalid cursor' });
    await assert.rejects(r.scan('0', 'COUNT', '0'), { message: 'ERR syntax error' });
    await assert.rejects(r.scan('0', 'COUNT', 'x'), { message: 'ERR value is not an integer or out of range' });
    await assert.rejects(r.call('scan', '0', 'MATCH'), { message: 'ERR syntax error' });
    assert.deepEqual(await r.scan('18446744073709551615'), ['0', []]);
  });

  it('a cursor names a position, not a walk the server keeps: it can be used again, elsewhere', async () => {
    const p = r.pipeline();
    for (let i = 0; i < 300; i++) p.set(`k${i}`, '1');
    await p.exec();
    const [cur, first] = await r.scan('0', 'COUNT', 100);
    const r2 = await connectIoredis(s.port);
    try {
      assert.deepEqual(await r2.scan(cur, 'COUNT', 100), await r.scan(cur, 'COUNT', 100), 'same cursor, same page');
      s.server.keyspace.scans.clear(); // the HSCAN/SSCAN/ZSCAN table has nothing to do with it
      const rest: string[] = [];
      let c = cur;
      do {
        const [n, b] = await r2.scan(c, 'COUNT', 100);
        rest.push(...b);
        c = n;
      } while (c !== '0');
      assert.equal(new Set([...first, ...rest]).size, 300, 'nothing changed meanwhile: nothing lost or repeated');
      assert.equal(first.length + rest.length, 300);
    } finally {
      r2.disconnect();
    }
  });
});

describe('ScanCursors', () => {
  it('parses cursors as strtoul does', () => {
    assert.equal(parseCursor(''), 0n);
    assert.equal(parseCursor('+5'), 5n);
    assert.equal(parseCursor('-1'), 18446744073709551615n);
    assert.equal(parseCursor('-0'), 0n);
    assert.equal(parseCursor('007'), 7n);
    assert.equal(parseCursor('-'), null);
    assert.equal(parseCursor(' 1'), null);
    assert.equal(parseCursor('1 '), null);
    assert.equal(parseCursor('18446744073709551616'), null);
  });

  it('bounds the table at 1024 live walks', () => {
    const sc = new ScanCursors();
    const m = new Map(Array.from({ length: 10 }, (_, i) => [i, i] as const));
    for (let i = 0; i < 2000; i++) sc.scan(m, 0n, 1, () => {});
    assert.equal(sc.size, 1024);
    sc.forget(m);
    assert.equal(sc.size, 0);
  });

  it('keeps its place across the Map shrinking and growing (V8 rehashes)', () => {
    const sc = new ScanCursors();
    const m = new Map<number, number>();
    for (let i = 0; i < 20000; i++) m.set(i, i);
    const seen = new Set<number>();
    let cur = sc.scan(m, 0n, 500, (k) => seen.add(k));
    // Delete 90% of the entries not yet visited (the table shrinks), then add many (it grows).
    for (let i = 0; i < 20000; i++) if (!seen.has(i) && i % 10 !== 0) m.delete(i);
    for (let i = 20000; i < 60000; i++) m.set(i, i);
    let dup = 0;
    while (cur !== 0n) {
      cur = sc.scan(m, cur, 1000, (k) => {
        if (seen.has(k)) dup++;
        seen.add(k);
      });
    }
    assert.equal(dup, 0);
    for (const k of m.keys()) if (k < 20000) assert.ok(seen.has(k), `${k} present throughout was visited`);
  });

  it('visits every entry present throughout exactly once under random churn (seeded)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 200 })), { maxLength: 200 }),
        (initial, count, ops) => {
          const sc = new ScanCursors();
          const m = new Map<number, number>();
          for (let i = 0; i < initial; i++) m.set(i, i);
          const touched = new Set<number>();
          const seen = new Map<number, number>();
          let cur = 0n;
          let op = 0;
          let steps = 0;
          do {
            cur = sc.scan(m, cur, count, (k) => seen.set(k, (seen.get(k) ?? 0) + 1));
            for (let j = 0; j < 3 && op < ops.length; j++, op++) {
              const [add, k] = ops[op]!;
              touched.add(k);
              if (add) m.set(k, k);
              else m.delete(k);
            }
            steps++;
          } while (cur !== 0n && steps < 10000);
          // Untouched entries: exactly once. Touched ones (deleted and re-added) may repeat, as SCAN allows.
          for (const [k] of m) if (!touched.has(k)) assert.equal(seen.get(k), 1);
          for (const [k, n] of seen) if (!touched.has(k)) assert.equal(n, 1);
        },
      ),
      { seed: 99, numRuns: 300 },
    );
  });
});
