// The 24-bit LRU clock over real sockets: OBJECT IDLETIME, DEBUG OBJECT and INFO's lru_clock agree
// on seconds modulo 2^24, and idle time stays right when the clock wraps between two accesses.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock, RawConnection, startServer, type Started } from './helpers/server.ts';

/** 2^24 seconds: the LRU clock reads 0 at every multiple of this. */
const WRAP_MS = 2 ** 24 * 1000;

describe('LRU clock wrap', () => {
  let s: Started;
  let c: RawConnection;
  // Five seconds before the 106th wrap of the LRU clock (a date in May 2026).
  const clock = new ManualClock(106 * WRAP_MS - 5000);
  before(async () => {
    s = await startServer({ clock, config: { 'enable-debug-command': 'yes' } });
    c = await RawConnection.connect(s.port);
  });
  after(async () => {
    c.close();
    await s.stop();
  });

  it('reports idle seconds across the wrap', async () => {
    assert.equal(await c.call('SET', 'k', 'v'), 'OK');
    const info = (await c.call('INFO', 'server')) as string;
    assert.match(info, new RegExp(`\\r\\nlru_clock:${2 ** 24 - 5}\\r\\n`));
    assert.match((await c.call('DEBUG', 'OBJECT', 'k')) as string, new RegExp(`lru:${2 ** 24 - 5} lru_seconds_idle:0$`));
    clock.advance(12000);
    assert.match((await c.call('INFO', 'server')) as string, /\r\nlru_clock:7\r\n/);
    // Redis's estimateObjectIdleTime across a wrap: clock + (LRU_CLOCK_MAX - lru) = 7 + 4.
    assert.equal(await c.call('OBJECT', 'IDLETIME', 'k'), 11);
    assert.match((await c.call('DEBUG', 'OBJECT', 'k')) as string, / lru_seconds_idle:11$/);
    await c.call('GET', 'k');
    assert.equal(await c.call('OBJECT', 'IDLETIME', 'k'), 0);
    assert.match((await c.call('DEBUG', 'OBJECT', 'k')) as string, / lru:7 lru_seconds_idle:0$/);
  });
});
