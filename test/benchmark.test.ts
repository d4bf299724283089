// respite-benchmark smoke tests (tiny -n): its -q and --csv output against the real
// redis-benchmark's on the same redis-server (same titles, same line shapes, numbers aside), the
// keys and values it writes, --json, --compare, a command with __rand_int__, and Respite as target.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Histogram } from '../src/bench/histogram.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';

const BIN = new URL('../bin/respite-benchmark.js', import.meta.url).pathname;

function bench(args: string[]): Promise<{ out: string; err: string; code: number }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args]);
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
    p.stderr.on('data', (d: Buffer) => (err += d.toString('latin1')));
    p.on('close', (code) => resolve({ out, err, code: code ?? -1 }));
  });
}

/** Lines with numbers masked, after dropping progress lines (everything up to the last \r). */
function shape(s: string): string[] {
  return s.split('\n').map((l) => l.slice(l.lastIndexOf('\r') + 1).replace(/-?\d+(\.\d+)?|inf/g, 'N'));
}

const HAS_REDIS_BENCHMARK = spawnSync('redis-benchmark', ['--version']).status === 0;

describe('respite-benchmark against the real redis-server', { skip: SKIP_NO_REDIS }, () => {
  let redis: RealRedis;
  before(async () => {
    redis = await startRealRedis();
  });
  after(() => redis.stop());

  it('prints -q lines like redis-benchmark, for the whole default test list', { skip: !HAS_REDIS_BENCHMARK }, async () => {
    const args = ['-p', String(redis.port), '-n', '100', '-c', '5', '-q'];
    const ours = await bench(args);
    const real = spawnSync('redis-benchmark', args, { encoding: 'latin1' });
    assert.equal(ours.code, 0, ours.err);
    assert.deepEqual(shape(ours.out), shape(real.stdout));
    assert.match(ours.out, /^ \rPING_INLINE: \d+\.\d\d requests per second, p50=\d+\.\d{3} msec\n/);
    assert.ok(ours.out.includes('LRANGE_600 (first 600 elements): '));
    assert.ok(ours.out.endsWith('msec\n\n'));
  });

  it('prints --csv like redis-benchmark', { skip: !HAS_REDIS_BENCHMARK }, async () => {
    const args = ['-p', String(redis.port), '-n', '100', '-c', '4', '-P', '4', '--csv', '-t', 'ping,set,get,lpush,mset'];
    const ours = await bench(args);
    const real = spawnSync('redis-benchmark', args, { encoding: 'latin1' });
    assert.deepEqual(shape(ours.out), shape(real.stdout));
    // rps is "inf" when a test finishes within one millisecond: redis-benchmark divides by whole ms too.
    assert.match(ours.out.split('\n')[2]!, /^"PING_MBULK","(\d+\.\d\d|inf)","\d+\.\d{3}","\d+\.\d{3}","\d+\.\d{3}","\d+\.\d{3}","\d+\.\d{3}","\d+\.\d{3}"$/);
  });

  it('writes the same keys and values as redis-benchmark', async () => {
    const c = await RawConnection.connect(redis.port);
    await c.call('FLUSHALL');
    const r = await bench(['-p', String(redis.port), '-n', '50', '-c', '2', '-q', '-d', '5', '-t', 'set,incr,lpush,sadd,hset,zadd']);
    assert.equal(r.code, 0, r.err);
    assert.equal(await c.call('GET', 'key:__rand_int__'), 'VXKeH');
    assert.equal(await c.call('GET', 'counter:__rand_int__'), '50');
    assert.deepEqual(await c.call('LRANGE', 'mylist', '0', '0'), ['VXKeH']);
    assert.deepEqual(await c.call('SMEMBERS', 'myset'), ['element:__rand_int__']);
    assert.deepEqual(await c.call('ZRANGE', 'myzset', '0', '-1', 'WITHSCORES'), ['element:__rand_int__', '0']);
    c.close();
  });

  it('runs a command given after the options, with __rand_int__ and -r', async () => {
    const c = await RawConnection.connect(redis.port);
    await c.call('DEL', 'randlist');
    const r = await bench(['-p', String(redis.port), '-n', '40', '-c', '3', '-r', '1000', '-q', 'lpush', 'randlist', '__rand_int__']);
    assert.match(r.out, /^ \rlpush randlist __rand_int__: \d+\.\d\d requests per second, p50=\d+\.\d{3} msec\n$/);
    assert.equal(await c.call('LLEN', 'randlist'), 40);
    const items = (await c.call('LRANGE', 'randlist', '0', '-1')) as string[];
    assert.ok(items.every((x) => /^\d{12}$/.test(x) && Number(x) < 1000));
    c.close();
  });

  it('prints the full report and --json with p99.9', async () => {
    const full = await bench(['-p', String(redis.port), '-n', '60', '-c', '3', '-t', 'get']);
    assert.match(full.out, /====== GET ======\n {2}60 requests completed in \d+\.\d\d seconds\n {2}3 parallel clients\n {2}3 bytes payload\n {2}keep alive: 1\n {2}host configuration "save": \n/);
    assert.match(full.out, /Summary:\n {2}throughput summary: [\d.]+ requests per second\n/);
    const j = await bench(['-p', String(redis.port), '-n', '60', '-c', '3', '-t', 'get,set', '--json']);
    const doc = JSON.parse(j.out) as { tests: { test: string; p999_latency_ms: number; rps: number }[] };
    assert.deepEqual(doc.tests.map((t) => t.test), ['SET', 'GET']);
    assert.ok(doc.tests[0]!.p999_latency_ms > 0 && doc.tests[0]!.rps > 0);
  });

  it('reports connection failures and bad options like redis-benchmark', async () => {
    const bad = await bench(['-x-nope']);
    assert.equal(bad.code, 1);
    assert.ok(bad.err.startsWith('Invalid option "-x-nope" or option argument missing\n\nUsage:'));
    const refused = await bench(['-p', '1', '-n', '10', '-q']);
    assert.equal(refused.code, 1);
    assert.equal(refused.err, 'Could not connect to Redis at 127.0.0.1:1: Connection refused\nWARNING: Could not fetch server CONFIG\n' +
      'Could not connect to Redis at 127.0.0.1:1: Connection refused\n');
  });
});

describe('respite-benchmark against Respite', () => {
  let s: Started;
  before(async () => {
    s = await startServer();
  });
  after(() => s.stop());

  it('benchmarks the commands Respite has, pipelined, and --compare prints medians and ratios', async () => {
    const r = await bench(['-p', String(s.port), '-n', '200', '-c', '4', '-P', '8', '-q', '-t', 'ping,set,get,incr', '--dbnum', '2']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.out.split('\n').map((l) => l.split(':')[0]!.trim()), ['PING_INLINE', 'PING_MBULK', 'SET', 'GET', 'INCR', '', '']);
    const c = await bench(['-p', String(s.port), '--compare', `127.0.0.1:${s.port}`, '--rounds', '2', '-n', '100', '-c', '2', '-t', 'get', '--json']);
    const doc = JSON.parse(c.out) as { rounds: number; tests: { test: string; ratio: number }[] };
    assert.equal(doc.rounds, 2);
    assert.equal(doc.tests[0]!.test, 'GET');
    assert.ok(doc.tests[0]!.ratio > 0);
  });
});

describe('latency histogram', () => {
  it('buckets like HdrHistogram: 8 µs steps below 16 ms, percentiles as highest equivalents', () => {
    const h = new Histogram(3);
    for (const v of [100, 271, 272, 279, 5000, 20000]) h.record(v);
    assert.equal(h.highestEquivalent(271), 271);
    assert.equal(h.lowestEquivalent(20000), 20000 - (20000 % 16));
    assert.equal(h.min(), 96);
    assert.equal(h.percentile(50), 279);
    assert.equal(h.percentile(100), h.max());
    assert.equal(h.max(), 20015);
    const steps = h.percentileSteps();
    assert.deepEqual(steps[0], [0, 103, 1]);
    assert.deepEqual(steps[steps.length - 1], [100, 20015, 6]);
  });
});
