// CLIENT TRACKING / CACHING / GETREDIR / TRACKINGINFO compared byte for byte with the real
// redis-server: option validation and its errors, TRACKINGINFO in RESP2 and RESP3, and the
// invalidation frames two connections see for the same scenario.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertSameReplies, type Step } from './helpers/differential.ts';
import { SKIP_NO_REDIS, startRealRedis, type RealRedis } from './helpers/real-redis.ts';
import { allHandlers } from '../src/commands/families.ts';
import { encodeCommand } from '../src/protocol/reply-reader.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';

const T = (...args: string[]): string[] => ['CLIENT', 'TRACKING', ...args];
const INFO = ['CLIENT', 'TRACKINGINFO'];

const VALIDATION: Step[] = [
  INFO,
  ['CLIENT', 'GETREDIR'],
  T('on', 'prefix', 'a'),
  T('on', 'bcast', 'optin'),
  T('on', 'bcast', 'optout'),
  T('on', 'optin', 'optout'),
  T('on', 'redirect', '999999'),
  T('on', 'redirect', '0'),
  T('on', 'redirect', '-1'),
  T('on', 'redirect', 'x'),
  T('on', 'redirect'),
  T('on', 'prefix'),
  T('on', 'foo'),
  T('maybe'),
  T('off', 'bogus'),
  T('on', 'bcast', 'prefix', 'ab', 'prefix', 'a'),
  T('on', 'bcast', 'prefix', 'a', 'prefix', 'ab'),
  ['CLIENT', 'TRACKING'],
  ['CLIENT', 'CACHING', 'yes'],
  ['CLIENT', 'CACHING', 'maybe'],
  ['CLIENT', 'CACHING'],
  T('on'),
  ['CLIENT', 'CACHING', 'yes'],
  ['CLIENT', 'CACHING', 'no'],
  ['CLIENT', 'CACHING', 'maybe'],
  T('off'),
  T('on', 'optin', 'noloop'),
  INFO,
  ['CLIENT', 'GETREDIR'],
  ['CLIENT', 'CACHING', 'no'],
  ['CLIENT', 'CACHING', 'maybe'],
  ['CLIENT', 'CACHING', 'YES'],
  INFO,
  ['CLIENT', 'GETNAME'],
  INFO,
  ['GET', 'x'],
  INFO,
  T('on', 'optout'),
  T('on', 'bcast'),
  T('on', 'optin'),
  INFO,
  T('off'),
  INFO,
  T('on', 'bcast', 'prefix', 'b', 'prefix', 'a', 'noloop'),
  INFO,
  T('on', 'bcast', 'prefix', 'ab'),
  T('on', 'bcast', 'prefix', 'c'),
  INFO,
  T('on'),
  T('on', 'bcast'),
  INFO,
  T('on', 'optout'),
  T('off'),
  T('on', 'optout'),
  ['CLIENT', 'CACHING', 'yes'],
  ['CLIENT', 'CACHING', 'no'],
  INFO,
  ['RESET'],
  INFO,
];

type Run = (a: RawConnection, b: RawConnection, sync: () => Promise<void>) => Promise<void>;

/**
 * Runs a two-connection scenario and returns every frame the tracking side received, in order.
 * `sync` waits until everything a sent so far is answered, so b acts at a known point.
 */
async function scenario(port: number, proto: 2 | 3, run: Run): Promise<string[]> {
  const a = await RawConnection.connect(port);
  const b = await RawConnection.connect(port);
  const frames: string[] = [];
  let n = 0;
  const sync = async (): Promise<void> => {
    const mark = `__sync${n++}__`;
    a.send('ECHO', mark);
    for (;;) {
      const f = await a.readRaw();
      if (f.includes(mark)) return;
      frames.push(f);
    }
  };
  try {
    await b.call('FLUSHALL');
    await a.call('HELLO', String(proto));
    await run(a, b, sync);
    await sync();
    return frames;
  } finally {
    a.close();
    b.close();
  }
}

const SCENARIOS: Record<string, Run> = {
  async 'default mode, own and others\' writes'(a, b, sync) {
    a.send(...T('on'));
    a.send('MGET', 'k1', 'k2');
    a.send('SET', 'k1', 'own');
    await sync();
    await b.call('SET', 'k2', 'theirs');
    await b.call('SET', 'k2', 'again');
    a.send('HGETALL', 'h');
    await sync();
    await b.call('HSET', 'h', 'f', 'v');
    await b.call('FLUSHDB');
    a.send('GET', 'k1');
    a.send('FLUSHALL');
    await sync();
  },
  async 'NOLOOP and OPTIN'(a, b, sync) {
    a.send(...T('on', 'noloop', 'optin'));
    a.send('GET', 'n1');
    a.send('CLIENT', 'CACHING', 'yes');
    a.send('GET', 'n2');
    a.send('SET', 'n2', 'own');
    a.send('GET', 'n2');
    await sync();
    await b.call('SET', 'n1', 'x');
    a.send('CLIENT', 'CACHING', 'yes');
    a.send('GET', 'n3');
    await sync();
    await b.call('DEL', 'n3');
    await b.call('SET', 'n3', 'x');
  },
  async 'SWAPDB, SELECT and expiry'(a, b, sync) {
    a.send(...T('on'));
    a.send('GET', 's');
    a.send('SELECT', '1');
    a.send('GET', 's1');
    await sync();
    await b.call('SWAPDB', '0', '1');
    await b.call('SET', 's1', 'x');
    await b.call('SET', 's', 'x');
    a.send('GET', 'e');
    await sync();
    await b.call('SET', 'e', '1', 'PX', '1');
    await new Promise((r) => setTimeout(r, 5));
    await b.call('GET', 'e');
  },
  async 'BCAST with prefixes'(a, b, sync) {
    a.send(...T('on', 'bcast', 'prefix', 'p:', 'prefix', 'q:'));
    await sync();
    // One write: both servers read the pipeline in one event-loop turn, so it is one batch.
    b.write(Buffer.concat([['SET', 'p:2', 'x'], ['SET', 'p:1', 'x'], ['SET', 'z', 'x'], ['SET', 'q:1', 'x'],
      ['SET', 'p:2', 'y']].map((cmd) => encodeCommand(cmd))));
    for (let i = 0; i < 5; i++) await b.read();
    await new Promise((r) => setTimeout(r, 20));
    a.send('SET', 'p:own', '1');
    await sync();
    await new Promise((r) => setTimeout(r, 20));
  },
};

describe('CLIENT TRACKING vs the real redis-server', { skip: SKIP_NO_REDIS }, () => {
  let s: Started;
  let real: RealRedis;
  before(async () => {
    s = await startServer();
    real = await startRealRedis();
  });
  after(async () => {
    await s.stop();
    await real.stop();
  });

  for (const proto of [2, 3] as const) {
    it(`validates options, CACHING and TRACKINGINFO as Redis does (RESP${proto})`, async () => {
      await assertSameReplies(s.port, real.port, [{ hello: proto }, ...VALIDATION], `RESP${proto}`);
    });
  }

  for (const [name, run] of Object.entries(SCENARIOS)) {
    it(`sends the same invalidation frames: ${name}`, async () => {
      assert.deepEqual(await scenario(s.port, 3, run), await scenario(real.port, 3, run));
    });
  }

  it('sends the invalidations a transaction causes after the EXEC reply', {
    skip: allHandlers().has('multi') ? false : 'MULTI/EXEC are not implemented yet',
  }, async () => {
    const run: Run = async (a, b, sync) => {
      a.send(...T('on'));
      a.send('GET', 'k');
      a.send('MULTI');
      a.send('SET', 'k', '1');
      a.send('GET', 'k');
      a.send('SET', 'k', '2');
      a.send('CLIENT', 'CACHING', 'yes');
      a.send('EXEC');
      await sync();
      await b.call('SET', 'k', '3');
      await a.call(...T('on', 'optin'));
      a.send('CLIENT', 'CACHING', 'yes');
      a.send('MULTI');
      a.send('GET', 'm1');
      a.send('GET', 'm2');
      a.send('EXEC');
      a.send('GET', 'm3');
      await sync();
      await b.call('MSET', 'm1', '1', 'm2', '2', 'm3', '3');
    };
    assert.deepEqual(await scenario(s.port, 3, run), await scenario(real.port, 3, run));
  });

  it('RESP2 tracking without a redirect sends nothing at all', async () => {
    const run = SCENARIOS['default mode, own and others\' writes']!;
    assert.deepEqual(await scenario(s.port, 2, run), await scenario(real.port, 2, run));
  });

  it('RESP2 REDIRECT to a subscribed client: messages on __redis__:invalidate', {
    skip: allHandlers().has('subscribe') ? false : 'SUBSCRIBE is not implemented yet',
  }, async () => {
    const redirected = async (port: number): Promise<string[]> => {
      const r = await RawConnection.connect(port);
      const a = await RawConnection.connect(port);
      const b = await RawConnection.connect(port);
      try {
        await b.call('FLUSHALL');
        await r.call('SUBSCRIBE', '__redis__:invalidate');
        // A RESP2 subscriber may not run CLIENT ID: find it in CLIENT LIST.
        const list = await a.call('CLIENT', 'LIST') as string;
        const line = list.split('\n').find((l) => / sub=1 /.test(l))!;
        const id = /^id=(\d+)/.exec(line)![1]!;
        await a.call(...T('on', 'redirect', id));
        await a.call('GET', 'k');
        await b.call('SET', 'k', '1');
        await b.call('FLUSHALL');
        const frames = [await r.readRaw(), await r.readRaw()];
        r.close();
        await r.whenClosed();
        await new Promise((res) => setTimeout(res, 20));
        // The redirect client is gone: a RESP2 client is told nothing, but TRACKINGINFO shows it.
        await a.call('GET', 'k');
        await b.call('SET', 'k', '2');
        frames.push(JSON.stringify(await a.call(...INFO)).replace(`"redirect",${id}`, '"redirect",ID'));
        return frames;
      } finally {
        r.close();
        a.close();
        b.close();
      }
    };
    assert.deepEqual(await redirected(s.port), await redirected(real.port));
  });
});
