// The client library over real sockets: against the real redis-server (every feature) and against
// Respite (the commands it has). RESP2 and RESP3, binary safety, pipelines, transactions, pub/sub,
// reconnect, timeouts, URLs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createClient, RespiteClient } from '../src/client/client.ts';
import { ConnectionError, TimeoutError } from '../src/client/errors.ts';
import { generate } from '../src/client/gen-commands.ts';
import { RequestBuffer } from '../src/client/request-buffer.ts';
import { parseRedisUrl } from '../src/client/url.ts';
import { ReplyError, ReplyReader } from '../src/protocol/reply-reader.ts';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { startServer, type Started } from './helpers/server.ts';

describe('client library against the real redis-server', { skip: SKIP_NO_REDIS }, () => {
  let redis: RealRedis;
  before(async () => {
    redis = await startRealRedis();
  });
  after(() => redis.stop());

  it('sends typed commands and decodes replies (RESP2)', async () => {
    const c = await createClient({ port: redis.port });
    assert.equal(await c.set('s', 'héllo'), 'OK');
    assert.equal(await c.get('s'), 'héllo');
    assert.equal(await c.strlen('s'), 6);
    assert.equal(await c.get('missing'), null);
    assert.equal(await c.incrby('n', 5), 5);
    assert.deepEqual(await c.send(['MGET', 's', 'missing']), ['héllo', null]);
    await c.hset('h', 'f', 'v');
    assert.deepEqual(await c.hgetall('h'), ['f', 'v']);
    assert.equal(await c.clientSetname('me'), 'OK');
    assert.equal(await c.clientGetname(), 'me');
    await c.quit();
    assert.equal(c.state, 'end');
  });

  it('speaks RESP3 through HELLO: maps, sets, doubles, booleans, null', async () => {
    const c = await createClient({ port: redis.port, protocol: 3, name: 'r3' });
    await c.hset('h3', 'a', '1');
    assert.deepEqual(await c.hgetall('h3'), new Map([['a', '1']]));
    await c.sadd('set3', 'x');
    const set = await c.smembers('set3');
    assert.deepEqual((set as { items: unknown[] }).items, ['x']);
    await c.zadd('z3', 1.5, 'm');
    assert.equal(await c.zscore('z3', 'm'), 1.5);
    assert.equal(await c.get('nothing'), null);
    assert.equal(await c.clientGetname(), 'r3');
    await c.quit();
  });

  it('is binary safe in Buffer mode and with latin1 strings', async () => {
    const bytes = Buffer.from([0, 255, 13, 10, 0xc3, 0x28]);
    const c = await createClient({ port: redis.port, buffers: true });
    await c.set(Buffer.from([1, 2, 200]), bytes);
    assert.deepEqual(await c.get(Buffer.from([1, 2, 200])), bytes);
    const l = await createClient({ port: redis.port, encoding: 'latin1' });
    assert.equal(await l.get('\x01\x02\xc8'), bytes.toString('latin1'));
    assert.deepEqual(await l.sendBuffers(['GET', '\x01\x02\xc8']), bytes);
    await c.quit();
    await l.quit();
  });

  it('rejects error replies with a typed ReplyError carrying the code', async () => {
    const c = await createClient({ port: redis.port });
    await c.set('str', 'x');
    await assert.rejects(c.lpush('str', 'a'), (e: unknown) => e instanceof ReplyError && e.code === 'WRONGTYPE');
    await assert.rejects(c.send(['NOSUCHCMD']), (e: unknown) => e instanceof ReplyError && e.code === 'ERR');
    assert.equal(await c.ping(), 'PONG');
    await c.quit();
  });

  it('pipelines automatically: commands of one tick leave in one write', async () => {
    const c = await createClient({ port: redis.port });
    const info0 = (await c.info('stats')) as string;
    const reads = (s: string): number => Number(/total_net_input_bytes:(\d+)/.exec(s)![1]);
    const before = reads(info0);
    const ps: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) ps.push(c.incr('auto'));
    const out = await Promise.all(ps);
    assert.deepEqual(out.slice(-2), [199, 200]);
    assert.ok(reads((await c.info('stats')) as string) > before);
    await c.quit();
  });

  it('runs explicit pipelines and MULTI/EXEC, with errors as values', async () => {
    const c = await createClient({ port: redis.port });
    const replies = await c.pipeline().set('p', '1').incr('p').lpush('p', 'x').get('p').exec();
    assert.equal(replies[0], 'OK');
    assert.equal(replies[1], 2);
    assert.ok(replies[2] instanceof ReplyError);
    assert.equal(replies[3], '2');
    const tx = await c.multi().set('t', '5').incr('t').lpush('t', 'x').exec();
    assert.equal(tx![0], 'OK');
    assert.equal(tx![1], 6);
    assert.ok(tx![2] instanceof ReplyError);
    await assert.rejects(c.multi().send(['SET', 't']).exec(), (e: unknown) => e instanceof ReplyError && e.code === 'EXECABORT');
    // A WATCHed key changed by another client: EXEC answers null.
    const other = await createClient({ port: redis.port });
    await c.watch('w');
    await other.set('w', 'changed');
    assert.equal(await c.multi().set('w', 'mine').exec(), null);
    await other.quit();
    await c.quit();
  });

  it('delivers pub/sub messages in RESP2 and RESP3', async () => {
    for (const protocol of [2, 3] as const) {
      const pub = await createClient({ port: redis.port });
      const sub = await createClient({ port: redis.port, protocol });
      const got: string[] = [];
      sub.on('message', (ch: string, m: string) => got.push(`${ch}:${m}`));
      sub.on('pmessage', (p: string, ch: string, m: string) => got.push(`${p}|${ch}:${m}`));
      assert.equal(await sub.subscribe('a', 'b'), 2);
      assert.equal(await sub.psubscribe('n*'), 3);
      await pub.publish('a', '1');
      await pub.publish('news', '2');
      assert.deepEqual(await sub.ping(), protocol === 2 ? ['pong', ''] : 'PONG');
      assert.deepEqual(got, ['a:1', 'n*|news:2']);
      assert.equal(await sub.unsubscribe(), 1);
      assert.equal(await sub.punsubscribe(), 0);
      assert.equal(await sub.set('after', 'ok'), 'OK');
      await pub.quit();
      await sub.quit();
    }
  });

  it('follows SELECT and reconnects with backoff, resubscribing', async () => {
    const c = await createClient({ port: redis.port, retryStrategy: () => 10 });
    const admin = await createClient({ port: redis.port });
    await c.select(3);
    await c.set('indb3', 'y');
    assert.equal(c.db, 3);
    const events: string[] = [];
    c.on('reconnecting', () => events.push('reconnecting'));
    const ready = new Promise<void>((r) => c.once('ready', () => r()));
    await c.clientSetname('victim');
    await admin.send(['CLIENT', 'KILL', 'SKIPME', 'yes', 'TYPE', 'normal']);
    await ready;
    assert.deepEqual(events, ['reconnecting']);
    assert.equal(await c.get('indb3'), 'y');
    const sub = await createClient({ port: redis.port, retryStrategy: () => 10 });
    await sub.subscribe('again');
    const ready2 = new Promise<void>((r) => sub.once('ready', () => r()));
    await admin.send(['CLIENT', 'KILL', 'SKIPME', 'yes', 'TYPE', 'pubsub']);
    await ready2;
    const msg = new Promise<string>((r) => sub.once('message', (_ch: string, m: string) => r(m)));
    // The resubscription is in flight with the handshake; a publish lands once it is confirmed.
    for (let i = 0; i < 50 && Number(await admin.publish('again', 'x')) === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(await msg, 'x');
    await sub.quit();
    await c.quit();
    await admin.quit();
  });

  it('iterates keys with SCAN and follows MONITOR', async () => {
    const c = await createClient({ port: redis.port, db: 5 });
    for (let i = 0; i < 30; i++) await c.set(`scan:${i}`, 'x');
    await c.set('other', 'y');
    const keys: unknown[] = [];
    for await (const k of c.scanIterator({ match: 'scan:*', count: 7 })) keys.push(k);
    assert.equal(new Set(keys).size, 30);
    const mon = await createClient({ port: redis.port });
    const line = new Promise<string>((r) => mon.on('monitor', (l: string) => r(l)));
    await mon.monitor();
    await c.get('watched');
    assert.match(await line, /^\d+\.\d+ \[5 127\.0\.0\.1:\d+\] "GET" "watched"$/);
    mon.disconnect();
    await c.quit();
  });

  it('authenticates from a URL with user, password and db', async () => {
    const admin = await createClient({ port: redis.port });
    await admin.configSet('requirepass', 's3cret');
    try {
      const c = await createClient(`redis://default:s3cret@127.0.0.1:${redis.port}/2`);
      assert.equal(await c.ping(), 'PONG');
      assert.equal(c.db, 2);
      await c.quit();
      const bad = new RespiteClient({ port: redis.port, password: 'wrong', lazyConnect: true });
      await assert.rejects(bad.connect(), (e: unknown) => e instanceof ReplyError && e.code === 'WRONGPASS');
      assert.equal(bad.state, 'end');
    } finally {
      await admin.configSet('requirepass', '');
      await admin.quit();
    }
  });
});

describe('client library against Respite', () => {
  let s: Started;
  before(async () => {
    s = await startServer();
  });
  after(() => s.stop());

  it('talks to Respite over TCP in RESP2 and RESP3', async () => {
    for (const protocol of [2, 3] as const) {
      const c = await createClient({ port: s.port, protocol });
      assert.equal(await c.set('k', 'v'), 'OK');
      assert.equal(await c.get('k'), 'v');
      assert.equal(await c.ping(), 'PONG');
      await c.quit();
    }
  });

  it('connects over a Unix socket', async () => {
    const path = `/tmp/respite-client-test-${process.pid}.sock`;
    const u = await startServer({ config: { unixsocket: path } } as Parameters<typeof startServer>[0]);
    try {
      const c = await createClient({ path });
      assert.equal(await c.ping(), 'PONG');
      await c.quit();
      assert.deepEqual(parseRedisUrl(`unix://${path}?db=1`), { path, db: 1 });
    } finally {
      await u.stop();
    }
  });
});

describe('client library without a server', () => {
  it('has commands.generated.ts up to date with the command facts', () => {
    const committed = readFileSync(new URL('../src/client/commands.generated.ts', import.meta.url), 'utf8');
    assert.equal(committed, generate(), 'run: node src/client/gen-commands.ts');
  });

  it('reads replies split at any byte, and big replies fed in many chunks', () => {
    const wire = Buffer.from(
      '+OK\r\n:-12\r\n$5\r\nhe\r\nl\r\n*3\r\n$1\r\na\r\n*-1\r\n%1\r\n+k\r\n~2\r\n#t\r\n,1.5\r\n' +
      '_\r\n(12345678901234567890\r\n:9007199254740993\r\n-ERR bad\r\n>2\r\n+a\r\n+b\r\n|1\r\n+x\r\n+y\r\n+after\r\n', 'latin1');
    const whole = new ReplyReader();
    whole.feed(wire);
    const expected = [];
    for (let v = whole.next(); v !== undefined; v = whole.next()) expected.push(v);
    assert.equal(expected.length, 10);
    for (let cut = 1; cut < wire.length; cut++) {
      const r = new ReplyReader();
      const got = [];
      for (const part of [wire.subarray(0, cut), wire.subarray(cut)]) {
        r.feed(part);
        for (let v = r.next(); v !== undefined; v = r.next()) got.push(v);
      }
      assert.deepEqual(got, expected, `split at ${cut}`);
    }
    const big = new ReplyReader();
    const items = Array.from({ length: 5000 }, (_, i) => `item-${i}`);
    const bytes = Buffer.concat([Buffer.from('*5000\r\n'), ...items.map((x) => Buffer.from(`$${x.length}\r\n${x}\r\n`))]);
    let result;
    for (let i = 0; i < bytes.length; i += 1000) {
      big.feed(bytes.subarray(i, i + 1000));
      result ??= big.next();
    }
    assert.deepEqual(result, items);
  });

  it('encodes utf8, latin1, numbers and Buffers into one write', () => {
    const b = new RequestBuffer('utf8');
    b.add(['SET', 'é', 12]);
    b.add(['SET', Buffer.from([0xff]), 'x']);
    assert.equal(b.count, 2);
    const expected = Buffer.concat([
      Buffer.from('*3\r\n$3\r\nSET\r\n$2\r\n'), Buffer.from('é'), Buffer.from('\r\n$2\r\n12\r\n*3\r\n$3\r\nSET\r\n$1\r\n'),
      Buffer.from([0xff]), Buffer.from('\r\n$1\r\nx\r\n'),
    ]);
    assert.deepEqual(b.take(), expected);
    const l = new RequestBuffer('latin1');
    l.add(['GET', '\xff']);
    assert.equal(l.take(), '*2\r\n$3\r\nGET\r\n$1\r\n\xff\r\n');
    assert.equal(l.take(), null);
  });

  it('parses URLs', () => {
    assert.deepEqual(parseRedisUrl('redis://u:p%40ss@h:7000/3'), { tls: false, host: 'h', port: 7000, db: 3, username: 'u', password: 'p@ss' });
    assert.deepEqual(parseRedisUrl('rediss://:pw@example.com'), { tls: true, host: 'example.com', password: 'pw' });
    assert.throws(() => parseRedisUrl('http://x'));
  });

  it('times out commands and gives up reconnecting when told to', async () => {
    // A server that accepts and never answers.
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as net.AddressInfo).port;
    const c = new RespiteClient({ port, protocol: 2, commandTimeout: 30, retryStrategy: () => null });
    await c.connect();
    await assert.rejects(c.ping(), TimeoutError);
    c.disconnect();
    await assert.rejects(c.ping(), ConnectionError);
    silent.close();
    const refused = new RespiteClient({ port, retryStrategy: () => null, lazyConnect: true });
    await assert.rejects(refused.connect(), ConnectionError);
  });
});
