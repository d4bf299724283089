// ZRANDMEMBER with a negative count streams its picks (repeats allowed): the reply can be far
// larger than the set without building it in memory first.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RawConnection, startServer, type Started } from './helpers/server.ts';

describe('ZRANDMEMBER with a large negative count', () => {
  let s: Started;
  before(async () => {
    s = await startServer();
  });
  after(() => s.stop());

  for (const [label, setup] of [['listpack', 3], ['skiplist', 300]] as const) {
    it(`replies every pick, in both protocols (${label})`, async () => {
      const c = await RawConnection.connect(s.port);
      const key = `z-${label}`;
      for (let i = 0; i < setup; i++) await c.call('ZADD', key, String(i + 0.5), `m${i}`);
      assert.equal(await c.call('OBJECT', 'ENCODING', key), label);
      const plain = (await c.call('ZRANDMEMBER', key, '-200000')) as string[];
      assert.equal(plain.length, 200000);
      assert.ok(plain.every((m) => /^m\d+$/.test(m)));
      const flat = (await c.call('ZRANDMEMBER', key, '-5000', 'WITHSCORES')) as string[];
      assert.equal(flat.length, 10000);
      assert.equal(Number(flat[1]), Number(flat[0]!.slice(1)) + 0.5);
      await c.call('HELLO', '3');
      const pairs = (await c.call('ZRANDMEMBER', key, '-5000', 'WITHSCORES')) as [string, number][];
      assert.equal(pairs.length, 5000);
      assert.ok(pairs.every(([m, score]) => score === Number(m.slice(1)) + 0.5));
      c.close();
    });
  }
});
