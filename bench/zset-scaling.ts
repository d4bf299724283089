// ZADD and ZRANK cost as a sorted set grows (10k, 100k, 1M members), side by side with
// redis-server: logarithmic structures should show slowly growing per-operation times.
//   node bench/zset-scaling.ts [--sizes 10000,100000,1000000] [--ops 50000]

import { encodeCommand } from '../src/protocol/reply-reader.ts';
import { arg, fmt, startRedis, startRespite, type ServerProc } from './harness.ts';
import { closedLoop, pinSelf } from './load.ts';

const sizes = arg('--sizes', '10000,100000,1000000').split(',').map(Number);
const ops = Number(arg('--ops', '50000'));
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

/** Microseconds per operation for `ops` commands pipelined 16 deep on 4 connections. */
async function time(port: number, make: (i: number) => string[]): Promise<number> {
  const depth = 16;
  const batch = Buffer.concat(Array.from({ length: depth }, (_, i) => encodeCommand(make(i))));
  const rounds = Math.ceil(ops / depth / 4);
  const secs = await closedLoop(port, 4, batch, depth, rounds);
  return (secs * 1e6) / (rounds * depth * 4);
}

const rows: string[] = [];
for (const n of sizes) {
  const servers: ServerProc[] = [await startRespite(0), await startRedis(0)];
  try {
    const cells: string[] = [];
    for (const s of servers) {
      await fill(s.port, n);
      let k = 0;
      // Odd scores are new members, spread over the whole range.
      const zadd = await time(s.port, () => {
        k++;
        const v = (((k * 2654435761) % n) * 2 + 1) >>> 0;
        return ['ZADD', 'z', String(v), `new:${k}`];
      });
      const zrank = await time(s.port, (i) => ['ZRANK', 'z', `member:${(((i + k++) * 7919) % n) * 2}`]);
      cells.push(`${zadd.toFixed(2)} / ${zrank.toFixed(2)}`);
    }
    rows.push(`| ${fmt(n)} | ${cells[0]} | ${cells[1]} |`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
console.log('\nZADD (new member) / ZRANK, µs per operation at 16-deep pipelines on 4 connections\n');
console.log('| members | Respite ZADD / ZRANK | Redis ZADD / ZRANK |');
console.log('|---:|---:|---:|');
for (const r of rows) console.log(r);
