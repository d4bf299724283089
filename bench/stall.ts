// Latency tail with a large dataset, side by side with redis-server: load N string keys (default
// 5M) into each server, then run a steady closed-loop load over the whole keyspace (redis-benchmark,
// 50 clients, random keys, SET then GET) in alternating rounds, and report p50/p99/p99.9/max per
// server. Respite runs with --trace-gc: its GC pauses during the steady load (and during loading)
// are parsed from that log, so the longest stall is shown with its kind.
//
//   node bench/stall.ts [--keys 5000000] [--requests 1000000] [--rounds 2] [--churn 3500000] [--node-flags '--max-semi-space-size=2']
//
// --churn N then replaces N keys, oldest first (DEL of a loaded key, SET of a new one), as a cache
// whose keys expire and are replaced does, with the PING probe running: the keyspace's size stays
// the same, but its table fills with deleted entries (0 skips it). Its GC pauses count as loading's,
// and the steady phase after it finds the first N keys gone: give --rounds 0 to measure it alone.
//
// --node-flags adds V8 flags after the bin's own (the later one of a flag wins), to try GC settings.
//
// Servers are pinned to core 0 and the load to core 1 when taskset exists (2-core machine).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  arg, fmt, have, median, redisBenchmark, rssBytes, serverPid, startRedis, startRespite, type BenchResult, type ServerProc,
} from './harness.ts';
import { benchKey, connect, pipelineLoad } from './load.ts';

if (!have('redis-server') || !have('redis-benchmark')) {
  console.error('bench: needs redis-server and redis-benchmark (apt-get install -y redis-server redis-tools)');
  process.exit(1);
}

const keys = Number(arg('--keys', '5000000'));
const requests = arg('--requests', '1000000');
const rounds = Number(arg('--rounds', '2'));
const churn = Number(arg('--churn', '0'));
const nodeFlags = arg('--node-flags', '').split(' ').filter((f) => f !== '');

/** The steady load: SET then GET at random keys over the whole keyspace, 50 clients. */
function tailBenchmark(port: number): Map<string, BenchResult> {
  return redisBenchmark(port, ['-c', '50', '-n', requests, '-r', String(keys), '-t', 'set,get'], 1);
}

/** One GC event from V8's --trace-gc line: its kind and the main-thread pause (or longest step). */
interface GcPause { at: number; kind: string; ms: number }

function parseTraceGc(text: string): GcPause[] {
  const out: GcPause[] = [];
  for (const line of text.split('\n')) {
    const m = /\s(\d+) ms: ([A-Za-z-]+(?: \([a-z ]+\))?) .*?MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ [\d.]+ ms/.exec(line);
    if (m === null) continue;
    out.push({ at: Number(m[1]), kind: m[2]!, ms: Number(m[3]) });
    const step = /biggest step ([\d.]+) ms/.exec(line);
    if (step !== null) out.push({ at: Number(m[1]), kind: `${m[2]} (incremental step)`, ms: Number(step[1]) });
  }
  return out;
}

function worst(pauses: GcPause[]): string {
  if (pauses.length === 0) return 'none';
  const w = pauses.reduce((a, b) => (b.ms > a.ms ? b : a));
  const byKind = new Map<string, number>();
  for (const p of pauses) byKind.set(p.kind, (byKind.get(p.kind) ?? 0) + 1);
  const counts = [...byKind].map(([k, n]) => `${n} ${k}`).join(', ');
  const ms = pauses.map((p) => p.ms).sort((a, b) => a - b);
  const at = (q: number): string => fmt(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!, 2);
  return `${fmt(w.ms, 2)} ms (${w.kind}); ${pauses.length} events (${counts}); pause median ${at(0.5)} ms, p90 ${at(0.9)} ms`;
}

/**
 * Runs `work` while another connection sends a PING whenever the last one came back, at most one
 * per millisecond; returns the longest round trip, the longest stall a client saw. (The loader
 * shares this process, so its own pauses count too, for both servers alike.)
 */
async function probeStalls(port: number, work: () => Promise<void>): Promise<number> {
  const sock = await connect(port);
  let longest = 0;
  let sentAt = -1;
  sock.on('data', () => {
    longest = Math.max(longest, performance.now() - sentAt);
    sentAt = -1;
  });
  const timer = setInterval(() => {
    if (sentAt >= 0) return;
    sentAt = performance.now();
    sock.write('PING\r\n');
  }, 1);
  try {
    await work();
  } finally {
    clearInterval(timer);
    sock.destroy();
  }
  return longest;
}

const spawnedAt = performance.now();
// V8 prints the trace through C stdio, fully buffered, into a file read at the end: phases are told
// apart by each line's own timestamp (ms since the isolate started, about when it was spawned).
const gcLogFile = join(mkdtempSync(join(tmpdir(), 'respite-stall-')), 'trace-gc.log');
const respite = await startRespite(0, [], [...nodeFlags, '--trace-gc'], gcLogFile);
const redis = await startRedis(0);
const servers: ServerProc[] = [respite, redis];
const samples = new Map<string, Map<string, BenchResult[]>>(); // test -> server -> rounds
let loadPauses: GcPause[] = [];
let steadyPauses: GcPause[] = [];
const rss = new Map<string, number>();

try {
  for (const s of servers) {
    const t0 = performance.now();
    const stall = await probeStalls(s.port, () => pipelineLoad(s.port, keys, (k) => ['SET', k, 'xxx']));
    console.log(`${s.name}: loaded ${fmt(keys)} keys in ${fmt((performance.now() - t0) / 1000, 1)} s; ` +
      `longest PING round trip meanwhile ${fmt(stall, 1)} ms`);
  }
  if (churn > 0) {
    for (const s of servers) {
      const t0 = performance.now();
      const replace = (_k: string, i: number): string[] =>
        i % 2 === 0 ? ['DEL', benchKey(i / 2)] : ['SET', benchKey(keys + (i - 1) / 2), 'xxx'];
      const stall = await probeStalls(s.port, () => pipelineLoad(s.port, 2 * churn, replace));
      console.log(`${s.name}: replaced ${fmt(churn)} keys in ${fmt((performance.now() - t0) / 1000, 1)} s; ` +
        `longest PING round trip meanwhile ${fmt(stall, 1)} ms`);
    }
  }
  const steadyFrom = performance.now() - spawnedAt;
  for (let r = 0; r < rounds; r++) {
    for (const s of r % 2 === 0 ? servers : [...servers].reverse()) {
      for (const [test, tail] of tailBenchmark(s.port)) {
        let byServer = samples.get(test);
        if (byServer === undefined) samples.set(test, (byServer = new Map<string, BenchResult[]>()));
        let list = byServer.get(s.name);
        if (list === undefined) byServer.set(s.name, (list = []));
        list.push(tail);
      }
    }
  }
  for (const s of servers) rss.set(s.name, rssBytes(serverPid(s)));
  // A clean exit flushes the buffered trace.
  const exited = new Promise((resolve) => respite.proc.once('exit', resolve));
  respite.proc.kill('SIGTERM');
  await exited;
  const all = parseTraceGc(readFileSync(gcLogFile, 'latin1'));
  rmSync(dirname(gcLogFile), { recursive: true, force: true });
  loadPauses = all.filter((p) => p.at < steadyFrom);
  steadyPauses = all.filter((p) => p.at >= steadyFrom);
} finally {
  await Promise.all(servers.map((s) => s.stop()));
}

const med = (xs: BenchResult[], f: (t: BenchResult) => number): number => median(xs.map(f));
console.log(`\n${fmt(keys)} keys loaded; redis-benchmark -c 50 -n ${requests} -r ${keys}, ${rounds} alternating rounds, medians`);
console.log('(server core 0, benchmark core 1; latencies in ms; p99 exact, p99.9 the first histogram row at or above 99.9%)\n');
console.log('| test | server | rps | p50 | p99 | p99.9 | max |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const [test, byServer] of samples) {
  for (const [name, xs] of byServer) {
    console.log(`| ${test} | ${name} | ${fmt(med(xs, (t) => t.rps))} | ${fmt(med(xs, (t) => t.p50), 3)} | ` +
      `${fmt(med(xs, (t) => t.p99), 3)} | ${fmt(med(xs, (t) => t.p999), 3)} | ${fmt(Math.max(...xs.map((t) => t.max)), 3)} |`);
  }
}
console.log(`\nRSS after the run: Respite ${fmt(rss.get('respite')! / 1048576)} MiB, Redis ${fmt(rss.get('redis')! / 1048576)} MiB`);
console.log(`Respite GC while loading: worst ${worst(loadPauses)}`);
console.log(`Respite GC under steady load: worst ${worst(steadyPauses)}`);
