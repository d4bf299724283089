// The basics over real sockets with real clients: ioredis and node-redis, RESP2 and RESP3.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { connectIoredis, type Started, startServer } from './helpers/server.ts';

describe('smoke', () => {
  let s: Started;
  before(async () => {
    s = await startServer();
  });
  after(() => s.stop());

  it('answers ioredis', async () => {
    const r = await connectIoredis(s.port);
    assert.equal(await r.ping(), 'PONG');
    assert.equal(await r.set('k', 'v'), 'OK');
    assert.equal(await r.get('k'), 'v');
    assert.equal(await r.get('missing'), null);
    r.disconnect();
  });

  it('keeps values binary safe', async () => {
    const r = await connectIoredis(s.port);
    const bytes = Buffer.from([0, 255, 13, 10, 128, 0xc3, 0x28]);
    await r.set(Buffer.from([1, 2, 200]), bytes);
    assert.deepEqual(await r.getBuffer(Buffer.from([1, 2, 200])), bytes);
    r.disconnect();
  });

  {
    it('answers node-redis', async () => {
      const c = createClient({ socket: { port: s.port, host: '127.0.0.1' } });
      await c.connect();
      assert.equal(await c.ping(), 'PONG');
      await c.set('nr', 'value');
      assert.equal(await c.get('nr'), 'value');
      c.destroy();
    });
  }
});
