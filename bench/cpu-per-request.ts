// User and system CPU per request of each server under one redis-benchmark test, read from
// /proc/<pid>/stat around the run: where a throughput ratio comes from (the kernel's loopback work,
// which both servers pay, against the server's own user-space time).
//
//   node bench/cpu-per-request.ts [--tests set,get,lpush] [--pipeline 16] [--requests 2000000] [--rounds 3]
//
// Servers on core 0, redis-benchmark on core 1. Prints the median per round of µs per request.

import { readFileSync } from 'node:fs';
import { arg, fmt, have, median, redisBenchmark, serverPid, startRedis, startRespite, type ServerProc } from './harness.ts';

if (!have('redis-server') || !have('redis-benchmark')) {
  console.error('bench: needs redis-server and redis-benchmark (apt-get install -y redis-server redis-tools)');
  process.exit(1);
}

const tests = arg('--tests', 'set,get,lpush').split(',');
const pipeline = arg('--pipeline', '16');
const requests = Number(arg('--requests', '2000000'));
const rounds = Number(arg('--rounds', '3'));
const TICK_US = 1e6 / 100; // USER_HZ is 100 on Linux

/** utime and stime of a process, in µs. */
function cpu(pid: number): { user: number; sys: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(f[11]) * TICK_US, sys: Number(f[12]) * TICK_US };
}

const servers: ServerProc[] = [await startRespite(0), await startRedis(0)];
try {
  console.log(`| test | server | rps | user µs/req | sys µs/req |`);
  console.log(`|---|---|---:|---:|---:|`);
  for (const t of tests) {
    const samples = servers.map(() => ({ rps: [] as number[], user: [] as number[], sys: [] as number[] }));
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < servers.length; i++) {
        const s = servers[(i + r) % servers.length]!;
        const k = servers.indexOf(s);
        const pid = serverPid(s);
        const a = cpu(pid);
        const res = redisBenchmark(s.port, ['-t', t, '-n', String(requests), '-P', pipeline, '-c', '50'], 1);
        const b = cpu(pid);
        const row = [...res.values()][0]!;
        samples[k]!.rps.push(row.rps);
        samples[k]!.user.push((b.user - a.user) / requests);
        samples[k]!.sys.push((b.sys - a.sys) / requests);
      }
    }
    servers.forEach((s, i) => {
      const x = samples[i]!;
      console.log(`| ${t} | ${s.name} | ${fmt(median(x.rps))} | ${median(x.user).toFixed(3)} | ${median(x.sys).toFixed(3)} |`);
    });
  }
} finally {
  for (const s of servers) await s.stop();
}
