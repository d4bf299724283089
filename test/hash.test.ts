// The hash family over real sockets with ioredis and node-redis (RESP2 and RESP3): every test loops
// over a listpack and a hashtable hash asserting OBJECT ENCODING; conversions at the exact limits
// and after CONFIG SET; HRANDFIELD's promises and reply shapes; HSCAN's cursor over a hashtable;
// keyspace events, dirty counts and COPY.

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createClient } from 'redis';
import { connectIoredis, RawConnection, type Started, startServer } from './helpers/server.ts';
import { ERR_NOT_FLOAT, ERR_NOT_INTEGER, ERR_OVERFLOW, ERR_SYNTAX, ERR_WRONGTYPE, errArity } from '../src/protocol/errors.ts';

const fields = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, `v${i}`]));

const CASES: { name: string; data: Record<string, string>; enc: string }[] = [
  { name: 'listpack', data: { ...fields(20), n: '12', e: '' }, enc: 'listpack' },
  { name: 'hashtable', data: { ...fields(700), n: '12', e: '' }, enc: 'hashtable' },
];

describe('hashes', () => {
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
    await r.config('SET', 'hash-max-listpack-entries', '512');
    await r.config('SET', 'hash-max-listpack-value', '64');
  });

  const enc = (k: string): Promise<unknown> => r.call('OBJECT', 'ENCODING', k);

  for (const { name, data, enc: want } of CASES) {
    const n = Object.keys(data).length;
    describe(name, () => {
      it('sets, reads, deletes', async () => {
        assert.equal(await r.hset('h', data), n);
        assert.equal(await enc('h'), want);
        assert.equal(await r.hset('h', 'f1', 'new', 'zz', 'z'), 1);
        assert.equal(await r.hget('h', 'f1'), 'new');
        assert.equal(await r.hget('h', 'nope'), null);
        assert.deepEqual(await r.hmget('h', 'f0', 'nope', 'n'), ['v0', null, '12']);
        assert.equal(await r.hlen('h'), n + 1);
        assert.equal(await r.hstrlen('h', 'f1'), 3);
        assert.equal(await r.hexists('h', 'e'), 1);
        assert.equal(await r.hsetnx('h', 'f0', 'x'), 0);
        assert.equal(await r.hsetnx('h', 'new', 'x'), 1);
        const all = await r.hgetall('h');
        assert.deepEqual(all, { ...data, f1: 'new', zz: 'z', new: 'x' });
        assert.deepEqual((await r.hkeys('h')).sort(), Object.keys(all).sort());
        assert.deepEqual((await r.hvals('h')).sort(), Object.values(all).sort());
        assert.equal(await r.hdel('h', 'f0', 'nope', 'f0'), 1);
        assert.equal(await enc('h'), want, 'deleting never converts back');
        assert.equal(await r.hdel('h', ...Object.keys(all)), n + 1);
        assert.equal(await r.exists('h'), 0, 'an emptied hash is deleted');
      });

      it('HINCRBY and HINCRBYFLOAT', async () => {
        await r.hset('h', data);
        assert.equal(await r.hincrby('h', 'n', 5), 17);
        assert.equal(await r.hincrby('h', 'fresh', -3), -3);
        assert.equal(await r.hincrbyfloat('h', 'n', '0.1'), '17.1');
        assert.equal(await r.hincrbyfloat('h', 'n', '0.2'), '17.3');
        await assert.rejects(r.hincrby('h', 'f0', 1), { message: 'ERR hash value is not an integer' });
        await assert.rejects(r.hincrbyfloat('h', 'f0', '1'), { message: 'ERR hash value is not a float' });
        await assert.rejects(r.hincrby('h', 'n', 'x' as unknown as number), { message: ERR_NOT_INTEGER });
        await assert.rejects(r.hincrbyfloat('h', 'n', 'x'), { message: ERR_NOT_FLOAT });
        await r.hset('h', 'max', '9223372036854775807');
        await assert.rejects(r.hincrby('h', 'max', 1), { message: ERR_OVERFLOW });
        await assert.rejects(r.hincrbyfloat('h', 'n', 'inf'), { message: 'ERR value is NaN or Infinity' });
        assert.equal(await enc('h'), want);
      });

      it('HRANDFIELD keeps its promises', async () => {
        await r.hset('h', data);
        const keys = new Set(Object.keys(data));
        assert.ok(keys.has((await r.hrandfield('h')) as string));
        const five = (await r.hrandfield('h', 5)) as string[];
        assert.equal(new Set(five).size, 5);
        for (const f of five) assert.ok(keys.has(f));
        const most = (await r.hrandfield('h', n - 2)) as string[];
        assert.equal(new Set(most).size, n - 2);
        assert.deepEqual(((await r.hrandfield('h', n + 10)) as string[]).sort(), [...keys].sort());
        const rep = (await r.hrandfield('h', -40, 'WITHVALUES')) as string[];
        assert.equal(rep.length, 80);
        for (let i = 0; i < rep.length; i += 2) assert.equal(data[rep[i]!], rep[i + 1]);
        const pairs = (await r.hrandfield('h', 3, 'WITHVALUES')) as string[];
        for (let i = 0; i < pairs.length; i += 2) assert.equal(data[pairs[i]!], pairs[i + 1]);
      });

      it('HSCAN visits every field once, with its value', async () => {
        await r.hset('h', data);
        const seen: Record<string, string> = {};
        let cursor = '0';
        let calls = 0;
        do {
          const [next, flat] = await r.hscan('h', cursor, 'COUNT', 50);
          for (let i = 0; i < flat.length; i += 2) {
            assert.equal(seen[flat[i]!], undefined, 'no field twice');
            seen[flat[i]!] = flat[i + 1]!;
          }
          cursor = next;
          calls++;
        } while (cursor !== '0');
        assert.deepEqual(seen, data);
        assert.equal(calls > 1, want === 'hashtable');
        const [, m] = await r.hscan('h', '0', 'MATCH', 'f1?', 'COUNT', 100000);
        assert.deepEqual(m.filter((_, i) => i % 2 === 0).sort(), Object.keys(data).filter((k) => /^f1.$/.test(k)).sort());
      });

      it('COPY keeps the encoding and copies deeply', async () => {
        await r.hset('h', data);
        assert.equal(await r.call('COPY', 'h', 'c'), 1);
        assert.equal(await enc('c'), want);
        await r.hset('c', 'f0', 'changed');
        assert.equal(await r.hget('h', 'f0'), 'v0');
      });
    });
  }

  it('listpack to hashtable at the exact limits', async () => {
    await r.hset('a', fields(512));
    assert.equal(await enc('a'), 'listpack');
    await r.hset('a', 'f0', 'again');
    assert.equal(await enc('a'), 'listpack');
    await r.hset('a', 'f512', 'x');
    assert.equal(await enc('a'), 'hashtable');
    await r.hset('b', fields(513));
    assert.equal(await enc('b'), 'hashtable');
    await r.hset('c', 'f', 'x'.repeat(64));
    assert.equal(await enc('c'), 'listpack');
    await r.hset('c', 'g', 'x'.repeat(65));
    assert.equal(await enc('c'), 'hashtable');
    await r.hset('d', 'x'.repeat(65), '1');
    assert.equal(await enc('d'), 'hashtable');
    await r.hset('e', 'a', '1');
    await r.hsetnx('e', 'a', 'x'.repeat(65));
    assert.equal(await enc('e'), 'listpack', 'HSETNX of an existing field converts nothing');
    await r.hincrbyfloat('e', 'y'.repeat(65), '1');
    assert.equal(await enc('e'), 'hashtable', 'HINCRBYFLOAT checks lengths when it sets');
    await r.hset('f', fields(3));
    await r.hset('f', ...Array<string>(1026).fill('f0'));
    assert.equal(await enc('f'), 'hashtable', 'HSET converts up front on its argument count');
  });

  it('conversions follow CONFIG SET (and the old ziplist names)', async () => {
    await r.config('SET', 'hash-max-ziplist-entries', '2');
    await r.hset('a', 'x', '1', 'y', '2');
    assert.equal(await enc('a'), 'listpack');
    await r.hset('a', 'z', '3');
    assert.equal(await enc('a'), 'hashtable');
    await r.config('SET', 'hash-max-listpack-value', '3');
    await r.hset('b', 'abc', '123');
    assert.equal(await enc('b'), 'listpack');
    await r.hincrby('b', 'abc', 1000);
    assert.equal(await enc('b'), 'hashtable', 'a counter growing past the value limit converts');
  });

  it('keyspace events and dirty counts', async () => {
    const ks = s.server.keyspace;
    let d = ks.dirty;
    await r.hset('h', 'a', '1', 'b', '2');
    assert.equal(ks.dirty - d, 2);
    d = ks.dirty;
    await r.hsetnx('h', 'a', 'x');
    assert.equal(ks.dirty - d, 0);
    await r.hsetnx('h', 'c', 'x');
    await r.hmset('h', 'd', '4');
    await r.hincrby('h', 'a', 1);
    await r.hincrbyfloat('h', 'a', '0.5');
    await r.hdel('h', 'nope');
    await r.hdel('h', 'a', 'b');
    await r.hdel('h', 'c', 'd');
    assert.deepEqual(events.filter((e) => !e.startsWith('m:')), [
      'h:hset:h', 'h:hset:h', 'h:hset:h', 'h:hincrby:h', 'h:hincrbyfloat:h', 'h:hdel:h', 'h:hdel:h', 'g:del:h',
    ]);
  });

  it('WRONGTYPE and argument errors', async () => {
    await r.set('str', 'v');
    for (const args of [
      ['HSET', 'str', 'a', '1'], ['HGET', 'str', 'a'], ['HMGET', 'str', 'a'], ['HDEL', 'str', 'a'], ['HLEN', 'str'],
      ['HGETALL', 'str'], ['HINCRBY', 'str', 'a', '1'], ['HINCRBYFLOAT', 'str', 'a', '1'], ['HRANDFIELD', 'str', '1'],
      ['HSCAN', 'str', '0'], ['HSTRLEN', 'str', 'a'], ['HEXISTS', 'str', 'a'],
    ]) {
      await assert.rejects(r.call(args[0]!, ...args.slice(1)), { message: ERR_WRONGTYPE }, args.join(' '));
    }
    await assert.rejects(r.call('HSET', 'h', 'a', '1', 'b'), { message: errArity('hset') });
    await assert.rejects(r.call('HMSET', 'h', 'a'), { message: errArity('hmset') });
    await assert.rejects(r.call('HRANDFIELD', 'h', '1', 'WITHSCORES'), { message: ERR_SYNTAX });
    await assert.rejects(r.call('HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES'), { message: 'ERR value is out of range' });
  });

  it('RESP3: HGETALL is a map, HRANDFIELD WITHVALUES nested pairs (node-redis and raw)', async () => {
    await r.hset('h', 'a', '1', 'b', '2');
    const c = await RawConnection.connect(s.port);
    try {
      await c.call('HELLO', '3');
      c.send('HGETALL', 'h');
      assert.equal(await c.readRaw(), '%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n');
      c.send('HGETALL', 'none');
      assert.equal(await c.readRaw(), '%0\r\n');
      c.send('HRANDFIELD', 'h', '5', 'WITHVALUES');
      assert.equal(await c.readRaw(), '*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n');
      c.send('HRANDFIELD', 'h', '-3', 'WITHVALUES');
      assert.ok((await c.readRaw()).startsWith('*3\r\n*2\r\n'));
      c.send('HGET', 'h', 'zz');
      assert.equal(await c.readRaw(), '_\r\n');
    } finally {
      c.close();
    }
    assert.deepEqual(await r.call('HRANDFIELD', 'h', '5', 'WITHVALUES'), ['a', '1', 'b', '2'], 'RESP2 is flat');
    const n = createClient({ socket: { port: s.port, host: '127.0.0.1' }, RESP: 3 });
    await n.connect();
    try {
      assert.equal(await n.hSet('n', { x: '1', y: '2' }), 2);
      assert.deepEqual({ ...(await n.hGetAll('n')) }, { x: '1', y: '2' });
      assert.equal(await n.hGet('n', 'x'), '1');
      assert.equal(await n.hIncrBy('n', 'x', 2), 3);
      assert.equal(await n.hLen('n'), 2);
      assert.deepEqual(await n.hKeys('n'), ['x', 'y']);
    } finally {
      n.destroy();
    }
  });
});
