// Pub/Sub over real sockets: ioredis and node-redis (RESP2 and RESP3) as users subscribe, exact
// bytes of confirmations and messages, the RESP2 subscribed context, RESP3 pushes mixed with
// replies, PUBSUB introspection, and cleanup on UNSUBSCRIBE, RESET and disconnect.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createClient } from 'redis';
import { connectIoredis, RawConnection, type Started, startServer } from './helpers/server.ts';

/** Sends a command and returns its reply's exact bytes. */
async function raw(c: RawConnection, ...args: string[]): Promise<string> {
  c.send(...args);
  return c.readRaw();
}

/** Waits until `cond` holds, a few loop turns at most (server-side cleanup runs on close events). */
async function eventually(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 2));
  assert.ok(cond());
}

describe('pub/sub', () => {
  let s: Started;
  let pub: Redis;

  before(async () => {
    s = await startServer();
    pub = await connectIoredis(s.port);
  });
  after(async () => {
    pub.disconnect();
    await s.stop();
  });

  it('ioredis: subscribe / psubscribe receive message and pmessage; PUBLISH counts receivers', async () => {
    const sub = await connectIoredis(s.port);
    try {
      assert.equal(await sub.subscribe('news', 'sport'), 2);
      assert.equal(await sub.psubscribe('n*'), 3);
      const got: string[] = [];
      sub.on('message', (ch: string, m: string) => got.push(`message ${ch} ${m}`));
      sub.on('pmessage', (p: string, ch: string, m: string) => got.push(`pmessage ${p} ${ch} ${m}`));
      assert.equal(await pub.publish('news', 'hello'), 2);
      assert.equal(await pub.publish('sport', 'goal'), 1);
      assert.equal(await pub.publish('nothing', 'x'), 1);
      assert.equal(await pub.publish('other', 'x'), 0);
      await eventually(() => got.length === 4);
      assert.deepEqual(got, ['message news hello', 'pmessage n* news hello', 'message sport goal', 'pmessage n* nothing x']);
      await sub.unsubscribe('news');
      assert.equal(await pub.publish('news', 'again'), 1); // the pattern only
      await sub.punsubscribe('n*');
      assert.equal(await pub.publish('news', 'again'), 0);
    } finally {
      sub.disconnect();
    }
  });

  it('node-redis subscribe / pSubscribe / sSubscribe in RESP2 and RESP3', async () => {
    for (const RESP of [2, 3] as const) {
      const sub = createClient({ socket: { port: s.port, host: '127.0.0.1' }, RESP });
      await sub.connect();
      try {
        const got: string[] = [];
        await sub.subscribe('c1', (m, ch) => got.push(`${ch}:${m}`));
        await sub.pSubscribe('p*', (m, ch) => got.push(`p ${ch}:${m}`));
        await sub.sSubscribe('shard', (m, ch) => got.push(`s ${ch}:${m}`));
        assert.equal(await pub.publish('c1', 'a'), 1);
        assert.equal(await pub.publish('px', 'b'), 1);
        assert.equal(await pub.call('SPUBLISH', 'shard', 'c'), 1);
        assert.equal(await pub.publish('shard', 'not-shard'), 0); // shard channels are a namespace apart
        await eventually(() => got.length === 3);
        assert.deepEqual(got, ['c1:a', 'p px:b', 's shard:c']);
        await sub.unsubscribe('c1');
        await sub.pUnsubscribe('p*');
        await sub.sUnsubscribe('shard');
        await eventually(() => s.server.pubsub.channels.size === 0 && s.server.pubsub.shardChannels.size === 0);
      } finally {
        sub.destroy();
      }
    }
  });

  it('RESP2 bytes: confirmations, messages, the null unsubscribe, PING, and the context error', async () => {
    const c = await RawConnection.connect(s.port);
    try {
      assert.equal(await raw(c, 'UNSUBSCRIBE'), '*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n');
      assert.equal(await raw(c, 'PUNSUBSCRIBE'), '*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n');
      assert.equal(await raw(c, 'SUNSUBSCRIBE'), '*3\r\n$12\r\nsunsubscribe\r\n$-1\r\n:0\r\n');
      c.send('SUBSCRIBE', 'a', 'b');
      assert.equal(await c.readRaw(), '*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n');
      assert.equal(await c.readRaw(), '*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n');
      assert.equal(await raw(c, 'SSUBSCRIBE', 's'), '*3\r\n$10\r\nssubscribe\r\n$1\r\ns\r\n:1\r\n');
      assert.equal(await raw(c, 'PSUBSCRIBE', 'a*'), '*3\r\n$10\r\npsubscribe\r\n$2\r\na*\r\n:3\r\n');
      assert.equal(await raw(c, 'PING'), '*2\r\n$4\r\npong\r\n$0\r\n\r\n');
      assert.equal(await raw(c, 'PING', 'hi'), '*2\r\n$4\r\npong\r\n$2\r\nhi\r\n');
      assert.equal(await raw(c, 'GET', 'a'), "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / " +
        'QUIT / RESET are allowed in this context\r\n');
      assert.equal(await raw(c, 'CLIENT', 'INFO'), "-ERR Can't execute 'client|info': only (P|S)SUBSCRIBE / " +
        '(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n');
      await pub.publish('a', 'x\r\ny');
      assert.equal(await c.readRaw(), '*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$4\r\nx\r\ny\r\n');
      assert.equal(await c.readRaw(), '*4\r\n$8\r\npmessage\r\n$2\r\na*\r\n$1\r\na\r\n$4\r\nx\r\ny\r\n');
      await pub.call('SPUBLISH', 's', 'z');
      assert.equal(await c.readRaw(), '*3\r\n$8\r\nsmessage\r\n$1\r\ns\r\n$1\r\nz\r\n');
      assert.equal(await raw(c, 'UNSUBSCRIBE', 'a', 'nope'), '*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:2\r\n');
      assert.equal(await c.readRaw(), '*3\r\n$11\r\nunsubscribe\r\n$4\r\nnope\r\n:2\r\n');
      // The count is channels plus patterns; the shard count is its own.
      assert.equal(await raw(c, 'SUNSUBSCRIBE'), '*3\r\n$12\r\nsunsubscribe\r\n$1\r\ns\r\n:0\r\n');
      c.send('UNSUBSCRIBE');
      assert.equal(await c.readRaw(), '*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:1\r\n');
      assert.equal(await raw(c, 'PUNSUBSCRIBE'), '*3\r\n$12\r\npunsubscribe\r\n$2\r\na*\r\n:0\r\n');
      // Out of the context again: any command, and PING's usual reply.
      assert.equal(await raw(c, 'PING'), '+PONG\r\n');
      assert.equal(await raw(c, 'GET', 'a'), '$-1\r\n');
    } finally {
      c.close();
    }
  });

  it('RESP3: pushes mixed with replies, any command allowed, PING as usual', async () => {
    const c = await RawConnection.connect(s.port);
    try {
      await c.call('HELLO', '3');
      assert.equal(await raw(c, 'SUBSCRIBE', 'ch'), '>3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n');
      assert.equal(await raw(c, 'PING'), '+PONG\r\n');
      assert.equal(await raw(c, 'SET', 'k', 'v'), '+OK\r\n');
      // Its own PUBLISH: the message is pushed before the reply, as Redis writes it.
      assert.equal(await raw(c, 'PUBLISH', 'ch', 'm'), '>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n');
      assert.equal(await c.readRaw(), ':1\r\n');
      await pub.publish('ch', 'from-other');
      assert.equal(await c.readRaw(), '>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$10\r\nfrom-other\r\n');
      assert.equal(await raw(c, 'GET', 'k'), '$1\r\nv\r\n');
      assert.equal(await raw(c, 'UNSUBSCRIBE'), '>3\r\n$11\r\nunsubscribe\r\n$2\r\nch\r\n:0\r\n');
      assert.equal(await raw(c, 'UNSUBSCRIBE'), '>3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n');
    } finally {
      c.close();
    }
  });

  // Redis 7.2: push frames are sent even while CLIENT REPLY OFF/SKIP drops replies (7.0 drops them too).
  it('CLIENT REPLY OFF / SKIP drop replies but not push frames', async () => {
    const c = await RawConnection.connect(s.port);
    try {
      await c.call('HELLO', '3');
      c.send('CLIENT', 'REPLY', 'OFF');
      c.send('SUBSCRIBE', 'x');
      assert.equal(await c.readRaw(), '>3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:1\r\n');
      c.send('PUBLISH', 'x', 'self'); // its reply (:1) is dropped, the message is not
      assert.equal(await c.readRaw(), '>3\r\n$7\r\nmessage\r\n$1\r\nx\r\n$4\r\nself\r\n');
      await pub.publish('x', 'other');
      assert.equal(await c.readRaw(), '>3\r\n$7\r\nmessage\r\n$1\r\nx\r\n$5\r\nother\r\n');
      c.send('SET', 'k', 'v');
      c.send('CLIENT', 'REPLY', 'ON');
      assert.equal(await c.readRaw(), '+OK\r\n'); // CLIENT REPLY ON's own
      c.send('CLIENT', 'REPLY', 'SKIP');
      c.send('UNSUBSCRIBE', 'x');
      assert.equal(await c.readRaw(), '>3\r\n$11\r\nunsubscribe\r\n$1\r\nx\r\n:0\r\n');
      assert.equal(await raw(c, 'PING'), '+PONG\r\n');
    } finally {
      c.close();
    }
  });

  it('PUBSUB CHANNELS / NUMSUB / NUMPAT / SHARDCHANNELS / SHARDNUMSUB / HELP', async () => {
    const a = await RawConnection.connect(s.port);
    const b = await RawConnection.connect(s.port);
    try {
      a.send('SUBSCRIBE', 'x1', 'x2', 'y');
      for (let i = 0; i < 3; i++) await a.read();
      await b.call('SUBSCRIBE', 'x1');
      await b.call('PSUBSCRIBE', 'x*');
      await a.call('PSUBSCRIBE', 'x*');
      await a.call('SSUBSCRIBE', 'sh1');
      assert.deepEqual((await pub.call('PUBSUB', 'CHANNELS') as string[]).sort(), ['x1', 'x2', 'y']);
      assert.deepEqual((await pub.call('PUBSUB', 'CHANNELS', 'x*') as string[]).sort(), ['x1', 'x2']);
      assert.deepEqual(await pub.call('PUBSUB', 'NUMSUB', 'x1', 'y', 'none'), ['x1', 2, 'y', 1, 'none', 0]);
      assert.deepEqual(await pub.call('PUBSUB', 'NUMSUB'), []);
      assert.equal(await pub.call('PUBSUB', 'NUMPAT'), 1); // distinct patterns
      assert.deepEqual(await pub.call('PUBSUB', 'SHARDCHANNELS'), ['sh1']);
      assert.deepEqual(await pub.call('PUBSUB', 'SHARDCHANNELS', 'x*'), []);
      assert.deepEqual(await pub.call('PUBSUB', 'SHARDNUMSUB', 'sh1', 'x1'), ['sh1', 1, 'x1', 0]);
      assert.equal(await pub.publish('x1', 'm'), 4); // two subscribers, two pattern subscribers
      const help = (await pub.call('PUBSUB', 'HELP')) as string[];
      assert.equal(help[0], 'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
      assert.equal(help.at(-1), '    Prints this help.');
      await assert.rejects(pub.call('PUBSUB', 'CHANNELS', 'a', 'b'),
        /^ReplyError: ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.$/);
      await assert.rejects(pub.call('PUBSUB', 'NOPE'), /ERR unknown subcommand 'NOPE'. Try PUBSUB HELP./);
      const info = await pub.info();
      assert.match(info, /\r\npubsub_clients:2\r\n/);
      assert.match(info, /\r\npubsub_channels:3\r\npubsub_patterns:1\r\npubsubshard_channels:1\r\n/);
      const list = String(await pub.client('LIST'));
      assert.match(list, / sub=3 psub=1 ssub=1 /);
      assert.match(list, / sub=1 psub=1 ssub=0 /);
    } finally {
      a.close();
      b.close();
    }
    await eventually(() => s.server.pubsub.channels.size === 0 && s.server.pubsub.patterns.size === 0);
    assert.equal(s.server.pubsub.shardChannels.size, 0);
  });

  it('RESET leaves the pub/sub context and drops every subscription', async () => {
    const c = await RawConnection.connect(s.port);
    try {
      await c.call('SUBSCRIBE', 'r');
      await c.call('PSUBSCRIBE', 'r*');
      await c.call('SSUBSCRIBE', 'rs');
      assert.equal(await c.call('RESET'), 'RESET');
      assert.equal(await raw(c, 'PING'), '+PONG\r\n');
      assert.equal(await pub.publish('r', 'x'), 0);
      assert.equal(s.server.pubsub.channels.size + s.server.pubsub.patterns.size + s.server.pubsub.shardChannels.size, 0);
      const me = [...s.server.clients.values()].find((x) => x.subs + x.psubs + x.ssubs !== 0);
      assert.equal(me, undefined);
    } finally {
      c.close();
    }
  });

  it('a subscriber counts as the pubsub class and is spared by the idle timeout', async () => {
    const c = await RawConnection.connect(s.port);
    try {
      await c.call('SUBSCRIBE', 't');
      const client = [...s.server.clients.values()].find((x) => x.subs === 1)!;
      assert.equal(client.type, 'pubsub');
      await c.call('UNSUBSCRIBE');
      assert.equal(client.type, 'normal');
      assert.equal(client.pubsub, null);
    } finally {
      c.close();
    }
  });

  it('keeps binary channel names and messages intact', async () => {
    const c = await RawConnection.connect(s.port);
    try {
      const name = '\x00\xff\xe9';
      await c.call('SUBSCRIBE', name);
      await pub.publish(Buffer.from(name, 'latin1'), Buffer.from([0, 1, 254, 255]));
      const m = await c.readRaw();
      assert.equal(m, `*3\r\n$7\r\nmessage\r\n$3\r\n${name}\r\n$4\r\n\x00\x01\xfe\xff\r\n`);
    } finally {
      c.close();
    }
  });

  // With several receivers a message is formatted once per protocol and copied to each of them.
  it('several subscribers in RESP2 and RESP3 each get the exact bytes, also of a big binary message', async () => {
    const conns = await Promise.all(Array.from({ length: 4 }, () => RawConnection.connect(s.port)));
    try {
      for (const [i, c] of conns.entries()) {
        if (i % 2 === 1) await c.call('HELLO', '3');
        await c.call('SUBSCRIBE', 'multi');
        await c.call('PSUBSCRIBE', 'mul*');
        await c.call('SSUBSCRIBE', 'shard-multi');
      }
      const big = Buffer.alloc(200_000, 0xe9);
      big[0] = 0;
      big[big.length - 1] = 13;
      const message = big.toString('latin1');
      for (const m of ['m', message]) {
        assert.equal(await pub.publish('multi', Buffer.from(m, 'latin1')), 8);
        assert.equal(await pub.call('SPUBLISH', 'shard-multi', Buffer.from(m, 'latin1')), 4);
        for (const [i, c] of conns.entries()) {
          const head = i % 2 === 1 ? '>' : '*';
          assert.equal(await c.readRaw(), `${head}3\r\n$7\r\nmessage\r\n$5\r\nmulti\r\n$${m.length}\r\n${m}\r\n`);
          assert.equal(await c.readRaw(), `${head}4\r\n$8\r\npmessage\r\n$4\r\nmul*\r\n$5\r\nmulti\r\n$${m.length}\r\n${m}\r\n`);
          assert.equal(await c.readRaw(), `${head}3\r\n$8\r\nsmessage\r\n$11\r\nshard-multi\r\n$${m.length}\r\n${m}\r\n`);
        }
      }
    } finally {
      for (const c of conns) c.close();
    }
  });

  it('a subscriber that stops reading is not waited on (the publisher is served meanwhile)', async () => {
    const c = await RawConnection.connect(s.port);
    try {
      await c.call('SUBSCRIBE', 'slow');
      c.socket.pause();
      for (let i = 0; i < 20; i++) assert.equal(await pub.publish('slow', 'x'.repeat(1000)), 1);
      c.socket.resume();
      for (let i = 0; i < 20; i++) assert.equal(((await c.read()) as string[])[2]!.length, 1000);
    } finally {
      c.close();
    }
  });

  it('delivers nothing to a closed subscriber', async () => {
    const c = await RawConnection.connect(s.port);
    await c.call('SUBSCRIBE', 'gone');
    c.close();
    await once(c.socket, 'close');
    await eventually(() => !s.server.pubsub.channels.has('gone'));
    assert.equal(await pub.publish('gone', 'x'), 0);
  });
});
