// Sorted sets over real sockets with real clients (ioredis, node-redis in RESP2 and RESP3): each
// behaviour on a small (listpack) and a large (skiplist) set, asserting OBJECT ENCODING;
// conversions at the thresholds and after CONFIG SET; Redis 7.2's ZRANK WITHSCORE and score
// formatting; RESP3 reply shapes; keyspace events; COPY; ZSCAN cursors; ZRANDMEMBER.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createClient } from 'redis';
import { connectIoredis, type Started, startServer } from './helpers/server.ts';
import {
  ERR_NOT_FLOAT, ERR_SYNTAX, ERR_WRONGTYPE, ERR_ZADD_GT_LT_NX, ERR_ZADD_INCR_PAIR, ERR_ZADD_XX_NX, ERR_ZRANGE_NOT_FLOAT,
  ERR_ZRANGE_NOT_LEX, ERR_ZSET_NAN,
} from '../src/protocol/errors.ts';
import { zsetMemoryUsage } from '../src/types/zset.ts';

const SIZES = [
  { enc: 'listpack', n: 10 },
  { enc: 'skiplist', n: 300 },
] as const;

/** Members m000.. with scores 0..n-1 (padded so that member order is score order). */
function members(n: number): (string | number)[] {
  const args: (string | number)[] = [];
  for (let i = 0; i < n; i++) args.push(i, `m${String(i).padStart(3, '0')}`);
  return args;
}

describe('sorted sets', () => {
  let s: Started;
  let r: Redis;
  let events: string[] = [];

  before(async () => {
    s = await startServer();
    s.server.keyspace.hooks.event.push((cls, event, key) => {
      if (cls !== 'm') events.push(`${cls}:${event}:${key}`);
    });
    r = await connectIoredis(s.port);
  });
  after(async () => {
    r.disconnect();
    await s.stop();
  });
  beforeEach(async () => {
    for (const db of s.server.keyspace.dbs) db.clear();
    await r.config('SET', 'zset-max-listpack-entries', '128');
    await r.config('SET', 'zset-max-listpack-value', '64');
    events = [];
  });

  for (const { enc, n } of SIZES) {
    describe(`${enc} (${n} members)`, () => {
      beforeEach(async () => {
        await r.zadd('z', ...members(n));
        assert.equal(await r.object('ENCODING', 'z'), enc);
        events = [];
      });

      it('ZADD, ZSCORE, ZINCRBY, ZCARD and ZMSCORE', async () => {
        assert.equal(await r.zcard('z'), n);
        assert.equal(await r.zscore('z', 'm005'), '5');
        assert.equal(await r.zadd('z', 'CH', 5.5, 'm005', 1, 'new'), 2);
        assert.equal(await r.zscore('z', 'm005'), '5.5');
        assert.equal(await r.zincrby('z', 0.25, 'm005'), '5.75');
        assert.equal(await r.zadd('z', 'XX', 'INCR', 1, 'absent'), null);
        assert.equal(await r.zadd('z', 'GT', 'INCR', -1, 'm005'), null);
        assert.equal(await r.zadd('z', 'LT', 'CH', 0.1, 'm005'), 1);
        assert.equal(await r.zscore('z', 'm005'), '0.1', 'Redis 7.2 prints the shortest round-trip form');
        assert.deepEqual(await r.zmscore('z', 'm001', 'nope', 'm002'), ['1', null, '2']);
        assert.equal(await r.zcard('z'), n + 1);
        assert.equal(await r.object('ENCODING', 'z'), enc);
        await assert.rejects(r.zadd('z', 'NX', 'XX', 1, 'a'), { message: ERR_ZADD_XX_NX });
        await assert.rejects(r.zadd('z', 'GT', 'LT', 1, 'a'), { message: ERR_ZADD_GT_LT_NX });
        await assert.rejects(r.call('ZADD', 'z', 'INCR', '1', 'a', '2', 'b'), { message: ERR_ZADD_INCR_PAIR });
        await assert.rejects(r.call('ZADD', 'z', 'nan', 'a'), { message: ERR_NOT_FLOAT });
        await r.zadd('z', '+inf', 'top');
        await assert.rejects(r.zincrby('z', '-inf', 'top'), { message: ERR_ZSET_NAN });
        assert.equal(await r.zscore('z', 'top'), 'inf');
      });

      it('ZRANK and ZREVRANK with Redis 7.2 WITHSCORE', async () => {
        assert.equal(await r.zrank('z', 'm003'), 3);
        assert.equal(await r.zrevrank('z', 'm003'), n - 4);
        assert.deepEqual(await r.call('ZRANK', 'z', 'm003', 'WITHSCORE'), [3, '3']);
        assert.deepEqual(await r.call('ZREVRANK', 'z', 'm000', 'withscore'), [n - 1, '0']);
        assert.equal(await r.call('ZRANK', 'z', 'nope', 'WITHSCORE'), null);
        assert.equal(await r.zrank('z', 'nope'), null);
        await assert.rejects(r.call('ZRANK', 'z', 'm003', 'WITHSCORES'), { message: ERR_SYNTAX });
        await assert.rejects(r.call('ZRANK', 'z', 'm003', 'WITHSCORE', 'x'), { message: "ERR wrong number of arguments for 'zrank' command" });
      });

      it('ranges by rank, score and lex, with REV and LIMIT', async () => {
        assert.deepEqual(await r.zrange('z', 0, 2), ['m000', 'm001', 'm002']);
        assert.deepEqual(await r.zrange('z', -2, -1, 'WITHSCORES'), [`m${String(n - 2).padStart(3, '0')}`, String(n - 2), `m${String(n - 1).padStart(3, '0')}`, String(n - 1)]);
        assert.deepEqual(await r.zrange('z', 0, 1, 'REV'), [`m${String(n - 1).padStart(3, '0')}`, `m${String(n - 2).padStart(3, '0')}`]);
        assert.deepEqual(await r.zrange('z', '(2', 5, 'BYSCORE', 'LIMIT', 1, 2), ['m004', 'm005']);
        assert.deepEqual(await r.zrange('z', 5, '(2', 'BYSCORE', 'REV', 'LIMIT', 0, 2), ['m005', 'm004']);
        assert.deepEqual(await r.zrangebyscore('z', '-inf', '(1', 'WITHSCORES'), ['m000', '0']);
        assert.deepEqual(await r.zrevrangebyscore('z', 2, 1), ['m002', 'm001']);
        assert.deepEqual(await r.zrange('z', '[m001', '(m003', 'BYLEX'), ['m001', 'm002']);
        assert.deepEqual(await r.zrangebylex('z', '-', '[m001'), ['m000', 'm001']);
        assert.deepEqual(await r.zrevrangebylex('z', '(m003', '[m001'), ['m002', 'm001']);
        assert.equal(await r.zcount('z', '(1', 3), 2);
        assert.equal(await r.zcount('z', '-inf', '+inf'), n);
        assert.equal(await r.zlexcount('z', '[m001', '+'), n - 1);
        await assert.rejects(r.zrangebyscore('z', 'a', 1), { message: ERR_ZRANGE_NOT_FLOAT });
        await assert.rejects(r.zrangebylex('z', 'a', '+'), { message: ERR_ZRANGE_NOT_LEX });
      });

      it('ZREM and ZREMRANGEBY* keep the encoding and delete an emptied key', async () => {
        assert.equal(await r.zrem('z', 'm000', 'nope'), 1);
        assert.equal(await r.zremrangebyrank('z', 0, 0), 1);
        assert.equal(await r.zremrangebyscore('z', 2, '(4'), 2);
        assert.equal(await r.zremrangebylex('z', '[m004', '[m004'), 1);
        assert.equal(await r.zcard('z'), n - 5);
        assert.equal(await r.object('ENCODING', 'z'), enc, 'deletes never convert back');
        assert.deepEqual(events, ['z:zrem:z', 'z:zremrangebyrank:z', 'z:zremrangebyscore:z', 'z:zremrangebylex:z']);
        assert.equal(await r.zremrangebyrank('z', 0, -1), n - 5);
        assert.equal(await r.exists('z'), 0);
        assert.deepEqual(events.slice(-2), ['z:zremrangebyrank:z', 'g:del:z']);
      });

      it('pops: ZPOPMIN, ZPOPMAX, ZMPOP', async () => {
        assert.deepEqual(await r.zpopmin('z'), ['m000', '0']);
        assert.deepEqual(await r.zpopmax('z', 2), [`m${String(n - 1).padStart(3, '0')}`, String(n - 1), `m${String(n - 2).padStart(3, '0')}`, String(n - 2)]);
        assert.deepEqual(await r.call('ZMPOP', '2', 'nokey', 'z', 'MIN', 'COUNT', '2'), ['z', [['m001', '1'], ['m002', '2']]]);
        assert.deepEqual(events, ['z:zpopmin:z', 'z:zpopmax:z', 'z:zpopmin:z']);
        assert.equal(await r.call('ZMPOP', '1', 'nokey', 'MAX'), null);
        await r.zpopmin('z', n);
        assert.equal(await r.exists('z'), 0);
        assert.deepEqual(events.slice(-2), ['z:zpopmin:z', 'g:del:z']);
      });

      it('ZRANDMEMBER: distinct with a positive count, repeats with a negative one', async () => {
        const all = new Set(await r.zrange('z', 0, -1));
        const five = (await r.zrandmember('z', 5));
        assert.equal(new Set(five).size, 5);
        for (const m of five) assert.ok(all.has(m));
        const many = (await r.zrandmember('z', -(n * 3)));
        assert.equal(many.length, n * 3);
        for (const m of many) assert.ok(all.has(m));
        const ws = (await r.call('ZRANDMEMBER', 'z', '3', 'WITHSCORES')) as string[];
        assert.equal(ws.length, 6);
        for (let i = 0; i < 6; i += 2) assert.equal(await r.zscore('z', ws[i]!), ws[i + 1]);
        assert.ok(all.has((await r.zrandmember('z')) as string));
        assert.equal(((await r.zrandmember('z', n + 5))).length, n);
      });

      it('ZSCAN visits every member exactly once', async () => {
        const seen = new Map<string, string>();
        let cursor = '0';
        do {
          const [next, items] = await r.zscan('z', cursor, 'COUNT', 20);
          for (let i = 0; i < items.length; i += 2) {
            assert.ok(!seen.has(items[i]!), `seen twice: ${items[i]}`);
            seen.set(items[i]!, items[i + 1]!);
          }
          cursor = next;
        } while (cursor !== '0');
        assert.equal(seen.size, n);
        assert.equal(seen.get('m007'), '7');
        const [, matched] = await r.zscan('z', 0, 'MATCH', 'm00[12]', 'COUNT', 1000);
        assert.deepEqual(matched, ['m001', '1', 'm002', '2']);
      });

      it('COPY duplicates in the same encoding, independently', async () => {
        assert.equal(await r.copy('z', 'c'), 1);
        assert.equal(await r.object('ENCODING', 'c'), enc);
        await r.zadd('c', 100, 'm000');
        assert.equal(await r.zscore('z', 'm000'), '0');
        assert.deepEqual(await r.zrange('c', 0, 0), ['m001']);
        assert.equal(await r.zcard('c'), n);
      });

      it('set operations and their STORE forms', async () => {
        await r.zadd('o', 1, 'm001', 2, 'zz');
        await r.sadd('s', 'm002', 'zz');
        assert.deepEqual(await r.zinter(2, 'z', 'o', 'WITHSCORES'), ['m001', '2']);
        assert.deepEqual(await r.call('ZUNION', '2', 'o', 's', 'WITHSCORES'), ['m001', '1', 'm002', '1', 'zz', '3']);
        assert.equal(await r.zdiffstore('d', 2, 'z', 'o'), n - 1);
        assert.equal(await r.object('ENCODING', 'd'), enc);
        assert.equal(await r.zunionstore('d', 2, 'z', 'o', 'WEIGHTS', 2, 1, 'AGGREGATE', 'MAX'), n + 1);
        assert.equal(await r.zscore('d', 'm001'), '2');
        assert.equal(await r.zintercard(2, 'z', 's'), 1);
        assert.equal(await r.zintercard(1, 'z', 'LIMIT', 3), 3);
        assert.equal(await r.zinterstore('d', 2, 'z', 'nokey'), 0);
        assert.equal(await r.exists('d'), 0);
        assert.ok(events.includes('z:zdiffstore:d') && events.includes('z:zunionstore:d') && events.includes('g:del:d'));
      });

      it('WRONGTYPE from every command against a string', async () => {
        await r.set('str', 'v');
        for (const cmd of [['ZADD', 'str', '1', 'a'], ['ZSCORE', 'str', 'a'], ['ZRANGE', 'str', '0', '1'], ['ZCARD', 'str'],
          ['ZPOPMIN', 'str'], ['ZUNION', '2', 'z', 'str'], ['ZRANDMEMBER', 'str'], ['ZSCAN', 'str', '0'], ['ZRANK', 'str', 'a']]) {
          await assert.rejects(r.call(cmd[0]!, ...cmd.slice(1)), { message: ERR_WRONGTYPE }, cmd.join(' '));
        }
      });

      it('MEMORY USAGE estimate grows with the set', () => {
        const o = s.server.keyspace.dbs[0]!.lookupRead('z', false)!;
        const size = zsetMemoryUsage(o, 5, { alloc: (b) => b, sds: (b) => b + 2 });
        assert.ok(size > n * (enc === 'listpack' ? 4 : 40), `estimate ${size}`);
        assert.ok(size < n * 400);
      });
    });
  }

  it('converts to a skiplist at zset-max-listpack-entries and -value, and after CONFIG SET', async () => {
    for (let i = 0; i < 128; i++) await r.zadd('a', i, `m${i}`);
    assert.equal(await r.object('ENCODING', 'a'), 'listpack');
    await r.zadd('a', 128, 'one-more');
    assert.equal(await r.object('ENCODING', 'a'), 'skiplist');
    await r.zadd('b', 1, 'x'.repeat(64));
    assert.equal(await r.object('ENCODING', 'b'), 'listpack');
    await r.zadd('b', 1, 'y'.repeat(65));
    assert.equal(await r.object('ENCODING', 'b'), 'skiplist');
    await r.zadd('c', ...members(129));
    assert.equal(await r.object('ENCODING', 'c'), 'skiplist', 'ZADD with more pairs than the limit creates a skiplist');
    // Redis 7.2: a new key is sized by the number of pairs (zsetTypeCreate), even when they repeat
    // one member; 7.0 looked at the first member only and would keep a listpack here.
    await r.zadd('dup', ...Array.from({ length: 129 }, (_, i) => [i, 'same']).flat());
    assert.equal(await r.object('ENCODING', 'dup'), 'skiplist');
    await r.zadd('long', 1, 'a', 2, 'x'.repeat(65));
    assert.equal(await r.object('ENCODING', 'long'), 'skiplist', 'the longest member decides');
    await r.config('SET', 'zset-max-listpack-entries', '2');
    await r.zadd('d', 1, 'a', 2, 'b');
    assert.equal(await r.object('ENCODING', 'd'), 'listpack');
    await r.zadd('d', 3, 'c');
    assert.equal(await r.object('ENCODING', 'd'), 'skiplist');
    await r.config('SET', 'zset-max-ziplist-entries', '128');
    assert.equal(await r.zunionstore('u', 1, 'd'), 3);
    assert.equal(await r.object('ENCODING', 'u'), 'listpack', 'STORE results convert back when small');
    assert.equal(await r.zrangestore('rs', 'a', 0, 9), 10);
    assert.equal(await r.object('ENCODING', 'rs'), 'listpack');
    assert.deepEqual(await r.zrange('u', 0, -1, 'WITHSCORES'), ['a', '1', 'b', '2', 'c', '3']);
  });

  it('ZADD and ZINCRBY events, and none when nothing changes', async () => {
    await r.zadd('e', 1, 'a');
    await r.zadd('e', 1, 'a');
    await r.zadd('e', 'NX', 2, 'a');
    await r.zincrby('e', 1, 'a');
    await r.zadd('e', 'INCR', 1, 'a');
    assert.deepEqual(events, ['z:zadd:e', 'z:zincr:e', 'z:zincr:e']);
  });

  it('scores print in Redis 7.2 form', async () => {
    await r.zadd('f', 0.1, 'a', 1e17, 'b', 1.5e-7, 'c', '-0', 'd', 123456789.125, 'e');
    assert.deepEqual(await r.zrange('f', 0, -1, 'WITHSCORES'), ['d', '0', 'c', '1.5e-7', 'a', '0.1', 'e', '123456789.125', 'b', '100000000000000000']);
    assert.equal(await r.zincrby('f', 0.2, 'a'), '0.30000000000000004');
    assert.equal(await r.zadd('f', 'INCR', '0x10', 'a'), '16.3');
  });

  for (const RESP of [2, 3] as const) {
    it(`node-redis RESP${RESP}: reply shapes`, async () => {
      const c = createClient({ socket: { port: s.port, host: '127.0.0.1' }, RESP });
      await c.connect();
      try {
        await c.sendCommand(['ZADD', 'n', '1', 'a', '2.5', 'b', '3', 'c']);
        const ws = await c.sendCommand(['ZRANGE', 'n', '0', '-1', 'WITHSCORES']);
        const pop = await c.sendCommand(['ZPOPMIN', 'n', '1']);
        const pop1 = await c.sendCommand(['ZPOPMAX', 'n']);
        const rank = await c.sendCommand(['ZRANK', 'n', 'b', 'WITHSCORE']);
        const score = await c.sendCommand(['ZSCORE', 'n', 'b']);
        const mpop = await c.sendCommand(['ZMPOP', '1', 'n', 'MIN']);
        await c.sendCommand(['ZADD', 'q', '0.5', 'x']);
        const rnd = await c.sendCommand(['ZRANDMEMBER', 'q', '-2', 'WITHSCORES']);
        const uni = await c.sendCommand(['ZUNION', '1', 'q', 'WITHSCORES']);
        const inc = await c.sendCommand(['ZADD', 'q', 'INCR', '1', 'x']);
        assert.deepEqual(rnd, RESP === 2 ? ['x', '0.5', 'x', '0.5'] : [['x', 0.5], ['x', 0.5]]);
        assert.deepEqual(uni, RESP === 2 ? ['x', '0.5'] : [['x', 0.5]]);
        assert.deepEqual(inc, RESP === 2 ? '1.5' : 1.5);
        if (RESP === 2) {
          assert.deepEqual(ws, ['a', '1', 'b', '2.5', 'c', '3']);
          assert.deepEqual(pop, ['a', '1']);
          assert.deepEqual(pop1, ['c', '3']);
          assert.deepEqual(rank, [0, '2.5']);
          assert.equal(score, '2.5');
          assert.deepEqual(mpop, ['n', [['b', '2.5']]]);
        } else {
          assert.deepEqual(ws, [['a', 1], ['b', 2.5], ['c', 3]]);
          assert.deepEqual(pop, [['a', 1]]);
          assert.deepEqual(pop1, ['c', 3]);
          assert.deepEqual(rank, [0, 2.5]);
          assert.equal(score, 2.5);
          assert.deepEqual(mpop, ['n', [['b', 2.5]]]);
        }
      } finally {
        await c.quit();
      }
    });
  }
});
