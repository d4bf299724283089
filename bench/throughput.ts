// Throughput side by side: Respite vs Debian's redis-server, redis-benchmark with 50 clients,
// alternating rounds (R-S-S-R-...), medians and ratios, at each pipeline depth. A second table pairs
// the two servers' p99 round by round (both ran in the same round, back to back): the median of
// those ratios, their range, and how many rounds were within 1.2x, which shows the VM's noise
// where a ratio of medians hides it. p99.9 is the first row of redis-benchmark's percentile
// distribution at or above 99.9% (harness.ts, parseBenchmarkOutput).
//
//   node bench/throughput.ts [--tests set,get,incr,mset|all] [--pipelines 1,16] [--rounds 5] [--requests 200000]
//
// Servers are pinned to core 0 and redis-benchmark to core 1 when taskset exists (2-core machine).

import { arg, fmt, have, median, redisBenchmark, startRedis, startRespite, type BenchResult, type ServerProc } from './harness.ts';

if (!have('redis-server') || !have('redis-benchmark')) {
  console.error('bench: needs redis-server and redis-benchmark (apt-get install -y redis-server redis-tools)');
  process.exit(1);
}

/**
 * redis-benchmark's default tests (what it runs without -t), less XADD: streams are not served yet.
 * `lrange` is its LPUSH that fills the list the LRANGE_* tests read.
 */
const ALL_TESTS = 'ping_inline,ping_mbulk,set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange,' +
  'lrange_100,lrange_300,lrange_500,lrange_600,mset';
const chosenTests = arg('--tests', 'set,get,incr,mset');
const tests = chosenTests === 'all' ? ALL_TESTS : chosenTests;
const pipelines = arg('--pipelines', '1,16').split(',').map(Number);
const rounds = Number(arg('--rounds', '5'));
const requests = Number(arg('--requests', '200000'));
const clients = arg('--clients', '50');
const serverCore = 0;
const benchCore = 1;

const respite = await startRespite(serverCore);
const redis = await startRedis(serverCore);
const servers: ServerProc[] = [respite, redis];

type Sample = { rps: number[]; p50: number[]; p99: number[]; p999: number[] };
const results = new Map<string, Map<string, Sample>>(); // "P=1 SET" -> server -> samples

/**
 * The tests in two runs of redis-benchmark. The LRANGE reads cost 30-60 times a SET, so they get the
 * base request count at every depth, and the rest 4 times as many when pipelined (a second or more
 * per test at ~1M requests/s). redis-benchmark's `lrange` selects its list fill and every LRANGE_*
 * test, so it goes with them.
 */
const lrangeReads = tests.split(',').filter((t) => t.startsWith('lrange')).join(',');
const quickTests = tests.split(',').filter((t) => !t.startsWith('lrange')).join(',');
function runTests(port: number, p: number): Map<string, BenchResult> {
  const out = new Map<string, BenchResult>();
  const groups: [string, number][] = [[quickTests, p === 1 ? requests : requests * 4], [lrangeReads, requests]];
  for (const [t, n] of groups) {
    if (t === '') continue;
    for (const [k, v] of redisBenchmark(port, ['-c', clients, '-n', String(n), '-t', t, '-P', String(p)], benchCore)) out.set(k, v);
  }
  return out;
}

try {
  for (const p of pipelines) {
    // Warm up both (JIT for Respite), then alternate the order every round.
    for (const s of servers) runTests(s.port, p);
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? servers : [...servers].reverse();
      for (const s of order) {
        const res = runTests(s.port, p);
        for (const [test, v] of res) {
          const key = `P=${p} ${test}`;
          let byServer = results.get(key);
          if (byServer === undefined) results.set(key, (byServer = new Map<string, Sample>()));
          let sample = byServer.get(s.name);
          if (sample === undefined) byServer.set(s.name, (sample = { rps: [], p50: [], p99: [], p999: [] }));
          sample.rps.push(v.rps);
          sample.p50.push(v.p50);
          sample.p99.push(v.p99);
          sample.p999.push(v.p999);
        }
      }
    }
  }
} finally {
  await Promise.all(servers.map((s) => s.stop()));
}

console.log(`\nredis-benchmark, ${clients} clients, ${rounds} alternating rounds, medians (server core 0, benchmark core 1)\n`);
console.log('| test | Respite rps | Redis rps | ratio | Respite p50/p99/p99.9 ms | Redis p50/p99/p99.9 ms |');
console.log('|---|---:|---:|---:|---:|---:|');
const summary = new Map<string, { minRatio: number; minTest: string; maxP99: number; p99Test: string }>();
for (const [key, byServer] of results) {
  const a = byServer.get('respite')!;
  const b = byServer.get('redis')!;
  const ra = median(a.rps);
  const rb = median(b.rps);
  const lat = (x: Sample): string => `${median(x.p50).toFixed(3)}/${median(x.p99).toFixed(3)}/${median(x.p999).toFixed(3)}`;
  console.log(`| ${key} | ${fmt(ra)} | ${fmt(rb)} | ${(ra / rb).toFixed(2)} | ${lat(a)} | ${lat(b)} |`);
  const p = key.slice(0, key.indexOf(' '));
  let sum = summary.get(p);
  if (sum === undefined) summary.set(p, (sum = { minRatio: Infinity, minTest: '', maxP99: 0, p99Test: '' }));
  if (ra / rb < sum.minRatio) Object.assign(sum, { minRatio: ra / rb, minTest: key });
  const p99 = median(a.p99) / median(b.p99);
  if (p99 > sum.maxP99) Object.assign(sum, { maxP99: p99, p99Test: key });
}
console.log('');
for (const [p, sum] of summary) {
  console.log(`${p}: lowest throughput ratio ${sum.minRatio.toFixed(2)} (${sum.minTest}); highest p99 ratio ${sum.maxP99.toFixed(2)} (${sum.p99Test})`);
}

if (rounds >= 2) {
  console.log('\np99 paired by round (Respite / Redis in the same round)\n');
  console.log('| test | median ratio | range | rounds within 1.2x |');
  console.log('|---|---:|---|---:|');
  for (const [key, byServer] of results) {
    const a = byServer.get('respite')!.p99;
    const b = byServer.get('redis')!.p99;
    const ratios = a.map((x, i) => x / b[i]!);
    const within = ratios.filter((x) => x <= 1.2).length;
    console.log(`| ${key} | ${median(ratios).toFixed(2)} | ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} | ` +
      `${within} of ${ratios.length} |`);
  }
}
