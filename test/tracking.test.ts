// Client-side caching over real sockets: invalidation frames byte for byte (RESP3 pushes, RESP2
// redirects, flushes, BCAST batches, NOLOOP, OPTIN/OPTOUT, broken redirects, the table limit),
// CLIENT LIST flags, RESET and disconnect cleanup, and node-redis's client-side cache used as a
// user would.

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createClient, BasicClientSideCache } from 'redis';
import { allHandlers } from '../src/commands/families.ts';
import { encodeCommand, ReplyError, RespSet, Verbatim, type ReplyValue } from '../src/protocol/reply-reader.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';

const inv = (...keys: string[]): string =>
  `>2\r\n$10\r\ninvalidate\r\n*${keys.length}\r\n${keys.map((k) => `$${k.length}\r\n${k}\r\n`).join('')}`;
const INV_ALL = '>2\r\n$10\r\ninvalidate\r\n_\r\n';

async function resp3(port: number): Promise<RawConnection> {
  const c = await RawConnection.connect(port);
  await c.call('HELLO', '3');
  return c;
}

function text(v: ReplyValue): string {
  if (v instanceof Verbatim) return v.text;
  assert.equal(typeof v, 'string');
  return v as string;
}

/** The next frame is PONG: nothing (no push) was sent before it. */
async function nothingPending(c: RawConnection): Promise<void> {
  c.send('PING');
  assert.equal(await c.readRaw(), '+PONG\r\n');
}

describe('CLIENT TRACKING: invalidation', () => {
  let s: Started;
  let a: RawConnection;
  let b: RawConnection;
  beforeEach(async () => {
    s = await startServer();
    a = await resp3(s.port);
    b = await RawConnection.connect(s.port);
  });
  afterEach(async () => {
    a.close();
    b.close();
    await s.stop();
  });

  it('pushes an invalidation when another client changes a key read by a RESP3 client', async () => {
    assert.equal(await a.call('CLIENT', 'TRACKING', 'ON'), 'OK');
    assert.equal(await a.call('GET', 'k'), null);
    await b.call('SET', 'k', 'v');
    assert.equal(await a.readRaw(), inv('k'));
    // The key is forgotten once invalidated: a second change says nothing until it is read again.
    await b.call('SET', 'k', 'w');
    await nothingPending(a);
    await a.call('MGET', 'k', 'x');
    await b.call('DEL', 'x');
    await b.call('SET', 'x', '1');
    assert.equal(await a.readRaw(), inv('x'));
  });

  it('sends the own change after the reply, and nothing with NOLOOP', async () => {
    await a.call('CLIENT', 'TRACKING', 'ON');
    await a.call('GET', 'k');
    a.send('SET', 'k', 'v');
    assert.equal(await a.readRaw(), '+OK\r\n');
    assert.equal(await a.readRaw(), inv('k'));
    await a.call('CLIENT', 'TRACKING', 'ON', 'NOLOOP');
    await a.call('GET', 'k');
    assert.equal(await a.call('SET', 'k', 'w'), 'OK');
    await nothingPending(a);
  });

  it('invalidates on expiry, writes of every kind and FLUSHALL (one null for all)', async () => {
    await a.call('CLIENT', 'TRACKING', 'ON');
    await b.call('SET', 'e', '1', 'PX', '1');
    await a.call('GET', 'h');
    await b.call('HSET', 'h', 'f', 'v');
    assert.equal(await a.readRaw(), inv('h'));
    await a.call('HGET', 'h', 'f');
    await b.call('FLUSHALL');
    assert.equal(await a.readRaw(), INV_ALL);
    await nothingPending(a);
    // FLUSHDB by the tracking client itself: the null follows its reply.
    await a.call('GET', 'z');
    a.send('FLUSHDB');
    assert.equal(await a.readRaw(), '+OK\r\n');
    assert.equal(await a.readRaw(), INV_ALL);
  });

  it('OPTIN tracks only after CLIENT CACHING yes, OPTOUT skips after CLIENT CACHING no', async () => {
    await a.call('CLIENT', 'TRACKING', 'ON', 'OPTIN');
    await a.call('GET', 'k');
    await b.call('SET', 'k', '1');
    await nothingPending(a);
    await a.call('CLIENT', 'CACHING', 'YES');
    await a.call('GET', 'k');
    await a.call('GET', 'j'); // the flag lasted one command
    await b.call('MSET', 'k', '2', 'j', '2');
    assert.equal(await a.readRaw(), inv('k'));
    await nothingPending(a);
    await a.call('CLIENT', 'TRACKING', 'OFF');
    await a.call('CLIENT', 'TRACKING', 'ON', 'OPTOUT');
    await a.call('CLIENT', 'CACHING', 'NO');
    await a.call('GET', 'k');
    await a.call('GET', 'j');
    await b.call('MSET', 'k', '3', 'j', '3');
    assert.equal(await a.readRaw(), inv('j'));
    await nothingPending(a);
  });

  it('BCAST sends the keys changed under each prefix in one message per event-loop turn', async () => {
    await a.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'user:', 'PREFIX', 'obj:');
    // One write, read in one event-loop turn: one batch.
    b.write(Buffer.concat([['SET', 'user:2', 'x'], ['SET', 'user:1', 'x'], ['SET', 'other', 'x'], ['DEL', 'obj:9'],
      ['SET', 'obj:9', 'x']].map((cmd) => encodeCommand(cmd))));
    for (let i = 0; i < 5; i++) await b.read();
    assert.equal(await a.readRaw(), inv('obj:9'));
    assert.equal(await a.readRaw(), inv('user:1', 'user:2'));
    // NOLOOP leaves out what the client changed itself.
    await a.call('CLIENT', 'TRACKING', 'OFF');
    await a.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'NOLOOP');
    await a.call('SET', 'mine', '1');
    await b.call('SET', 'theirs', '1');
    assert.equal(await a.readRaw(), inv('theirs'));
    // The empty prefix (no PREFIX given) covers every key: any other overlaps it.
    const err = await a.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'x');
    assert.ok(err instanceof ReplyError);
    assert.equal(err.message, "ERR Prefix 'x' overlaps with an existing prefix ''. " +
      'Prefixes for a single client must not overlap.');
    const info = await a.call('CLIENT', 'TRACKINGINFO') as Map<string, unknown>;
    assert.deepEqual(info.get('prefixes'), ['']);
  });

  it('RESP3 REDIRECT sends to the other client; a vanished one is reported as broken', async () => {
    const r = await resp3(s.port);
    const rid = await r.call('CLIENT', 'ID') as number;
    await a.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(rid));
    assert.equal(await a.call('CLIENT', 'GETREDIR'), rid);
    await a.call('GET', 'k');
    await b.call('SET', 'k', '1');
    assert.equal(await r.readRaw(), inv('k'));
    // The redirect target changing the key itself: the message follows its reply, never inside it.
    await a.call('GET', 'k');
    r.send('SET', 'k', 'mine');
    assert.equal(await r.readRaw(), '+OK\r\n');
    assert.equal(await r.readRaw(), inv('k'));
    r.close();
    await r.whenClosed();
    await new Promise((res) => setTimeout(res, 20));
    await a.call('GET', 'k');
    await b.call('SET', 'k', '2');
    assert.equal(await a.readRaw(), `>2\r\n$21\r\ntracking-redir-broken\r\n:${rid}\r\n`);
    const info = await a.call('CLIENT', 'TRACKINGINFO') as Map<string, unknown>;
    assert.deepEqual(info.get('flags'), new RespSet(['on', 'broken_redirect']));
    const line = text(await a.call('CLIENT', 'INFO'));
    assert.match(line, / flags=tR /);
    assert.match(line, new RegExp(` redir=${rid} `));
  });

  it('RESP2 REDIRECT: a message on __redis__:invalidate, only while the target is in pub/sub mode', async () => {
    const r = await RawConnection.connect(s.port);
    const rid = await r.call('CLIENT', 'ID') as number;
    await a.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(rid));
    await a.call('GET', 'k');
    await b.call('SET', 'k', '1');
    await nothingPending(r); // not subscribed: RESP2 has no way to receive it
    // Stand in for SUBSCRIBE (the pub/sub module keeps this count): the target is now subscribed.
    s.server.clients.get(rid)!.subs = 1;
    await a.call('GET', 'k');
    await b.call('SET', 'k', '2');
    assert.equal(await r.readRaw(), '*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$1\r\nk\r\n');
    await b.call('FLUSHALL');
    assert.equal(await r.readRaw(), '*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n$-1\r\n');
    s.server.clients.get(rid)!.subs = 0;
    r.close();
  });

  it('tracking-table-max-keys invalidates the oldest keys past the limit', async () => {
    await b.call('CONFIG', 'SET', 'tracking-table-max-keys', '2');
    await a.call('CLIENT', 'TRACKING', 'ON');
    await a.call('GET', 'k1');
    await a.call('GET', 'k2');
    a.send('GET', 'k3');
    assert.equal(await a.readRaw(), '_\r\n');
    assert.equal(await a.readRaw(), inv('k1'));
    const info = text(await b.call('INFO', 'stats'));
    assert.match(info, /tracking_total_keys:2\r\n/);
    // Lowering the limit applies at once.
    await b.call('CONFIG', 'SET', 'tracking-table-max-keys', '1');
    assert.equal(await a.readRaw(), inv('k2'));
  });

  it('RESET and disconnect turn tracking off; CLIENT LIST shows t and B', async () => {
    await a.call('CLIENT', 'TRACKING', 'ON', 'BCAST');
    let line = text(await a.call('CLIENT', 'INFO'));
    assert.match(line, / flags=tB .* redir=0 /);
    assert.equal(await a.call('RESET'), 'RESET');
    line = text(await a.call('CLIENT', 'INFO'));
    assert.match(line, / flags=N .* redir=-1 /);
    assert.equal(await a.call('CLIENT', 'GETREDIR'), -1);
    await b.call('SET', 'k', '1');
    await nothingPending(a);
    const info = text(await b.call('INFO', 'clients'));
    assert.match(info, /tracking_clients:0\r\n/);
  });
});

describe('CLIENT TRACKING with node-redis clientSideCache (RESP3)', () => {
  let s: Started;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.stop();
  });

  it('serves repeated reads from the cache and drops entries the server invalidates', async () => {
    const cache = new BasicClientSideCache({ ttl: 0, maxEntries: 0 });
    const client = createClient({ url: `redis://127.0.0.1:${s.port}`, RESP: 3, clientSideCache: cache });
    const writer = createClient({ url: `redis://127.0.0.1:${s.port}` });
    await client.connect();
    await writer.connect();
    try {
      await writer.set('greeting', 'hello');
      assert.equal(await client.get('greeting'), 'hello');
      assert.equal(await client.get('greeting'), 'hello');
      assert.equal(cache.stats().hitCount, 1);
      assert.equal(cache.size(), 1);
      await writer.set('greeting', 'bye');
      for (let i = 0; i < 50 && cache.size() !== 0; i++) await new Promise((r) => setTimeout(r, 5));
      assert.equal(cache.size(), 0);
      assert.equal(await client.get('greeting'), 'bye');
      await writer.flushAll();
      for (let i = 0; i < 50 && cache.size() !== 0; i++) await new Promise((r) => setTimeout(r, 5));
      assert.equal(cache.size(), 0);
    } finally {
      client.destroy();
      writer.destroy();
    }
  });
});

describe('CLIENT TRACKING with ioredis (RESP2, REDIRECT to a subscriber)', {
  skip: allHandlers().has('subscribe') ? false : 'SUBSCRIBE is not implemented yet',
}, () => {
  let s: Started;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.stop();
  });

  it('delivers invalidations on __redis__:invalidate to the redirect connection', async () => {
    const sub = new Redis({ port: s.port, lazyConnect: true });
    const data = new Redis({ port: s.port, lazyConnect: true });
    const writer = new Redis({ port: s.port, lazyConnect: true });
    await Promise.all([sub.connect(), data.connect(), writer.connect()]);
    try {
      const id = await sub.client('ID');
      const got = new Promise<[string, string]>((resolve) => sub.on('message', (ch: string, msg: string) => resolve([ch, msg])));
      await sub.subscribe('__redis__:invalidate');
      assert.equal(await data.client('TRACKING', 'ON', 'REDIRECT', String(id)), 'OK');
      await writer.set('cached', '1');
      assert.equal(await data.get('cached'), '1');
      await writer.set('cached', '2');
      const [channel, message] = await got;
      assert.equal(channel, '__redis__:invalidate');
      // The payload is an array of keys; ioredis hands a one-key array over as the key's text.
      assert.equal(`${message}`, 'cached');
    } finally {
      sub.disconnect();
      data.disconnect();
      writer.disconnect();
    }
  });
});

