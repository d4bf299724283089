// Small string values kept off the heap (store/string-slab.ts), over a real socket: whatever the
// commands do to a key, its record is freed or turned back into an object exactly once, values keep
// their bytes, encodings and LRU clocks, and each database's slab moves with its data. The replies
// themselves are compared with real Redis by string-diff.test.ts; this checks the bookkeeping
// behind them, which only the server's own state shows.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Database } from '../src/store/database.ts';
import { ManualClock, RawConnection, startServer, type Started } from './helpers/server.ts';

/** Keys whose value is a slab handle; asserts the slab holds exactly those records. */
function slabbed(db: Database): string[] {
  const keys: string[] = [];
  db.dict.forEach((v, k) => {
    if (typeof v === 'number') keys.push(k);
  });
  assert.equal(db.slab.size, keys.length, 'one live record per handle in the dict');
  return keys.sort();
}

describe('small strings off the heap', () => {
  let s: Started;
  let c: RawConnection;
  const clock = new ManualClock();
  const db = (i = 0): Database => s.server.keyspace.dbs[i]!;
  before(async () => {
    s = await startServer({ clock, config: { 'enable-debug-command': 'yes' } });
    c = await RawConnection.connect(s.port);
  });
  after(async () => {
    c.close();
    await s.stop();
  });
  beforeEach(async () => {
    await c.call('FLUSHALL');
    await c.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
  });

  it('SET, MSET, SETEX, GETSET keep values up to 44 bytes in the slab, byte for byte', async () => {
    const binary = Buffer.from([0, 255, 13, 10, 36, 42, 128, 1]);
    assert.equal(await c.call('SET', 'bin', binary), 'OK');
    assert.equal(await c.call('SET', 'int', '12345'), 'OK');
    assert.equal(await c.call('SET', 'e', ''), 'OK');
    assert.equal(await c.call('SET', 'x44', 'x'.repeat(44)), 'OK');
    assert.equal(await c.call('SET', 'x45', 'x'.repeat(45)), 'OK');
    assert.equal(await c.call('MSET', 'm1', 'a', 'm2', '-7'), 'OK');
    assert.equal(await c.call('SETEX', 'ttl', '100', 'v'), 'OK');
    assert.equal(await c.call('GETSET', 'm1', 'b'), 'a');
    assert.equal(await c.call('APPEND', 'ap', 'xy'), 2); // a new key's value, stored as SET would
    assert.deepEqual(slabbed(db()), ['ap', 'bin', 'e', 'int', 'm1', 'm2', 'ttl', 'x44']);
    assert.equal(await c.call('GET', 'bin'), binary.toString('latin1'));
    assert.equal(await c.call('GET', 'e'), '');
    assert.equal(await c.call('GET', 'x44'), 'x'.repeat(44));
    assert.deepEqual(await c.call('MGET', 'm1', 'm2', 'nope', 'x45', 'int'), ['b', '-7', null, 'x'.repeat(45), '12345']);
    assert.equal(await c.call('TTL', 'ttl'), 100);
    assert.equal(await c.call('SET', 'ap', 'z', 'GET'), 'xy');
    // GET, MGET and SET's GET read the records in place.
    assert.deepEqual(slabbed(db()), ['ap', 'bin', 'e', 'int', 'm1', 'm2', 'ttl', 'x44']);
  });

  it('commands that change a value see an object: the record becomes one, with the encoding SET gave it', async () => {
    await c.call('MSET', 'i', '10', 'e', 'hello', 'a', 'xy', 'r', 'abc', 't', 'abc');
    assert.equal(await c.call('INCR', 'i'), 11);
    assert.equal(await c.call('APPEND', 'a', 'z'), 3);
    assert.equal(await c.call('OBJECT', 'ENCODING', 'a'), 'raw');
    assert.equal(await c.call('SETRANGE', 'r', '1', 'Z'), 3);
    assert.match((await c.call('DEBUG', 'OBJECT', 't')) as string, /encoding:embstr/); // DEBUG OBJECT makes one
    assert.equal(await c.call('OBJECT', 'ENCODING', 't'), 'embstr');
    assert.deepEqual(await c.call('MGET', 'i', 'e', 'a', 'r', 't'), ['11', 'hello', 'xyz', 'aZc', 'abc']);
    assert.deepEqual(slabbed(db()), ['e']);
    // Setting again puts the value back in the slab.
    await c.call('SET', 'a', 'new');
    assert.deepEqual(slabbed(db()), ['a', 'e']);
    // Existence or type alone leaves a record as it is: EXISTS, TTL, EXPIRE, PERSIST, TOUCH, TYPE,
    // SCAN's TYPE filter.
    assert.equal(await c.call('TYPE', 'a'), 'string');
    assert.deepEqual(await c.call('SCAN', '0', 'MATCH', 'a', 'TYPE', 'string'), ['0', ['a']]);
    assert.deepEqual(await c.call('SCAN', '0', 'MATCH', 'a', 'TYPE', 'list'), ['0', []]);
    assert.equal(await c.call('EXISTS', 'a'), 1);
    assert.equal(await c.call('EXPIRE', 'a', '100'), 1);
    assert.equal(await c.call('TTL', 'a'), 100);
    assert.equal(await c.call('PERSIST', 'a'), 1);
    assert.equal(await c.call('TOUCH', 'a'), 1);
    assert.deepEqual(slabbed(db()), ['a', 'e']);
    assert.match(String(await c.call('LPUSH', 'a', 'x').catch((e: unknown) => e)), /WRONGTYPE Operation against a key/);
    assert.equal(await c.call('GET', 'a'), 'new');
  });

  it('commands that only read a value leave the record: STRLEN, GETRANGE, OBJECT, MEMORY USAGE...', async () => {
    await c.call('MSET', 'i', '10', 'big', '123456789012345678901', 'e', 'hello', 'm', 'hello');
    await c.call('DEBUG', 'OBJECT', 'm'); // m: the same value, as an object
    assert.deepEqual(slabbed(db()), ['big', 'e', 'i']);
    assert.equal(await c.call('OBJECT', 'ENCODING', 'i'), 'int');
    assert.equal(await c.call('OBJECT', 'ENCODING', 'big'), 'embstr'); // past int64: not an integer
    assert.equal(await c.call('OBJECT', 'ENCODING', 'e'), 'embstr');
    assert.equal(await c.call('OBJECT', 'REFCOUNT', 'i'), 2147483647); // a shared integer, as in Redis
    assert.equal(await c.call('OBJECT', 'REFCOUNT', 'e'), 1);
    assert.equal(await c.call('OBJECT', 'IDLETIME', 'e'), 0);
    assert.equal(await c.call('STRLEN', 'e'), 5);
    assert.equal(await c.call('STRLEN', 'i'), 2);
    assert.equal(await c.call('GETRANGE', 'e', '1', '-2'), 'ell');
    assert.equal(await c.call('GETRANGE', 'i', '-1', '100'), '0');
    assert.equal(await c.call('SUBSTR', 'e', '0', '0'), 'h');
    assert.equal(await c.call('MEMORY', 'USAGE', 'e'), await c.call('MEMORY', 'USAGE', 'm'));
    assert.equal(await c.call('GETEX', 'e'), 'hello');
    assert.equal(await c.call('GETEX', 'e', 'EX', '100'), 'hello');
    assert.equal(await c.call('GETEX', 'e', 'PERSIST'), 'hello');
    assert.equal(await c.call('GETBIT', 'e', '1'), 1);
    assert.equal(await c.call('BITCOUNT', 'e'), 21);
    assert.equal(await c.call('BITPOS', 'i', '0'), 0);
    assert.deepEqual(await c.call('BITFIELD_RO', 'e', 'GET', 'u8', '0'), [104]);
    assert.equal(await c.call('BITOP', 'OR', 'dest', 'e', 'i'), 5);
    assert.equal(await c.call('LCS', 'e', 'm'), 'hello');
    await c.call('RPUSH', 'l', 'e', 'i');
    assert.deepEqual(await c.call('SORT', 'l', 'BY', 'nosort', 'GET', '*'), ['hello', '10']);
    assert.deepEqual(slabbed(db()), ['big', 'e', 'i']);
  });

  it('every removal and replacement frees the record', async () => {
    await c.call('MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5', 'f', '6', 'g', '7');
    await c.call('SET', 'a', 'longer value, another class');
    await c.call('SET', 'b', 'y'.repeat(100));
    await c.call('DEL', 'c');
    await c.call('UNLINK', 'd');
    await c.call('GETDEL', 'e');
    await c.call('RPUSH', 'list', 'x');
    await c.call('RENAME', 'list', 'f'); // replaces f's value with a list
    await c.call('PEXPIRE', 'g', '10');
    clock.advance(20);
    assert.equal(await c.call('GET', 'g'), null); // lazily expired
    assert.deepEqual(slabbed(db()), ['a']);
    assert.equal(db().slab.usedBytes, 32); // "longer value, another class": 28 bytes + header
    await c.call('FLUSHDB');
    assert.equal(db().slab.size, 0);
  });

  it('a BITFIELD refused over a logically expired record (expiry paused) frees the record', async () => {
    await c.call('SET', 'k', 'v', 'PX', '10');
    clock.advance(20);
    // Inside EXEC the pause applies to the commands after it: BITFIELD finds k expired but kept.
    await c.call('MULTI');
    await c.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    await c.call('BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '5');
    const replies = (await c.call('EXEC')) as unknown[];
    await c.call('CLIENT', 'UNPAUSE');
    assert.deepEqual(replies, ['OK', [null]]);
    assert.deepEqual(slabbed(db()), []); // the record the zero-filled value replaced was freed
  });

  it('RENAME adds the new key before it removes the old one, as Redis: the table grows and shrinks as it would', async () => {
    await c.call('MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4'); // a full table of 4 buckets
    await c.call('RENAME', 'a', 'e');
    assert.equal(Math.max(...db().dict.buckets), 8, 'a fifth key grew it');
    await c.call('FLUSHALL');
    for (let i = 0; i <= 16; i++) await c.call('SET', `k${i}`, 'v');
    for (let i = 4; i <= 16; i++) await c.call('DEL', `k${i}`);
    while (db().dict.rehashing) db().dict.rehashMilliseconds(10);
    assert.deepEqual(db().dict.buckets, [32, 0]); // 4 keys: not under an eighth of 32
    await c.call('RENAME', 'k0', 'z');
    assert.deepEqual(db().dict.buckets, [32, 0], 'never 3 keys: no shrink');
    assert.deepEqual(slabbed(db()), ['k1', 'k2', 'k3', 'z']);
  });

  it('under LFU, RENAME onto a logically expired key (expiry paused) hands its counter on, as COPY does', async () => {
    await c.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    await c.call('CONFIG', 'SET', 'lfu-log-factor', '0'); // every access counts
    try {
      await c.call('SET', 'dst', 'w', 'PX', '10');
      for (let i = 0; i < 20; i++) await c.call('GET', 'dst');
      await c.call('SET', 'src', 'v');
      clock.advance(20);
      await c.call('MULTI');
      await c.call('CLIENT', 'PAUSE', '100000', 'WRITE');
      await c.call('RENAME', 'src', 'dst');
      await c.call('OBJECT', 'FREQ', 'dst');
      const replies = (await c.call('EXEC')) as unknown[];
      await c.call('CLIENT', 'UNPAUSE');
      assert.deepEqual(replies, ['OK', 'OK', 25]);
    } finally {
      await c.call('CONFIG', 'SET', 'lfu-log-factor', '10');
    }
  });

  it('SET drops the TTL of a slab value, and KEEPTTL keeps it', async () => {
    await c.call('SET', 'k', 'v', 'EX', '100');
    await c.call('SET', 'k', 'w', 'KEEPTTL');
    assert.equal(await c.call('TTL', 'k'), 100);
    await c.call('SET', 'k', 'x');
    assert.equal(await c.call('TTL', 'k'), -1);
    assert.equal(await c.call('SET', 'k', 'y', 'NX'), null);
    assert.equal(await c.call('SET', 'k', 'z', 'XX', 'GET'), 'x');
    assert.equal(await c.call('GET', 'k'), 'z');
    assert.deepEqual(slabbed(db()), ['k']);
  });

  it('keeps the LRU clock in the record: GET and SET NX touch it, NO-TOUCH does not', async () => {
    await c.call('SET', 'k', 'v');
    await c.call('SET', 'n', 'v');
    clock.advance(10_000);
    await c.call('GET', 'k');
    assert.equal(await c.call('SET', 'n', 'w', 'NX'), null); // Redis's lookupKeyWrite touches it
    clock.advance(3_000);
    assert.deepEqual(slabbed(db()), ['k', 'n']);
    const quiet = await RawConnection.connect(s.port);
    await quiet.call('CLIENT', 'NO-TOUCH', 'ON');
    await quiet.call('GET', 'k');
    quiet.close();
    assert.equal(await c.call('OBJECT', 'IDLETIME', 'k'), 3);
    assert.equal(await c.call('OBJECT', 'IDLETIME', 'n'), 3);
  });

  it('under an LFU policy, values are objects and counters carry over', async () => {
    await c.call('SET', 'old', 'v'); // stored while the policy is LRU
    await c.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    assert.equal(await c.call('OBJECT', 'FREQ', 'old'), 5); // LFU_INIT_VAL: never accessed under LFU
    await c.call('SET', 'k', 'v');
    for (let i = 0; i < 50; i++) await c.call('GET', 'k');
    const freq = (await c.call('OBJECT', 'FREQ', 'k')) as number;
    assert.ok(freq > 5, `counter grew to ${freq}`);
    await c.call('SET', 'k', 'w');
    // A plain SET hands the counter on. Its write lookup is an access too (Redis's lookupKeyWrite),
    // which may add one: with probability 1 / ((freq - 5) * 10 + 1), as Redis's LFULogIncr.
    const after = (await c.call('OBJECT', 'FREQ', 'k')) as number;
    assert.ok(after === freq || after === freq + 1, `counter ${freq} -> ${after}`);
    // OBJECT does not touch: the record made before the switch stays one until an access.
    assert.deepEqual(slabbed(db()), ['old']);
    await c.call('GET', 'old');
    assert.deepEqual(slabbed(db()), []);
    assert.equal(await c.call('OBJECT', 'FREQ', 'old'), 6); // LFU_INIT_VAL + 1: the first access always counts
  });

  it('each database keeps its own slab: SWAPDB, MOVE and COPY; RENAME moves the record', async () => {
    await c.call('MSET', 'a', '1', 'b', '2', 'c', 'three', 'd', 'four');
    await c.call('SELECT', '1');
    await c.call('SET', 'z', '26');
    await c.call('SWAPDB', '0', '1');
    assert.deepEqual(slabbed(db(0)), ['z']);
    assert.deepEqual(slabbed(db(1)), ['a', 'b', 'c', 'd']);
    assert.equal(await c.call('GET', 'a'), '1'); // this connection is on db 1
    await c.call('PEXPIRE', 'a', '5000');
    clock.advance(1000);
    assert.equal(await c.call('MOVE', 'a', '0'), 1);
    assert.equal(await c.call('COPY', 'b', 'b2', 'DB', '0'), 1);
    assert.equal(await c.call('COPY', 'c', 'b2', 'DB', '0', 'REPLACE'), 1); // frees b2's record
    assert.equal(await c.call('RENAME', 'b', 'bb'), 'OK');
    assert.equal(await c.call('RENAME', 'bb', 'd'), 'OK'); // frees d's record
    assert.deepEqual(slabbed(db(1)), ['c', 'd']);
    assert.deepEqual(await c.call('MGET', 'c', 'd'), ['three', '2']);
    await c.call('SELECT', '0');
    assert.deepEqual(slabbed(db(0)), ['a', 'b2', 'z']);
    assert.deepEqual(await c.call('MGET', 'a', 'b2', 'z'), ['1', 'three', '26']);
    assert.equal(await c.call('PTTL', 'a'), 4000); // the TTL moved with the key
    assert.equal(await c.call('OBJECT', 'ENCODING', 'a'), 'int');
    assert.equal(await c.call('RENAMENX', 'a', 'z'), 0);
    assert.equal(await c.call('RENAMENX', 'a', 'y'), 1);
    assert.equal(await c.call('PTTL', 'y'), 4000);
    assert.deepEqual(slabbed(db(0)), ['b2', 'y', 'z']);
    await c.call('FLUSHALL');
    assert.equal(db(0).slab.size + db(1).slab.size, 0);
  });
});
