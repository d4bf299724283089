// ZADD and ZRANK cost as a sorted set grows (10k, 100k, 1M members), side by side with
// redis-server: logarithmic structures should show slowly growing per-operation times. Every
// command names a different member, spread over the set (the same few again would stay in cache).
//   node bench/zset-scaling.ts [--sizes 10000,100000,1000000] [--ops 400000]

import { encodeCommand } from '../src/protocol/reply-reader.ts';
import { arg, fmt, startRedis, startRespite, type ServerProc } from './harness.ts';
import { closedLoop, pinSelf } from './load.ts';

const sizes = arg('--sizes', '10000,100000,1000000').split(',').map(Number);
const ops = Number(arg('--ops', '400000'));
await pinSelf(1);

async function fill(port: number, n: number): Promise<void> {
  const per = 1000;
  const cmds: Buffer[] = [];
  for (let i = 0; i < n; i += per) {
    const args = ['ZADD', 'z'];
    for (let j = i; j < Math.min(n, i + per); j++) args.push(String(j * 2), `member:${j * 2}`);
    cmds.push(encodeCommand(args));
  }
  await closedLoop(port, 1, Buffer.concat(cmds), cmds.length, 1);
}

/**
 * Microseconds per operation for `ops` distinct commands (make(0) ... make(ops - 1)), pipelined 16
 * deep on 4 connections, after a warm-up of a fifth as many (make(-1), make(-2)...; JIT for
 * Respite): the same batch sent again would re-add existing members and rank the same few.
 */
async function time(port: number, make: (i: number) => string[]): Promise<number> {
  const depth = 16;
  const conns = 4;
  const build = (count: number, sign: number): Buffer[] => Array.from({ length: Math.ceil(count / depth) }, (_, b) =>
    Buffer.concat(Array.from({ length: depth }, (_, i) => encodeCommand(make(sign * (b * depth + i) + (sign < 0 ? -1 : 0))))));
  const warm = build(ops / 5, -1);
  await closedLoop(port, conns, warm, depth, Math.ceil(warm.length / conns));
  const batches = build(ops, 1);
  const rounds = Math.ceil(batches.length / conns);
  const secs = await closedLoop(port, conns, batches, depth, rounds);
  return (secs * 1e6) / (rounds * depth * conns);
}

const rows: string[] = [];
for (const n of sizes) {
  const servers: ServerProc[] = [await startRespite(0), await startRedis(0)];
  try {
    const cells: string[] = [];
    for (const s of servers) {
      await fill(s.port, n);
      // Both touch existing members spread over the whole set, so its size stays n: ZADD moves a
      // member to a new (odd) score, a delete and an insert in the skiplist.
      const zadd = await time(s.port, (i) => ['ZADD', 'z', String(((Math.abs(i) * 2654435761) % n) * 2 + 1), `member:${((Math.abs(i) * 7919) % n) * 2}`]);
      const zrank = await time(s.port, (i) => ['ZRANK', 'z', `member:${((Math.abs(i) * 104729) % n) * 2}`]);
      cells.push(`${zadd.toFixed(2)} / ${zrank.toFixed(2)}`);
    }
    rows.push(`| ${fmt(n)} | ${cells[0]} | ${cells[1]} |`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
console.log('\nZADD (an existing member to a new score) / ZRANK, µs per operation at 16-deep pipelines on 4 connections\n');
console.log('| members | Respite ZADD / ZRANK | Redis ZADD / ZRANK |');
console.log('|---:|---:|---:|');
for (const r of rows) console.log(r);
