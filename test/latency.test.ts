// LATENCY: events over latency-monitor-threshold (one sample per second, the worst), LATEST /
// HISTORY / RESET / GRAPH / DOCTOR, per-command histograms (LATENCY HISTOGRAM, INFO latencystats)
// and the replies compared with the real redis-server where they do not depend on timing.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ReplyError, Verbatim, type ReplyValue } from '../src/protocol/reply-reader.ts';
import { assertSameReplies } from './helpers/differential.ts';
import { SKIP_NO_REDIS, startRealRedis, type RealRedis } from './helpers/real-redis.ts';
import { ManualClock, RawConnection, startServer, type Started } from './helpers/server.ts';

function text(v: ReplyValue): string {
  if (v instanceof Verbatim) return v.text;
  assert.equal(typeof v, 'string');
  return v as string;
}

describe('LATENCY vs the real redis-server', { skip: SKIP_NO_REDIS }, () => {
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

  it('answers the same without events, in RESP2 and RESP3', async () => {
    for (const proto of [2, 3] as const) {
      await assertSameReplies(s.port, real.port, [
        { hello: proto },
        ['LATENCY', 'LATEST'],
        ['LATENCY', 'HISTORY', 'command'],
        ['LATENCY', 'RESET'],
        ['LATENCY', 'RESET', 'command', 'fast-command'],
        ['LATENCY', 'GRAPH', 'command'],
        ['LATENCY', 'HISTOGRAM', 'nosuchcommand'],
        ['LATENCY', 'HISTOGRAM', 'lpush'],
        ['LATENCY', 'HISTORY'],
        ['LATENCY', 'LATEST', 'x'],
        ['LATENCY', 'NOPE'],
        ['LATENCY'],
      ], `RESP${proto}`);
    }
  });

  it('reports histograms and latencystats with the same shape', async () => {
    const shape = async (port: number): Promise<unknown> => {
      const c = await RawConnection.connect(port);
      await c.call('HELLO', '3');
      await c.call('CONFIG', 'RESETSTAT');
      for (let i = 0; i < 3; i++) await c.call('SET', 'k', 'v');
      await c.call('CLIENT', 'ID');
      const h = await c.call('LATENCY', 'HISTOGRAM', 'set', 'client', 'set') as Map<string, Map<string, unknown>>;
      const info = text(await c.call('INFO', 'latencystats'));
      c.close();
      const out: unknown[] = [];
      for (const [name, m] of h) {
        const buckets = m.get('histogram_usec') as Map<number, number>;
        const counts = [...buckets.values()];
        // Cumulative, growing, ending at the number of calls.
        assert.deepEqual(counts, [...counts].sort((a, b) => a - b));
        assert.equal(counts.at(-1), m.get('calls'));
        // Bucket bounds grow by doubling (HDR's log buckets); which ones appear depends on timing.
        const bounds = [...buckets.keys()];
        for (let i = 1; i < bounds.length; i++) assert.ok(bounds[i]! >= 2 * bounds[i - 1]!, `${bounds.join(',')}`);
        out.push([name, [...m.keys()], m.get('calls')]);
      }
      const lines = info.split('\r\n').filter((l) => l.startsWith('latency_percentiles_usec_set:') ||
        l.startsWith('latency_percentiles_usec_client|id:'));
      out.push(lines.map((l) => l.replace(/=\d+\.\d{3}/g, '=N')).sort());
      return out;
    };
    assert.deepEqual(await shape(s.port), await shape(real.port));
  });
});

describe('LATENCY', () => {
  let s: Started;
  let c: RawConnection;
  const clock = new ManualClock(Date.UTC(2026, 4, 5, 6, 7, 8));
  before(async () => {
    s = await startServer({ clock, config: { 'enable-debug-command': 'yes', 'latency-monitor-threshold': 20 } });
    c = await RawConnection.connect(s.port);
  });
  after(async () => {
    c.close();
    await s.stop();
  });

  it('records slow commands as events: one sample per second, the worst of it', async () => {
    await c.call('GET', 'k');
    assert.deepEqual(await c.call('LATENCY', 'LATEST'), []);
    // Durations are wall-clock: the sleeps are far apart and far above the threshold (20 ms), so a
    // loaded machine adding some milliseconds to a command cannot change which sample is the worst.
    await c.call('DEBUG', 'SLEEP', '0.025');
    await c.call('DEBUG', 'SLEEP', '0.1');
    const t1 = Math.floor(clock.now() / 1000);
    clock.advance(2000);
    await c.call('DEBUG', 'SLEEP', '0.025');
    const t2 = t1 + 2;
    const latest = await c.call('LATENCY', 'LATEST') as [string, number, number, number][];
    assert.equal(latest.length, 1);
    const [name, time, last, max] = latest[0]!;
    assert.equal(name, 'command');
    assert.equal(time, t2);
    assert.ok(last >= 25 && last < 100, String(last));
    assert.ok(max >= 100, String(max));
    const history = await c.call('LATENCY', 'HISTORY', 'command') as number[][];
    assert.deepEqual(history.map((h) => h[0]), [t1, t2]);
    assert.ok(history[0]![1]! >= 100);
    const graph = text(await c.call('LATENCY', 'GRAPH', 'command'));
    assert.match(graph, /^command - high \d+ ms, low \d+ ms \(all time high \d+ ms\)\n/);
    const doctor = text(await c.call('LATENCY', 'DOCTOR'));
    assert.match(doctor, /command: 2 latency spikes/);
    assert.equal(await c.call('LATENCY', 'RESET', 'command', 'other'), 1);
    assert.deepEqual(await c.call('LATENCY', 'LATEST'), []);
    const err = await c.call('LATENCY', 'GRAPH', 'command');
    assert.ok(err instanceof ReplyError);
    assert.equal(err.message, "ERR No samples available for event 'command'");
  });

  it('keeps histograms only while latency-tracking is on, and follows the percentiles option', async () => {
    await c.call('CONFIG', 'RESETSTAT');
    await c.call('ECHO', 'x');
    let info = text(await c.call('INFO', 'latencystats'));
    assert.match(info, /latency_percentiles_usec_echo:p50=\d+\.\d{3},p99=\d+\.\d{3},p99\.9=\d+\.\d{3}\r\n/);
    await c.call('CONFIG', 'SET', 'latency-tracking-info-percentiles', '0 12.5 100');
    info = text(await c.call('INFO', 'latencystats'));
    assert.match(info, /latency_percentiles_usec_echo:p0=\d+\.\d{3},p12\.5=\d+\.\d{3},p100=\d+\.\d{3}\r\n/);
    await c.call('CONFIG', 'SET', 'latency-tracking', 'no');
    info = text(await c.call('INFO', 'latencystats'));
    assert.doesNotMatch(info, /latency_percentiles_usec_echo/);
    await c.call('CONFIG', 'SET', 'latency-tracking', 'yes');
    const help = await c.call('LATENCY', 'HELP') as string[];
    assert.match(help[0]!, /^LATENCY <subcommand>/);
  });
});
