// Memory per key side by side with redis-server: load N keys of one workload into each server and
// compare RSS growth per key. Workloads:
//   strings   key:<i> -> 3-byte value (as redis-benchmark's SET -d 3)
//   hash      10 fields of 8-byte values per key
//   intset    a set of 10 small integers per key
//   zset      10 members with scores per key
//   list      10 elements per key
//   node bench/memory.ts [--workload strings|hash|intset|zset|list|all] [--keys N]

import { arg, fmt, have, rssBytes, serverPid, startRedis, startRespite, type ServerProc } from './harness.ts';
import { pipelineLoad } from './load.ts';

if (!have('redis-server')) {
  console.error('bench: needs redis-server (apt-get install -y redis-server)');
  process.exit(1);
}

const TEN = Array.from({ length: 10 }, (_, j) => j);
const WORKLOADS: Record<string, { keys: number; command: (key: string, i: number) => string[] }> = {
  strings: { keys: 1_000_000, command: (k) => ['SET', k, 'xxx'] },
  hash: { keys: 200_000, command: (k) => ['HSET', k, ...TEN.flatMap((j) => [`field:${j}`, 'value:00'])] },
  intset: { keys: 200_000, command: (k, i) => ['SADD', k, ...TEN.map((j) => String(i + j * 1000))] },
  zset: { keys: 200_000, command: (k) => ['ZADD', k, ...TEN.flatMap((j) => [String(j * 1.5), `member:${j}`])] },
  list: { keys: 200_000, command: (k) => ['RPUSH', k, ...TEN.map((j) => `element:${j}`)] },
};

/**
 * MEMORY PURGE: Redis asks jemalloc to return dirty pages, Respite runs a full GC. Without it
 * Respite's figure depended on where the GC cycle stood when RSS was read (intset: 180 to 230
 * bytes per key from one run to the next).
 */
async function purge(s: ServerProc): Promise<void> {
  await pipelineLoad(s.port, 1, () => ['MEMORY', 'PURGE']);
}

async function measure(s: ServerProc, keys: number, command: (key: string, i: number) => string[]): Promise<{ before: number; after: number }> {
  await new Promise((r) => setTimeout(r, 300));
  await purge(s);
  const before = rssBytes(serverPid(s));
  await pipelineLoad(s.port, keys, command);
  await new Promise((r) => setTimeout(r, 1500)); // let the loading's garbage settle
  await purge(s);
  return { before, after: rssBytes(serverPid(s)) };
}

const chosen = arg('--workload', 'strings');
const names = chosen === 'all' ? Object.keys(WORKLOADS) : [chosen];
const table: string[] = [];
for (const name of names) {
  const w = WORKLOADS[name];
  if (w === undefined) throw new Error(`unknown workload ${name}`);
  const keys = Number(arg('--keys', String(w.keys)));
  const perKey: number[] = [];
  for (const start of [startRespite, startRedis]) {
    const s = await start(null);
    try {
      const m = await measure(s, keys, w.command);
      perKey.push((m.after - m.before) / keys);
      console.log(`${name} ${s.name}: RSS ${fmt(m.before / 1048576, 1)} -> ${fmt(m.after / 1048576, 1)} MiB`);
    } finally {
      await s.stop();
    }
  }
  table.push(`| ${name} | ${fmt(keys)} | ${fmt(perKey[0]!, 1)} | ${fmt(perKey[1]!, 1)} | ${(perKey[0]! / perKey[1]!).toFixed(2)} |`);
}
console.log('\nRSS growth per key (bytes), after loading, a 1.5 s settle and MEMORY PURGE\n');
console.log('| workload | keys | Respite | Redis | ratio |');
console.log('|---|---:|---:|---:|---:|');
for (const r of table) console.log(r);
