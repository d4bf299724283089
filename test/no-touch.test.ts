// CLIENT NO-TOUCH (Redis 7.2): a client's reads and in-place writes leave the keys' LRU/LFU data
// alone; TOUCH still touches. Redis 7.0.15 has no NO-TOUCH, so this is not a differential test.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock, RawConnection, startServer } from './helpers/server.ts';

describe('CLIENT NO-TOUCH', () => {
  it('keeps idle time through reads and in-place writes, but not through TOUCH', async () => {
    const clock = new ManualClock();
    const s = await startServer({ clock });
    try {
      const normal = await RawConnection.connect(s.port);
      const quiet = await RawConnection.connect(s.port);
      await normal.call('SET', 'k', 'v');
      await normal.call('HSET', 'h', 'f', 'v');
      await normal.call('RPUSH', 'l', 'a');
      assert.equal(await quiet.call('CLIENT', 'NO-TOUCH', 'ON'), 'OK');
      clock.advance(10_000);
      await quiet.call('GET', 'k');
      await quiet.call('HSET', 'h', 'f2', 'v2');
      await quiet.call('RPUSH', 'l', 'b');
      for (const key of ['k', 'h', 'l']) assert.equal(await normal.call('OBJECT', 'IDLETIME', key), 10, key);
      assert.equal(await quiet.call('TOUCH', 'k'), 1);
      assert.equal(await normal.call('OBJECT', 'IDLETIME', 'k'), 0);
      await normal.call('HGET', 'h', 'f');
      assert.equal(await normal.call('OBJECT', 'IDLETIME', 'h'), 0);
      normal.close();
      quiet.close();
    } finally {
      await s.stop();
    }
  });
});
