// PUBLISH throughput side by side with redis-server: 1, 10 and 100 subscribers, on a channel
// (SUBSCRIBE) and through a pattern (PSUBSCRIBE). 10 publisher connections pipeline 16 PUBLISHes
// each; a round ends when every publish is answered and every message delivered.
//   node bench/pubsub.ts [--rounds 3] [--messages 100000]

import type net from 'node:net';
import { encodeCommand } from '../src/protocol/reply-reader.ts';
import { arg, fmt, median, startRedis, startRespite, type ServerProc } from './harness.ts';
import { closedLoop, connect, pinSelf, ReplyCounter } from './load.ts';

const rounds = Number(arg('--rounds', '3'));
const messages = Number(arg('--messages', '100000'));
const publishers = 10;
const depth = 16;
await pinSelf(1);

async function subscribe(port: number, n: number, pattern: boolean): Promise<{ sockets: net.Socket[]; counters: ReplyCounter[] }> {
  const sockets = await Promise.all(Array.from({ length: n }, () => connect(port)));
  const counters = sockets.map(() => new ReplyCounter());
  await Promise.all(sockets.map((s, i) => new Promise<void>((resolve) => {
    s.on('data', (chunk: Buffer) => {
      counters[i]!.feed(chunk);
      if (counters[i]!.count === 1) resolve();
    });
    s.write(encodeCommand(pattern ? ['PSUBSCRIBE', 'bench*'] : ['SUBSCRIBE', 'bench']));
  })));
  return { sockets, counters };
}

async function round(port: number, n: number, pattern: boolean, total: number): Promise<number> {
  const { sockets, counters } = await subscribe(port, n, pattern);
  const base = counters.map((c) => c.count);
  const batch = Buffer.concat(Array.from({ length: depth }, () => encodeCommand(['PUBLISH', 'bench', 'hello world!'])));
  const perClient = Math.max(1, Math.floor(total / publishers / depth));
  const expected = perClient * publishers * depth;
  const start = performance.now();
  await closedLoop(port, publishers, batch, depth, perClient);
  // Wait for the last deliveries.
  while (counters.some((c, i) => c.count - base[i]! < expected)) await new Promise((r) => setImmediate(r));
  const secs = (performance.now() - start) / 1000;
  for (const s of sockets) s.destroy();
  return expected / secs;
}

const servers: ServerProc[] = [await startRespite(0), await startRedis(0)];
const results = new Map<string, number[]>();
const cases: [number, boolean][] = [[1, false], [10, false], [100, false], [1, true], [10, true], [100, true]];
try {
  for (const [n, pattern] of cases) {
    const total = Math.max(10000, Math.floor(messages / Math.sqrt(n)));
    for (const s of servers) await round(s.port, n, pattern, total / 4); // warm-up
    for (let r = 0; r < rounds; r++) {
      for (const s of r % 2 === 0 ? servers : [...servers].reverse()) {
        const key = `${n}|${pattern}|${s.name}`;
        results.set(key, [...(results.get(key) ?? []), await round(s.port, n, pattern, total)]);
      }
    }
  }
} finally {
  await Promise.all(servers.map((s) => s.stop()));
}
console.log(`\nPUBLISH, ${publishers} publishers x ${depth} pipelined, ${rounds} alternating rounds, medians (messages published/s; each delivered to every subscriber)\n`);
console.log('| subscribers | via | Respite | Redis | ratio |');
console.log('|---:|---|---:|---:|---:|');
for (const [n, pattern] of cases) {
  const a = median(results.get(`${n}|${pattern}|respite`)!);
  const b = median(results.get(`${n}|${pattern}|redis`)!);
  console.log(`| ${n} | ${pattern ? 'pattern' : 'channel'} | ${fmt(a)} | ${fmt(b)} | ${(a / b).toFixed(2)} |`);
}
