// INFO: sections, order, selection, RESP2/RESP3 framing, true values; and the field names of each
// section compared with the real redis-server's (the fields Redis has and we lack are listed).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { connectIoredis, ManualClock, RawConnection, type Started, startServer } from './helpers/server.ts';

type Parsed = Map<string, Map<string, string>>;

function parseInfo(text: string): Parsed {
  const out: Parsed = new Map();
  let cur: Map<string, string> | null = null;
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) {
      cur = new Map();
      out.set(line.slice(2), cur);
    } else if (line !== '') {
      const i = line.indexOf(':');
      cur!.set(line.slice(0, i), line.slice(i + 1));
    }
  }
  return out;
}

const DEFAULT = ['Server', 'Clients', 'Memory', 'Persistence', 'Stats', 'Replication', 'CPU', 'Modules', 'Errorstats',
  'Cluster', 'Keyspace'];
const ALL = ['Server', 'Clients', 'Memory', 'Persistence', 'Stats', 'Replication', 'CPU', 'Modules', 'Commandstats',
  'Errorstats', 'Latencystats', 'Cluster', 'Keyspace'];

describe('INFO', () => {
  let s: Started;
  let r: Redis;
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 0));
  before(async () => {
    s = await startServer({ clock });
    r = await connectIoredis(s.port);
  });
  after(async () => {
    r.disconnect();
    await s.stop();
  });

  it('has Redis sections in order, and selects them as Redis does', async () => {
    assert.deepEqual([...parseInfo(await r.info()).keys()], DEFAULT);
    assert.deepEqual([...parseInfo(await r.info('default')).keys()], DEFAULT);
    assert.deepEqual([...parseInfo(await r.info('all')).keys()], ALL);
    assert.deepEqual([...parseInfo(await r.info('everything')).keys()], ALL);
    assert.deepEqual([...parseInfo(await r.call('INFO', 'keyspace', 'SERVER', 'commandstats') as string).keys()],
      ['Server', 'Commandstats', 'Keyspace']);
    assert.equal(await r.info('nosuchsection'), '');
    assert.equal(await r.info('keyspace'), '# Keyspace\r\n');
  });

  it('frames the text as bulk in RESP2 and verbatim in RESP3', async () => {
    const c = await RawConnection.connect(s.port);
    c.send('INFO', 'cluster');
    assert.equal(await c.readRaw(), '$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n');
    await c.call('HELLO', '3');
    c.send('INFO', 'cluster');
    assert.equal(await c.readRaw(), '=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n');
    c.close();
  });

  it('reports true values', async () => {
    await r.set('k1', 'v');
    await r.set('k2', 'v', 'PX', 100000);
    await r.get('k1');
    await r.get('missing');
    await assert.rejects(r.call('INCR', 'k1'));
    await r.call('CLIENT', 'ID');
    clock.advance(5000);
    s.server.cron(); // the expiry cycle samples TTLs into avg_ttl, Redis's running estimate
    const info = parseInfo(await r.info('everything'));
    const server = info.get('Server')!;
    assert.equal(server.get('redis_version'), '7.2.4');
    assert.match(server.get('respite_version')!, /^\d+\.\d+\.\d+/);
    assert.equal(server.get('process_id'), String(process.pid));
    assert.equal(server.get('tcp_port'), String(s.port));
    assert.equal(server.get('uptime_in_seconds'), '5');
    assert.equal(server.get('hz'), '10');
    assert.equal(server.get('run_id'), s.server.runId);
    assert.equal(info.get('Clients')!.get('connected_clients'), '1');
    const mem = info.get('Memory')!;
    assert.ok(Number(mem.get('used_memory')) > 1e6);
    assert.ok(Number(mem.get('used_memory_rss')) > 1e6);
    assert.equal(mem.get('maxmemory_policy'), 'noeviction');
    const p = info.get('Persistence')!;
    assert.equal(p.get('rdb_changes_since_last_save'), String(s.server.keyspace.dirty));
    assert.equal(p.get('aof_enabled'), '0');
    const st = info.get('Stats')!;
    assert.ok(Number(st.get('total_commands_processed')) >= 6);
    assert.equal(st.get('keyspace_hits'), '1');
    assert.equal(st.get('keyspace_misses'), '1');
    assert.equal(st.get('total_error_replies'), '1');
    assert.ok(Number(st.get('total_net_input_bytes')) > 0);
    assert.equal(info.get('Replication')!.get('role'), 'master');
    assert.match(info.get('CPU')!.get('used_cpu_user')!, /^\d+\.\d{6}$/);
    assert.equal(info.get('Errorstats')!.get('errorstat_ERR'), 'count=1');
    assert.match(info.get('Commandstats')!.get('cmdstat_set')!,
      /^calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0$/);
    assert.match(info.get('Commandstats')!.get('cmdstat_incr')!, /failed_calls=1$/);
    assert.match(info.get('Commandstats')!.get('cmdstat_client|id')!, /^calls=1,/);
    // The estimate depends on how many cron runs sampled before the clock moved: 95000..100000.
    const db0 = /^keys=2,expires=1,avg_ttl=(\d+)$/.exec(info.get('Keyspace')!.get('db0')!);
    assert.ok(db0 !== null && Number(db0[1]) >= 95000 && Number(db0[1]) <= 100000, info.get('Keyspace')!.get('db0'));
  });

  it('measures instantaneous ops from the cron samples', async () => {
    for (let i = 0; i < 3; i++) {
      await Promise.all(Array.from({ length: 20 }, () => r.ping()));
      await new Promise((res) => setTimeout(res, 110));
      s.server.cron();
    }
    const st = parseInfo(await r.info('stats')).get('Stats')!;
    assert.ok(Number(st.get('instantaneous_ops_per_sec')) > 0);
    assert.match(st.get('instantaneous_input_kbps')!, /^\d+\.\d\d$/);
  });
});

describe('INFO field names against redis-server', { skip: SKIP_NO_REDIS }, () => {
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

  it('has every Redis field of the sections it reports, except the listed ones', async () => {
    const a = await RawConnection.connect(s.port);
    const b = await RawConnection.connect(real.port);
    await a.call('SET', 'k', 'v');
    await b.call('SET', 'k', 'v');
    const ours = parseInfo(((await a.call('INFO', 'everything')) as string));
    const theirs = parseInfo(((await b.call('INFO', 'everything')) as string));
    a.close();
    b.close();
    // Fields Redis 7.0 has that Respite does not measure yet (left out rather than invented).
    const lacking = new Set(['expire_cycle_cpu_milliseconds', 'total_reads_processed', 'total_writes_processed']);
    const missing: string[] = [];
    for (const [section, fields] of theirs) {
      if (section === 'Commandstats' || section === 'Latencystats' || section === 'Errorstats') continue;
      assert.ok(ours.has(section), `section ${section}`);
      for (const name of fields.keys()) if (!ours.get(section)!.has(name) && !lacking.has(name)) missing.push(`${section}.${name}`);
    }
    assert.deepEqual(missing, []);
    assert.deepEqual([...ours.keys()], [...theirs.keys()]);
  });
});
