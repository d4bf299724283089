// The executor's own cost per command, without sockets or the kernel: a Server fed prebuilt
// pipelined batches (16 commands, as redis-benchmark -P 16) through a Connection that discards the
// replies. It measures parse + dispatch + handler + reply building, which is what user-space
// profiling changes move; socket benchmarks (throughput.ts) are too noisy for a few percent.
//
//   node bench/inproc.ts [--tests set,get,incr,lpush,hset,sadd,zadd] [--batches 100000] [--rounds 5]
//
// Prints the best round's nanoseconds per command (the least disturbed). Pin it: taskset -c 0.

import { Server } from '../src/server/server.ts';
import type { Connection } from '../src/server/client.ts';
import { arg } from './harness.ts';

function resp(args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** The commands redis-benchmark sends for each test (its key and value names). */
const TESTS: Record<string, string[]> = {
  ping: ['PING'],
  set: ['SET', 'key:__rand_int__', 'xxx'],
  get: ['GET', 'key:__rand_int__'],
  incr: ['INCR', 'counter:__rand_int__'],
  lpush: ['LPUSH', 'mylist', 'xxx'],
  rpush: ['RPUSH', 'mylist', 'xxx'],
  rpop: ['RPOP', 'mylist'],
  spop: ['SPOP', 'myset'],
  zpopmin: ['ZPOPMIN', 'myzset'],
  sadd: ['SADD', 'myset', 'element:__rand_int__'],
  hset: ['HSET', 'myhash', 'element:__rand_int__', 'xxx'],
  zadd: ['ZADD', 'myzset', '0', 'element:__rand_int__'],
  mset: ['MSET', ...Array.from({ length: 10 }, () => ['key:__rand_int__', 'xxx']).flat()],
};

const sink: Connection = {
  kind: 'tcp',
  remoteAddress: '127.0.0.1:1',
  localAddress: '127.0.0.1:2',
  fd: -1,
  pendingBytes: 0,
  write: () => {},
  writeReply: (w) => { w.len = 0; },
  pauseReading: () => {},
  resumeReading: () => {},
  close: () => {},
  destroy: () => {},
};

const tests = arg('--tests', 'set,get,incr,lpush,hset,sadd,zadd').split(',');
const batches = Number(arg('--batches', '100000'));
const rounds = Number(arg('--rounds', '5'));
const server = new Server({ config: { port: 0 } });
const client = server.accept(sink)!;
for (const t of tests) {
  const cmd = TESTS[t];
  if (cmd === undefined) throw new Error(`unknown test ${t}`);
  const batch = Buffer.from(resp(cmd).repeat(16), 'latin1');
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batches; i++) server.onInput(client, batch);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / (batches * 16));
  }
  console.log(`${t.padEnd(6)} ${best.toFixed(1)} ns/command`);
}
process.exit(0);
