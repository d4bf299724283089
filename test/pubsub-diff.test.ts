// Pub/Sub compared with the real redis-server: two connections per server (a subscriber and a
// publisher) run the same script; the publisher's replies and the subscriber's whole byte stream
// (confirmations, messages, errors, PINGs) must be equal. Scripts avoid what Redis orders by hash
// (several patterns matching one message, UNSUBSCRIBE of several channels at once).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';

type Step = { sub: string[] } | { pub: string[] };

interface Side {
  sub: RawConnection;
  pub: RawConnection;
  /** Everything the subscriber received, reply by reply. */
  log: string[];
  marks: number;
}

async function side(port: number): Promise<Side> {
  return { sub: await RawConnection.connect(port), pub: await RawConnection.connect(port), log: [], marks: 0 };
}

/** Reads the subscriber's stream up to (and including) the reply to a marker PING. */
async function sync(x: Side): Promise<void> {
  const mark = `mark-${x.marks++}`;
  x.sub.send('PING', mark);
  for (;;) {
    const r = await x.sub.readRaw();
    x.log.push(r);
    if (r.endsWith(`${mark}\r\n`)) return;
  }
}

async function run(x: Side, steps: Step[]): Promise<string[]> {
  const pubReplies: string[] = [];
  for (const step of steps) {
    if ('sub' in step) {
      x.sub.send(...step.sub);
    } else {
      await sync(x); // the subscriber's commands so far have run
      x.pub.send(...step.pub);
      pubReplies.push(await x.pub.readRaw());
    }
  }
  await sync(x);
  return pubReplies;
}

describe('pub/sub vs real redis', { skip: SKIP_NO_REDIS }, () => {
  let s: Started;
  let real: RealRedis;
  before(async () => {
    s = await startServer();
    real = await startRealRedis();
  });
  after(async () => {
    await s?.stop();
    await real?.stop();
  });

  async function same(steps: Step[], hello3 = false): Promise<void> {
    const a = await side(s.port);
    const b = await side(real.port);
    try {
      if (hello3) {
        await a.sub.call('HELLO', '3');
        await b.sub.call('HELLO', '3');
      }
      const [ra, rb] = [await run(a, steps), await run(b, steps)];
      assert.deepEqual(ra, rb, 'publisher replies');
      assert.deepEqual(a.log, b.log, 'subscriber stream');
      assert.ok(a.log.length > steps.length / 3, `only ${a.log.length} replies compared`);
    } finally {
      for (const c of [a.sub, a.pub, b.sub, b.pub]) c.close();
    }
  }

  const SCRIPT: Step[] = [
    { sub: ['UNSUBSCRIBE'] }, { sub: ['PUNSUBSCRIBE'] }, { sub: ['SUNSUBSCRIBE'] },
    { sub: ['SUBSCRIBE', 'news', 'sport'] }, { sub: ['SUBSCRIBE', 'news'] },
    { pub: ['PUBLISH', 'news', 'hello'] }, { pub: ['PUBLISH', 'none', 'x'] },
    { sub: ['PSUBSCRIBE', 'n?ws'] }, { pub: ['PUBLISH', 'news', 'both'] }, { pub: ['PUBLISH', 'nEws', 'pattern'] },
    { pub: ['PUBSUB', 'NUMSUB', 'news', 'sport', 'x'] }, { pub: ['PUBSUB', 'NUMPAT'] }, { pub: ['PUBSUB', 'CHANNELS', 'n*'] },
    { sub: ['GET', 'k'] }, { sub: ['SET', 'k', 'v'] }, { sub: ['PING'] }, { sub: ['PING', 'x', 'y'] },
    { sub: ['SSUBSCRIBE', 'sh'] }, { pub: ['SPUBLISH', 'sh', 'shard-msg'] }, { pub: ['PUBLISH', 'sh', 'not-shard'] },
    { pub: ['PUBSUB', 'SHARDCHANNELS'] }, { pub: ['PUBSUB', 'SHARDNUMSUB', 'sh', 'news'] },
    { sub: ['UNSUBSCRIBE', 'news', 'absent'] }, { pub: ['PUBLISH', 'news', 'pattern-only'] },
    { sub: ['PUNSUBSCRIBE', 'n?ws'] }, { sub: ['SUNSUBSCRIBE', 'sh'] }, { sub: ['UNSUBSCRIBE'] },
    { sub: ['PING'] }, { sub: ['GET', 'k'] },
    { sub: ['PSUBSCRIBE', '[a-c]*', 'h\\*'] }, { pub: ['PUBLISH', 'bee', '1'] }, { pub: ['PUBLISH', 'h*', '2'] },
    { pub: ['PUBLISH', 'hx', '3'] }, { sub: ['PUNSUBSCRIBE', '[a-c]*'] }, { sub: ['PUNSUBSCRIBE'] },
    { sub: ['SUBSCRIBE', 'r'] }, { sub: ['RESET'] }, { pub: ['PUBLISH', 'r', 'after-reset'] }, { sub: ['GET', 'k'] },
  ];

  it('the same publisher replies and subscriber stream in RESP2', () => same(SCRIPT));
  it('the same in RESP3 (pushes, commands mixed in)', () => same(SCRIPT, true));

  it('the same errors for bad arguments', () => same([
    { sub: ['SUBSCRIBE'] }, { sub: ['PSUBSCRIBE'] }, { sub: ['SSUBSCRIBE'] }, { pub: ['PUBLISH', 'a'] },
    { pub: ['SPUBLISH', 'a', 'b', 'c'] }, { pub: ['PUBSUB'] }, { pub: ['PUBSUB', 'NOPE'] },
    { pub: ['PUBSUB', 'CHANNELS', 'a', 'b'] }, { pub: ['PUBSUB', 'shardchannels', 'a', 'b'] }, { pub: ['PUBSUB', 'NUMPAT', 'x'] },
    { sub: ['SUBSCRIBE', 'c'] }, { sub: ['MULTI'] }, { sub: ['HELLO', '3'] }, { sub: ['CLIENT', 'LIST'] },
  ]));
});
