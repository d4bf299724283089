// Lists over real sockets with real clients (ioredis, node-redis in RESP2 and RESP3): every command
// run against a JS array model on each encoding — a small listpack, a quicklist of many nodes, and
// a quicklist with list-compress-depth 1 (interior nodes LZF-compressed) — asserting OBJECT
// ENCODING, Redis 7.2's conversions (listpack -> quicklist past list-max-listpack-size, back only
// below half of it), exact errors, keyspace events, dirty, COPY and MEMORY USAGE's estimate.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createClient } from 'redis';
import { connectIoredis, RawConnection, type Started, startServer } from './helpers/server.ts';
import {
  ERR_INDEX_OUT_OF_RANGE, ERR_LPOS_COUNT, ERR_LPOS_MAXLEN, ERR_LPOS_RANK, ERR_NO_SUCH_KEY, ERR_NOT_INTEGER,
  ERR_OUT_OF_RANGE, ERR_SYNTAX, ERR_VALUE_NOT_BETWEEN, ERR_WRONGTYPE,
} from '../src/protocol/errors.ts';
import { listMemoryUsage } from '../src/types/list.ts';

const VARIANTS = [
  { name: 'listpack', fill: '-2', depth: '0', n: 20, pad: '', enc: 'listpack' },
  { name: 'quicklist', fill: '4', depth: '0', n: 60, pad: '', enc: 'quicklist' },
  { name: 'quicklist, compress depth 1', fill: '-1', depth: '1', n: 400, pad: 'x'.repeat(40), enc: 'quicklist' },
] as const;

describe('lists', () => {
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
    await r.config('SET', 'list-max-listpack-size', '-2');
    await r.config('SET', 'list-compress-depth', '0');
    events = [];
  });

  for (const v of VARIANTS) {
    describe(v.name, () => {
      let model: string[];
      const el = (i: number): string => `${v.pad}e${i}`;
      beforeEach(async () => {
        await r.config('SET', 'list-max-listpack-size', v.fill);
        await r.config('SET', 'list-compress-depth', v.depth);
        model = Array.from({ length: v.n }, (_, i) => el(i));
        assert.equal(await r.rpush('l', ...model), v.n);
        assert.equal(await r.object('ENCODING', 'l'), v.enc);
        events = [];
      });
      const check = async (): Promise<void> => {
        assert.deepEqual(await r.lrange('l', 0, -1), model);
        assert.equal(await r.llen('l'), model.length);
      };

      it('LRANGE, LINDEX, LLEN with negative and out-of-range indexes', async () => {
        await check();
        assert.deepEqual(await r.lrange('l', -3, -1), model.slice(-3));
        assert.deepEqual(await r.lrange('l', 5, 2), []);
        assert.deepEqual(await r.lrange('l', -1000, 2), model.slice(0, 3));
        assert.deepEqual(await r.lrange('l', v.n - 2, 1e9), model.slice(-2));
        assert.equal(await r.lindex('l', 0), model[0]);
        assert.equal(await r.lindex('l', -1), model.at(-1));
        assert.equal(await r.lindex('l', Math.floor(v.n / 2)), model[Math.floor(v.n / 2)]);
        assert.equal(await r.lindex('l', v.n), null);
        await assert.rejects(r.lindex('l', 'x'), { message: ERR_NOT_INTEGER });
      });

      it('pushes and pops at both ends, with counts', async () => {
        assert.equal(await r.lpush('l', 'a', 'b'), v.n + 2);
        model.unshift('b', 'a');
        assert.equal(await r.rpushx('l', 'z'), v.n + 3);
        model.push('z');
        assert.equal(await r.lpushx('nokey', 'z'), 0);
        assert.equal(await r.exists('nokey'), 0);
        await check();
        assert.equal(await r.lpop('l'), model.shift());
        assert.equal(await r.rpop('l'), model.pop());
        assert.deepEqual(await r.lpop('l', 3), model.splice(0, 3));
        assert.deepEqual(await r.rpop('l', 2), model.splice(-2).reverse());
        assert.deepEqual(await r.lpop('l', 0), []);
        assert.equal(await r.lpop('nokey'), null);
        assert.equal(await r.lpop('nokey', 2), null);
        await check();
        assert.deepEqual(events.slice(0, 3), ['l:lpush:l', 'l:rpush:l', 'l:lpop:l']);
        // Popping everything deletes the key.
        events = [];
        assert.equal((await r.rpop('l', 100000))!.length, model.length);
        assert.equal(await r.exists('l'), 0);
        assert.deepEqual(events, ['l:rpop:l', 'g:del:l']);
        await assert.rejects(r.lpop('x', -1), { message: ERR_OUT_OF_RANGE });
        await assert.rejects(r.call('LPOP', 'x', '1', '2'), { message: "ERR wrong number of arguments for 'lpop' command" });
      });

      it('LSET, LINSERT, LREM in both directions', async () => {
        const mid = Math.floor(v.n / 2);
        assert.equal(await r.lset('l', mid, 'mid'), 'OK');
        model[mid] = 'mid';
        assert.equal(await r.lset('l', -1, 'last'), 'OK');
        model[model.length - 1] = 'last';
        await assert.rejects(r.lset('l', v.n, 'x'), { message: ERR_INDEX_OUT_OF_RANGE });
        await assert.rejects(r.lset('nokey', 0, 'x'), { message: ERR_NO_SUCH_KEY });
        assert.equal(await r.linsert('l', 'BEFORE', 'mid', 'b4'), v.n + 1);
        model.splice(mid, 0, 'b4');
        assert.equal(await r.linsert('l', 'AFTER', 'mid', 'aft'), v.n + 2);
        model.splice(mid + 2, 0, 'aft');
        assert.equal(await r.linsert('l', 'AFTER', 'nope', 'x'), -1);
        assert.equal(await r.linsert('nokey', 'AFTER', 'nope', 'x'), 0);
        await assert.rejects(r.call('LINSERT', 'l', 'MIDDLE', 'a', 'b'), { message: ERR_SYNTAX });
        await check();
        // Duplicates spread over the list, removed from the head, from the tail, then all.
        for (const i of [1, mid, v.n - 2]) {
          await r.lset('l', i, 'dup');
          model[i] = 'dup';
        }
        await r.rpush('l', 'dup');
        model.push('dup');
        assert.equal(await r.lrem('l', 1, 'dup'), 1);
        model.splice(model.indexOf('dup'), 1);
        assert.equal(await r.lrem('l', -1, 'dup'), 1);
        model.splice(model.lastIndexOf('dup'), 1);
        await check();
        assert.equal(await r.lrem('l', 0, 'dup'), 2);
        model = model.filter((x) => x !== 'dup');
        assert.equal(await r.lrem('l', 0, 'dup'), 0);
        await check();
        assert.deepEqual(events.slice(0, 4), ['l:lset:l', 'l:lset:l', 'l:linsert:l', 'l:linsert:l']);
      });

      it('LPOS with RANK, COUNT and MAXLEN', async () => {
        await r.lset('l', 2, 'x');
        await r.lset('l', 5, 'x');
        await r.lset('l', -1, 'x');
        model[2] = model[5] = model[model.length - 1] = 'x';
        const all = model.flatMap((e, i) => (e === 'x' ? [i] : []));
        assert.equal(await r.lpos('l', 'x'), 2);
        assert.equal(await r.lpos('l', 'x', 'RANK', 2), 5);
        assert.equal(await r.lpos('l', 'x', 'RANK', -1), model.length - 1);
        assert.deepEqual(await r.lpos('l', 'x', 'COUNT', 0), all);
        assert.deepEqual(await r.lpos('l', 'x', 'RANK', -1, 'COUNT', 2), [all[2], all[1]]);
        assert.deepEqual(await r.lpos('l', 'x', 'COUNT', 0, 'MAXLEN', 4), [2]);
        assert.equal(await r.lpos('l', 'x', 'MAXLEN', 2), null);
        assert.equal(await r.lpos('l', 'nope'), null);
        assert.deepEqual(await r.lpos('l', 'nope', 'COUNT', 1), []);
        assert.deepEqual(await r.lpos('nokey', 'x', 'COUNT', 1), []);
        await assert.rejects(r.lpos('l', 'x', 'RANK', 0), { message: ERR_LPOS_RANK });
        await assert.rejects(r.lpos('l', 'x', 'COUNT', -1), { message: ERR_LPOS_COUNT });
        await assert.rejects(r.lpos('l', 'x', 'MAXLEN', -1), { message: ERR_LPOS_MAXLEN });
        await assert.rejects(r.call('LPOS', 'l', 'x', 'RANK'), { message: ERR_SYNTAX });
        // Redis 7.2 bounds RANK to -LONG_MAX..LONG_MAX (7.0 negated LONG_MIN into itself).
        await assert.rejects(r.lpos('l', 'x', 'RANK', '-9223372036854775808'),
          { message: ERR_VALUE_NOT_BETWEEN('-9223372036854775807', '9223372036854775807') });
        await assert.rejects(r.lpos('l', 'x', 'COUNT', 'abc'), { message: ERR_LPOS_COUNT });
      });

      it('LTRIM, LMOVE, RPOPLPUSH and LMPOP', async () => {
        assert.equal(await r.ltrim('l', 1, -2), 'OK');
        model = model.slice(1, -1);
        await check();
        assert.equal(await r.lmove('l', 'd', 'LEFT', 'RIGHT'), model.shift());
        assert.equal(await r.rpoplpush('l', 'd'), model.pop());
        assert.deepEqual(await r.lrange('d', 0, -1), [el(v.n - 2), el(1)]);
        assert.equal(await r.lmove('l', 'l', 'RIGHT', 'LEFT'), model.at(-1));
        model.unshift(model.pop()!);
        await check();
        assert.deepEqual(await r.call('LMPOP', '2', 'nokey', 'l', 'RIGHT', 'COUNT', '2'), ['l', model.splice(-2).reverse()]);
        assert.equal(await r.call('LMPOP', '1', 'nokey', 'LEFT'), null);
        assert.equal(await r.lmove('nokey', 'd', 'LEFT', 'LEFT'), null);
        await r.set('str', 'x');
        await assert.rejects(r.lmove('l', 'str', 'LEFT', 'LEFT'), { message: ERR_WRONGTYPE });
        await check(); // the WRONGTYPE destination took nothing
        assert.equal(await r.ltrim('l', 5, 1), 'OK');
        assert.equal(await r.exists('l'), 0);
      });

      it('COPY keeps the encoding; MEMORY USAGE estimate', async () => {
        assert.equal(await r.copy('l', 'c'), 1);
        assert.equal(await r.object('ENCODING', 'c'), v.enc);
        assert.deepEqual(await r.lrange('c', 0, -1), model);
        await r.rpush('c', 'more');
        assert.deepEqual(await r.lrange('l', 0, -1), model);
        const o = s.server.keyspace.dbs[0]!.lookupRead('l', false)!;
        const est = listMemoryUsage(o, 0, { alloc: (n) => n, sds: (n) => n + 2 });
        assert.ok(est > (v.enc === 'listpack' ? 0 : v.n), `estimate ${est}`);
      });
    });
  }

  it('listpack becomes a quicklist past list-max-listpack-size and back only below half of it', async () => {
    await r.config('SET', 'list-max-listpack-size', '8');
    await r.rpush('l', '1', '2', '3', '4', '5', '6', '7', '8');
    assert.equal(await r.object('ENCODING', 'l'), 'listpack');
    await r.rpush('l', '9');
    assert.equal(await r.object('ENCODING', 'l'), 'quicklist');
    await r.rpop('l', 4); // 5 left: more than half of 8
    assert.equal(await r.object('ENCODING', 'l'), 'quicklist');
    await r.rpop('l'); // 4 left, one node: back to a listpack
    assert.equal(await r.object('ENCODING', 'l'), 'listpack');
    // A single push of many elements converts up front.
    await r.rpush('big', ...Array.from({ length: 9 }, (_, i) => String(i)));
    assert.equal(await r.object('ENCODING', 'big'), 'quicklist');
    // Size limit (default -2 = 8 KB): a few big elements.
    await r.config('SET', 'list-max-listpack-size', '-2');
    await r.rpush('s', 'x'.repeat(4000), 'y'.repeat(4000));
    assert.equal(await r.object('ENCODING', 's'), 'listpack');
    await r.rpush('s', 'z'.repeat(400));
    assert.equal(await r.object('ENCODING', 's'), 'quicklist');
    await r.rpop('s'); // one node again, but 8 KB is above half of the limit
    assert.equal(await r.object('ENCODING', 's'), 'quicklist');
    await r.lset('s', 0, 'small'); // LSET shrinks too: ~4 KB is within half of 8 KB
    assert.equal(await r.object('ENCODING', 's'), 'listpack');
    await r.lset('s', 1, 'small');
    await r.linsert('s', 'BEFORE', 'small', 'w'.repeat(9000));
    assert.equal(await r.object('ENCODING', 's'), 'quicklist');
    await r.lrem('s', 0, 'w'.repeat(9000));
    assert.equal(await r.object('ENCODING', 's'), 'listpack');
    // SORT ... STORE builds a new list: a listpack when it fits the full limit.
    await r.config('SET', 'list-max-listpack-size', '8');
    await r.rpush('src', '3', '1', '2');
    await r.sort('src', 'STORE', 'dst');
    assert.equal(await r.object('ENCODING', 'dst'), 'listpack');
  });

  it('WRONGTYPE from every list command, dirty counts', async () => {
    await r.set('str', 'x');
    for (const args of [['LPUSH', 'str', 'a'], ['RPUSHX', 'str', 'a'], ['LPOP', 'str'], ['LLEN', 'str'], ['LINDEX', 'str', '0'],
      ['LSET', 'str', '0', 'a'], ['LRANGE', 'str', '0', '1'], ['LTRIM', 'str', '0', '1'], ['LREM', 'str', '0', 'a'],
      ['LINSERT', 'str', 'BEFORE', 'a', 'b'], ['LPOS', 'str', 'a'], ['LMOVE', 'str', 'x', 'LEFT', 'LEFT'], ['LMPOP', '1', 'str', 'LEFT']]) {
      await assert.rejects(r.call(args[0]!, ...args.slice(1)), { message: ERR_WRONGTYPE }, args.join(' '));
    }
    const ks = s.server.keyspace;
    const d0 = ks.dirty;
    await r.rpush('d', 'a', 'b', 'c');
    assert.equal(ks.dirty - d0, 3);
    await r.lpop('d', 3);
    assert.equal(ks.dirty - d0, 6);
  });

  it('binary-safe elements (latin1 bytes, NUL, integers kept as given)', async () => {
    const raw = await RawConnection.connect(s.port);
    try {
      assert.equal(await raw.call('RPUSH', 'b', '\x00\xff\r\n', '12', '-0', '007', '9223372036854775807', '9223372036854775808'), 6);
    } finally {
      raw.close();
    }
    assert.deepEqual(await r.lrangeBuffer('b', 0, -1), [Buffer.from('\x00\xff\r\n', 'latin1'), Buffer.from('12'), Buffer.from('-0'),
      Buffer.from('007'), Buffer.from('9223372036854775807'), Buffer.from('9223372036854775808')]);
    assert.equal(await r.lpos('b', '12'), 1);
    assert.equal(await r.lpos('b', '7'), null);
  });

  for (const RESP of [2, 3] as const) {
    it(`node-redis RESP${RESP}: null kinds and reply shapes`, async () => {
      const raw = await RawConnection.connect(s.port);
      try {
        if (RESP === 3) await raw.call('HELLO', '3');
        const nul = RESP === 2 ? '$-1\r\n' : '_\r\n';
        const nulArr = RESP === 2 ? '*-1\r\n' : '_\r\n';
        raw.send('LPOP', 'none');
        assert.equal(await raw.readRaw(), nul);
        raw.send('LPOP', 'none', '1');
        assert.equal(await raw.readRaw(), nulArr);
        raw.send('LMPOP', '1', 'none', 'LEFT');
        assert.equal(await raw.readRaw(), nulArr);
        raw.send('LINDEX', 'none', '0');
        assert.equal(await raw.readRaw(), nul);
        raw.send('LPOS', 'none', 'a');
        assert.equal(await raw.readRaw(), nul);
      } finally {
        raw.close();
      }
      const c = createClient({ socket: { port: s.port, host: '127.0.0.1' }, RESP });
      await c.connect();
      try {
        await c.sendCommand(['RPUSH', 'n', 'a', 'b', 'c']);
        assert.deepEqual(await c.sendCommand(['LMPOP', '1', 'n', 'LEFT', 'COUNT', '2']), ['n', ['a', 'b']]);
        assert.deepEqual(await c.sendCommand(['LPOP', 'n', '5']), ['c']);
        assert.equal(await c.sendCommand(['LPOP', 'n']), null);
        assert.deepEqual(await c.sendCommand(['LRANGE', 'n', '0', '-1']), []);
        await c.sendCommand(['RPUSH', 'n', 'x']);
        assert.equal(await c.sendCommand(['LPOS', 'n', 'x']), 0);
      } finally {
        await c.quit();
      }
    });
  }
});
