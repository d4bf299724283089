// The set family over real sockets with ioredis and node-redis (RESP2 and RESP3): every test loops
// over the encodings (intset, listpack, hashtable of strings, hashtable of integers) asserting
// OBJECT ENCODING; Redis 7.2's conversions at the exact thresholds and after CONFIG SET; random
// picks' properties; SSCAN's cursor over a hashtable; keyspace events, dirty counts and COPY.

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createClient } from 'redis';
import { connectIoredis, RawConnection, type Started, startServer } from './helpers/server.ts';
import { ERR_OUT_OF_RANGE, ERR_SYNTAX, ERR_WRONGTYPE } from '../src/protocol/errors.ts';

const ints = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => String(from + i));
const strs = (n: number, prefix = 'm'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** One case per encoding: the members and the encoding Redis 7.2 gives them. */
const CASES: { name: string; members: string[]; enc: string }[] = [
  { name: 'intset', members: ints(-3, 20), enc: 'intset' },
  { name: 'listpack', members: [...strs(10), '1', '-2', ''], enc: 'listpack' },
  { name: 'hashtable of strings', members: strs(300), enc: 'hashtable' },
  { name: 'hashtable of integers', members: ints(0, 700), enc: 'hashtable' },
];

describe('sets', () => {
  let s: Started;
  let r: Redis;
  let events: string[] = [];

  before(async () => {
    s = await startServer();
    s.server.keyspace.hooks.event.push((cls, event, key) => events.push(`${cls}:${event}:${key}`));
    r = await connectIoredis(s.port);
  });
  after(async () => {
    r.disconnect();
    await s.stop();
  });
  beforeEach(() => {
    for (const db of s.server.keyspace.dbs) db.clear();
    events = [];
  });
  afterEach(async () => {
    await r.config('SET', 'set-max-intset-entries', '512');
    await r.config('SET', 'set-max-listpack-entries', '128');
    await r.config('SET', 'set-max-listpack-value', '64');
  });

  const enc = (k: string): Promise<unknown> => r.call('OBJECT', 'ENCODING', k);
  const sorted = (xs: string[]): string[] => [...xs].sort();

  for (const { name, members, enc: want } of CASES) {
    describe(name, () => {
      it('adds, reads, removes', async () => {
        assert.equal(await r.sadd('s', ...members), members.length);
        assert.equal(await enc('s'), want);
        assert.equal(await r.sadd('s', members[0]!), 0);
        assert.equal(await r.scard('s'), members.length);
        assert.deepEqual(sorted(await r.smembers('s')), sorted(members));
        assert.equal(await r.sismember('s', members[1]!), 1);
        assert.equal(await r.sismember('s', 'nope'), 0);
        assert.deepEqual(await r.smismember('s', members[2]!, 'nope'), [1, 0]);
        assert.equal(await r.srem('s', members[0]!, 'nope', members[0]!), 1);
        assert.equal(await enc('s'), want, 'removing never converts back');
        assert.equal(await r.scard('s'), members.length - 1);
        assert.equal(await r.srem('s', ...members), members.length - 1);
        assert.equal(await r.exists('s'), 0, 'an emptied set is deleted');
      });

      it('SRANDMEMBER and SPOP keep their promises', async () => {
        await r.sadd('s', ...members);
        const all = new Set(members);
        const one = await r.srandmember('s');
        assert.ok(all.has(one!));
        const uniq = await r.srandmember('s', 5);
        assert.equal(new Set(uniq).size, 5);
        for (const m of uniq) assert.ok(all.has(m));
        const many = await r.srandmember('s', Math.floor(members.length * 0.9));
        assert.equal(new Set(many).size, Math.floor(members.length * 0.9));
        assert.deepEqual(sorted(await r.srandmember('s', members.length + 5)), sorted(members));
        const rep = await r.srandmember('s', -50);
        assert.equal(rep.length, 50);
        for (const m of rep) assert.ok(all.has(m));
        const popped = await r.spop('s', 3);
        assert.equal(new Set(popped).size, 3);
        for (const m of popped) assert.ok(all.has(m));
        assert.equal(await r.scard('s'), members.length - 3);
        assert.equal(await r.sismember('s', popped[0]!), 0);
        const p1 = await r.spop('s');
        assert.ok(all.has(p1!));
        const rest = await r.spop('s', members.length);
        assert.deepEqual(sorted([...popped, p1!, ...rest]), sorted(members));
        assert.equal(await r.exists('s'), 0);
      });

      it('SSCAN visits every member once', async () => {
        await r.sadd('s', ...members);
        const seen: string[] = [];
        let cursor = '0';
        let calls = 0;
        do {
          const [next, batch] = await r.sscan('s', cursor, 'COUNT', 25);
          seen.push(...batch);
          cursor = next;
          calls++;
        } while (cursor !== '0');
        assert.deepEqual(sorted(seen), sorted(members));
        assert.equal(calls > 1, want === 'hashtable', 'only a hashtable is scanned in steps');
        const [, matched] = await r.sscan('s', '0', 'MATCH', '1*', 'COUNT', 10000);
        assert.deepEqual(sorted(matched), sorted(members.filter((m) => m.startsWith('1'))));
      });

      it('algebra and COPY keep members and encodings', async () => {
        await r.sadd('s', ...members);
        await r.sadd('t', ...members.slice(0, 5), 'extra');
        assert.deepEqual(sorted(await r.sinter('s', 't')), sorted(members.slice(0, 5)));
        assert.equal(await r.sintercard(2, ['s', 't']), 5);
        assert.deepEqual(sorted(await r.sunion('s', 't')), sorted([...members, 'extra']));
        assert.deepEqual(sorted(await r.sdiff('s', 't')), sorted(members.slice(5)));
        assert.equal(await r.call('COPY', 's', 'c'), 1);
        assert.equal(await enc('c'), want);
        await r.srem('c', members[0]!);
        assert.equal(await r.sismember('s', members[0]!), 1, 'the copy is independent');
      });
    });
  }

  it('Redis 7.2 conversions: intset to listpack to hashtable', async () => {
    await r.sadd('a', '1', '2');
    assert.equal(await enc('a'), 'intset');
    await r.sadd('a', 'x');
    assert.equal(await enc('a'), 'listpack', 'a string turns a small intset into a listpack');
    assert.deepEqual(await r.smembers('a'), ['1', '2', 'x'], 'intset order, then the new member');
    await r.sadd('b', ...ints(0, 128));
    await r.sadd('b', 'x');
    assert.equal(await enc('b'), 'hashtable', 'an intset with 128 members skips the listpack');
    await r.sadd('c', ...ints(0, 127));
    await r.sadd('c', 'x');
    assert.equal(await enc('c'), 'listpack');
    await r.sadd('c', 'y');
    assert.equal(await enc('c'), 'hashtable', 'the 129th member converts');
    await r.sadd('d', 'a');
    await r.sadd('d', 'x'.repeat(64));
    assert.equal(await enc('d'), 'listpack');
    await r.sadd('d', 'x'.repeat(65));
    assert.equal(await enc('d'), 'hashtable');
    await r.sadd('e', 'a', 'x'.repeat(65));
    assert.equal(await enc('e'), 'hashtable');
    await r.sadd('f', ...strs(129));
    assert.equal(await enc('f'), 'hashtable', 'SADD of more than 128 strings creates a hashtable');
    await r.sadd('g', ...ints(0, 513));
    assert.equal(await enc('g'), 'hashtable');
    await r.sadd('h', ...ints(0, 512));
    assert.equal(await enc('h'), 'intset');
    await r.sadd('i', 'a');
    await r.sadd('i', ...Array<string>(129).fill('a'));
    assert.equal(await enc('i'), 'hashtable', 'SADD converts up front on its argument count');
    await r.sadd('j', '1');
    await r.sadd('j', ...Array<string>(513).fill('1'));
    assert.equal(await enc('j'), 'hashtable');
    await r.sadd('k', 'x', '1');
    assert.equal(await enc('k'), 'listpack', 'a set created from a string member is a listpack even with integers');
  });

  it('conversions follow CONFIG SET', async () => {
    await r.config('SET', 'set-max-intset-entries', '3');
    await r.sadd('a', '1', '2', '3');
    assert.equal(await enc('a'), 'intset');
    await r.sadd('a', '4');
    assert.equal(await enc('a'), 'hashtable');
    await r.sadd('b', '1', '2', '3', '4');
    assert.equal(await enc('b'), 'listpack', 'too many integers for an intset: a listpack');
    await r.config('SET', 'set-max-listpack-entries', '2');
    await r.sadd('c', 'a', 'b');
    assert.equal(await enc('c'), 'listpack');
    await r.sadd('c', 'c');
    assert.equal(await enc('c'), 'hashtable');
    await r.config('SET', 'set-max-listpack-value', '3');
    await r.sadd('d', 'abc');
    assert.equal(await enc('d'), 'listpack');
    await r.sadd('d', 'abcd');
    assert.equal(await enc('d'), 'hashtable');
    await r.config('SET', 'set-max-listpack-entries', '128');
    await r.sadd('e', '1000', '1');
    await r.sadd('e', 'a');
    assert.equal(await enc('e'), 'hashtable', 'an integer longer than set-max-listpack-value blocks the listpack');
    await r.config('SET', 'set-max-listpack-entries', '0');
    await r.sadd('f', 'x');
    assert.equal(await enc('f'), 'hashtable');
  });

  it('SPOP, SMOVE and the STORE commands build encodings as Redis 7.2', async () => {
    await r.sadd('h', ...strs(200));
    assert.equal((await r.spop('h', 190)).length, 190);
    assert.equal(await enc('h'), 'listpack', 'SPOP keeping few members rebuilds a small set');
    await r.sadd('hi', ...ints(0, 600));
    await r.spop('hi', 590);
    assert.equal(await enc('hi'), 'listpack', 'from a hashtable the rebuilt set is a listpack even of integers');
    await r.sadd('is', ...ints(0, 100));
    await r.spop('is', 95);
    assert.equal(await enc('is'), 'intset');
    await r.sadd('lp', ...strs(100));
    await r.spop('lp', 95);
    assert.equal(await enc('lp'), 'listpack');
    assert.equal(await r.scard('lp'), 5);
    await r.sadd('small', '1');
    await r.smove('lp', 'small', (await r.smembers('lp'))[0]!);
    assert.equal(await enc('small'), 'listpack');
    await r.smove('small', 'fresh', '1');
    assert.equal(await enc('fresh'), 'intset');
    await r.sadd('x', ...ints(0, 300).map((n) => `${n}`), 'a');
    await r.sadd('y', ...ints(0, 300), 'b');
    assert.equal(await r.sinterstore('d', 'x', 'y'), 300);
    assert.equal(await enc('d'), 'intset', 'an all-integer intersection is an intset');
    await r.sadd('p', 'a', 'b', 'c');
    await r.sadd('q', 'b', 'c', 'd');
    await r.sinterstore('d', 'p', 'q');
    assert.equal(await enc('d'), 'listpack');
    await r.sunionstore('d', 'p', 'q');
    assert.equal(await enc('d'), 'listpack');
    await r.sunionstore('d', 'x', 'y');
    assert.equal(await enc('d'), 'hashtable');
    await r.sdiffstore('d', 'x', 'p');
    assert.equal(await enc('d'), 'intset', 'a difference left with integers only stays an intset');
    await r.sdiffstore('d', 'x', 'q');
    assert.equal(await enc('d'), 'hashtable');
    await r.sadd('ii', '3', '1', '2');
    await r.sdiffstore('d', 'ii', 'p');
    assert.equal(await enc('d'), 'intset');
  });

  it('keyspace events and dirty counts', async () => {
    const ks = s.server.keyspace;
    let d = ks.dirty;
    await r.sadd('a', '1', '2', '3');
    assert.equal(ks.dirty - d, 3);
    d = ks.dirty;
    await r.sadd('a', '3');
    assert.equal(ks.dirty - d, 0);
    await r.srem('a', '1');
    await r.smove('a', 'b', '2');
    await r.smove('a', 'b', '3');
    await r.spop('b');
    await r.sadd('c', 'x', 'y');
    await r.spop('c', 5);
    await r.sadd('p', '1', '2');
    await r.sadd('q', '2');
    await r.sinterstore('d', 'p', 'q');
    await r.sunionstore('d', 'p', 'q');
    await r.sdiffstore('d', 'p', 'q');
    await r.sinterstore('d', 'p', 'nokey');
    await r.sdiffstore('d', 'q', 'p');
    assert.deepEqual(events.filter((e) => !e.startsWith('m:')), [
      's:sadd:a', 's:srem:a', 's:srem:a', 's:sadd:b', 's:srem:a', 'g:del:a', 's:sadd:b', 's:spop:b', 's:sadd:c', 's:spop:c',
      'g:del:c', 's:sadd:p', 's:sadd:q', 's:sinterstore:d', 's:sunionstore:d', 's:sdiffstore:d', 'g:del:d',
    ]);
  });

  it('WRONGTYPE and syntax errors', async () => {
    await r.set('str', 'v');
    await r.sadd('a', '1');
    for (const args of [
      ['SADD', 'str', 'a'], ['SREM', 'str', 'a'], ['SMEMBERS', 'str'], ['SCARD', 'str'], ['SPOP', 'str'], ['SRANDMEMBER', 'str', '2'],
      ['SINTER', 'a', 'str'], ['SINTER', 'nokey', 'str'], ['SUNIONSTORE', 'd', 'a', 'str'], ['SDIFF', 'nokey', 'str'],
      ['SINTERCARD', '2', 'a', 'str'], ['SMOVE', 'a', 'str', '1'], ['SSCAN', 'str', '0'],
    ]) {
      await assert.rejects(r.call(args[0]!, ...args.slice(1)), { message: ERR_WRONGTYPE }, args.join(' '));
    }
    await assert.rejects(r.call('SPOP', 'a', '-1'), { message: ERR_OUT_OF_RANGE });
    await assert.rejects(r.call('SPOP', 'a', '1', '2'), { message: ERR_SYNTAX });
    await assert.rejects(r.call('SSCAN', 'a', '0', 'COUNT', '0'), { message: ERR_SYNTAX });
  });

  it('RESP3: sets where Redis sends sets, arrays for SRANDMEMBER', async () => {
    await r.sadd('s', 'a', 'b');
    const c = await RawConnection.connect(s.port);
    try {
      await c.call('HELLO', '3');
      for (const [args, prefix] of [
        [['SMEMBERS', 's'], '~2'], [['SMEMBERS', 'none'], '~0'], [['SINTER', 's', 's'], '~2'], [['SUNION', 's'], '~2'],
        [['SDIFF', 's', 'none'], '~2'], [['SPOP', 'none', '2'], '~0'], [['SRANDMEMBER', 's', '2'], '*2'], [['SRANDMEMBER', 's', '-3'], '*3'],
        [['SRANDMEMBER', 'none', '2'], '*0'], [['SPOP', 'none'], '_'], [['SMISMEMBER', 's', 'a'], '*1'],
      ] as const) {
        c.send(...args);
        assert.ok((await c.readRaw()).startsWith(prefix), args.join(' '));
      }
    } finally {
      c.close();
    }
    const n = createClient({ socket: { port: s.port, host: '127.0.0.1' }, RESP: 3 });
    await n.connect();
    try {
      assert.equal(await n.sAdd('n', ['x', 'y', 'z']), 3);
      assert.deepEqual([...(await n.sMembers('n'))].sort(), ['x', 'y', 'z']);
      assert.equal(await n.sIsMember('n', 'y'), 1);
      assert.equal(await n.sCard('n'), 3);
      assert.deepEqual([...(await n.sInter(['n', 's']))], []);
      assert.equal(await n.sInterCard(['n', 'n'], { LIMIT: 2 }), 2);
    } finally {
      n.destroy();
    }
  });
});
