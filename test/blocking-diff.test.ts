// Blocking commands side by side with the real redis-server: the same multi-connection scripts run
// on both, every reply compared byte for byte (waiters, pushes from another connection, BLMOVE
// chains, sorted sets, MULTI/EXEC wake-ups, CLIENT UNBLOCK, RESP3). Waiting for a client to block
// polls INFO's blocked_clients on both servers: round trips, no sleeping.
// Redis 7.2 re-runs a woken command (WRONGTYPE when an earlier key changed type), 7.0 pops the
// ready key: that case is only in blocking.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';

/** One script step: connection index and the command, or a wait until n clients are blocked. */
type Act = [number, ...string[]] | { blocked: number } | { read: number };

async function run(port: number, acts: Act[], conns: number): Promise<string[]> {
  const cs: RawConnection[] = [];
  for (let i = 0; i < conns; i++) cs.push(await RawConnection.connect(port));
  const admin = await RawConnection.connect(port);
  const ids: string[] = [];
  for (const c of cs) ids.push(String(await c.call('CLIENT', 'ID') as number));
  const out: string[] = [];
  try {
    for (const act of acts) {
      if (Array.isArray(act)) {
        const [i, ...args] = act;
        // CLIENT UNBLOCK <n>: n names a connection of the script; ids differ between servers.
        if (args[0] === 'CLIENT' && args[1] === 'UNBLOCK' && /^\d$/.test(args[2]!)) args[2] = ids[Number(args[2])]!;
        cs[i]!.send(...args);
        if (args[0] === 'HELLO') await cs[i]!.readRaw(); // versions and ids differ
        else if (!['BLPOP', 'BRPOP', 'BLMOVE', 'BRPOPLPUSH', 'BLMPOP', 'BZPOPMIN', 'BZPOPMAX', 'BZMPOP'].includes(args[0]!)) {
          out.push(await cs[i]!.readRaw());
        }
      } else if ('read' in act) {
        out.push(await cs[act.read]!.readRaw());
      } else {
        for (let k = 0; ; k++) {
          admin.send('INFO', 'clients');
          const info = await admin.readRaw();
          if (info.includes(`blocked_clients:${act.blocked}\r\n`)) break;
          assert.ok(k < 5000, `never reached ${act.blocked} blocked clients`);
        }
      }
    }
  } finally {
    for (const c of cs) c.close();
    admin.close();
  }
  return out;
}

describe('blocking commands vs real redis', { skip: SKIP_NO_REDIS }, () => {
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
  const same = async (acts: Act[], conns: number): Promise<void> => {
    const setup: Act[] = [[0, 'FLUSHALL']];
    assert.deepEqual(await run(s.port, [...setup, ...acts], conns), await run(real.port, [...setup, ...acts], conns));
  };

  it('first come first served across list commands', async () => {
    await same([
      [1, 'BLPOP', 'q', 'other', '0'], { blocked: 1 }, [2, 'BRPOP', 'q', '0'], { blocked: 2 },
      [3, 'BLMPOP', '0', '2', 'x', 'q', 'RIGHT', 'COUNT', '3'], { blocked: 3 },
      [0, 'RPUSH', 'q', 'a', 'b', 'c', 'd', 'e'], { read: 1 }, { read: 2 }, { read: 3 }, { blocked: 0 }, [0, 'LRANGE', 'q', '0', '-1'],
    ], 4);
  });

  it('BLMOVE chains, RPOPLPUSH into a waited key, sorted sets, MULTI/EXEC', async () => {
    await same([
      [1, 'BLMOVE', 'a', 'b', 'RIGHT', 'LEFT', '0'], [2, 'BLPOP', 'b', '0'], { blocked: 2 },
      [0, 'LPUSH', 'a', 'v1', 'v2'], { read: 1 }, { read: 2 }, { blocked: 0 }, [0, 'LRANGE', 'a', '0', '-1'], [0, 'EXISTS', 'b'],
      [1, 'BRPOPLPUSH', 'c', 'd', '0'], { blocked: 1 }, [0, 'RPOPLPUSH', 'a', 'c'], { read: 1 }, [0, 'LRANGE', 'd', '0', '-1'],
      [1, 'BZPOPMAX', 'z', '0'], [2, 'BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '2'], { blocked: 2 },
      [0, 'ZADD', 'z', '1', 'm1', '2', 'm2', '3', 'm3', '4', 'm4'], { read: 1 }, { read: 2 }, [0, 'ZRANGE', 'z', '0', '-1'],
      [1, 'BLPOP', 't', '0'], { blocked: 1 }, [0, 'MULTI'], [0, 'RPUSH', 't', 'x'], [0, 'DEL', 't'], [0, 'EXEC'],
      [0, 'MULTI'], [0, 'RPUSH', 't', 'y', 'z'], [0, 'LPUSH', 't', 'w'], [0, 'EXEC'], { read: 1 }, [0, 'LRANGE', 't', '0', '-1'],
    ], 3);
  });

  it('CLIENT UNBLOCK, timeouts and RESP3 replies', async () => {
    await same([
      [1, 'BLPOP', 'q', '0'], { blocked: 1 }, [0, 'CLIENT', 'UNBLOCK', '1'], { read: 1 },
      [1, 'BZPOPMIN', 'q', '0'], { blocked: 1 }, [0, 'CLIENT', 'UNBLOCK', '1', 'ERROR'], { read: 1 },
      [0, 'CLIENT', 'UNBLOCK', '1'], [0, 'CLIENT', 'UNBLOCK', '1', 'FOO'], [0, 'CLIENT', 'UNBLOCK', 'x'],
      [2, 'HELLO', '3'], [2, 'BLPOP', 'q', '0.01'], { read: 2 }, [2, 'BLMPOP', '0', '1', 'q', 'LEFT'], { blocked: 1 },
      [0, 'RPUSH', 'q', 'a'], { read: 2 }, [2, 'BZPOPMIN', 'z', '0'], { blocked: 1 }, [0, 'ZADD', 'z', '1.5', 'm'], { read: 2 },
      [1, 'BRPOP', 'q', '0.01'], { read: 1 }, [1, 'BLMOVE', 'q', 'x', 'LEFT', 'LEFT', '0.01'], { read: 1 },
    ], 3);
  });
});
