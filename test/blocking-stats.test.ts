// A command that blocks is counted when it completes, once, with its execution time (not the time
// it waited): commandstats, the slow log and the latency histogram, as Redis's updateStatsOnUnblock.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SKIP_NO_REDIS, startRealRedis, type RealRedis } from './helpers/real-redis.ts';
import { ManualClock, RawConnection, startServer, type Started } from './helpers/server.ts';

async function blpopStats(c: RawConnection): Promise<{ calls: number; usec: number } | null> {
  const info = (await c.call('INFO', 'commandstats')) as string;
  const m = /cmdstat_blpop:calls=(\d+),usec=(\d+),/.exec(info);
  return m === null ? null : { calls: Number(m[1]), usec: Number(m[2]) };
}

async function slowlogNames(c: RawConnection): Promise<string[]> {
  const entries = (await c.call('SLOWLOG', 'GET', '100')) as unknown[][];
  return entries.map((e) => String((e[3] as string[])[0]).toLowerCase());
}

/**
 * Real time a client stays blocked before it is served or times out. Durations are wall-clock, so
 * "the wait is not counted" is shown with a wait far longer than an execution can take.
 */
const WAIT_MS = 150;

/** Blocks one client with BLPOP, serves it from another, and reports the stats before and after. */
async function scenario(port: number): Promise<{ whileBlocked: unknown; after: unknown; slow: string[] }> {
  const admin = await RawConnection.connect(port);
  const waiter = await RawConnection.connect(port);
  await admin.call('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
  await admin.call('CONFIG', 'RESETSTAT');
  await admin.call('SLOWLOG', 'RESET');
  waiter.send('BLPOP', 'bk', '0');
  // Wait until the server has it blocked.
  while (!((await admin.call('CLIENT', 'LIST')) as string).includes('cmd=blpop')) await new Promise((r) => setTimeout(r, 5));
  // Blocked for 150 ms of real time, far more than any execution takes even on a loaded machine.
  await new Promise((r) => setTimeout(r, WAIT_MS));
  const whileBlocked = await blpopStats(admin);
  const slowWhileBlocked = (await slowlogNames(admin)).filter((n) => n === 'blpop').length;
  await admin.call('LPUSH', 'bk', 'v');
  assert.deepEqual(await waiter.read(), ['bk', 'v']);
  const afterStats = await blpopStats(admin);
  const slow = (await slowlogNames(admin)).filter((n) => n === 'blpop');
  admin.close();
  waiter.close();
  assert.equal(slowWhileBlocked, 0, 'not in the slow log before it completes');
  // The wait is not part of the duration.
  assert.ok(afterStats !== null && afterStats.usec < (WAIT_MS * 1000) / 2, JSON.stringify(afterStats));
  return { whileBlocked, after: afterStats?.calls, slow };
}

describe('stats of blocked commands vs redis-server', { skip: SKIP_NO_REDIS }, () => {
  let s: Started;
  let r: RealRedis;
  before(async () => {
    [s, r] = await Promise.all([startServer(), startRealRedis()]);
  });
  after(async () => {
    await Promise.all([s.stop(), r.stop()]);
  });

  it('counts a served BLPOP once, when it completes, and logs it then', async () => {
    const ours = await scenario(s.port);
    const theirs = await scenario(r.port);
    assert.equal(ours.after, theirs.after);
    assert.deepEqual(ours.slow, theirs.slow);
    // Redis 7.2: nothing is counted while the command waits (7.0.15 counts the first run at once).
    assert.equal(ours.whileBlocked, null);
  });
});

describe('stats of blocked commands that time out', () => {
  it('counts a timed-out BLPOP once, with its execution time only', async () => {
    const clock = new ManualClock();
    const s = await startServer({ clock, config: { 'slowlog-log-slower-than': 0 } });
    try {
      const c = await RawConnection.connect(s.port);
      const admin = await RawConnection.connect(s.port);
      c.send('BLPOP', 'nothing', '1');
      while (!((await admin.call('CLIENT', 'LIST')) as string).includes('cmd=blpop')) await new Promise((r) => setTimeout(r, 5));
      assert.equal(await blpopStats(admin), null);
      await new Promise((r) => setTimeout(r, WAIT_MS)); // real time spent blocked, as above
      clock.advance(1500);
      s.server.cron();
      assert.equal(await c.read(), null);
      const st = await blpopStats(admin);
      assert.ok(st !== null && st.calls === 1 && st.usec < (WAIT_MS * 1000) / 2, JSON.stringify(st));
      assert.deepEqual((await slowlogNames(admin)).filter((n) => n === 'blpop'), ['blpop']);
      c.close();
      admin.close();
    } finally {
      await s.stop();
    }
  });
});
