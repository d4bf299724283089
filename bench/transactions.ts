// MULTI/EXEC of 10 SETs side by side with redis-server: 50 clients, each sending one transaction
// (MULTI, 10 x SET, EXEC) per round trip, and again 16 transactions per round trip.
//   node bench/transactions.ts [--rounds 5] [--transactions 100000]

import { encodeCommand } from '../src/protocol/reply-reader.ts';
import { arg, fmt, median, startRedis, startRespite, type ServerProc } from './harness.ts';
import { closedLoop, pinSelf } from './load.ts';

const rounds = Number(arg('--rounds', '5'));
const total = Number(arg('--transactions', '100000'));
const clients = 50;
await pinSelf(1);

function transaction(i: number): Buffer {
  const parts = [encodeCommand(['MULTI'])];
  for (let j = 0; j < 10; j++) parts.push(encodeCommand(['SET', `key:${i}:${j}`, 'xxx']));
  parts.push(encodeCommand(['EXEC']));
  return Buffer.concat(parts);
}

const servers: ServerProc[] = [await startRespite(0), await startRedis(0)];
const results = new Map<string, number[]>();
try {
  for (const depth of [1, 16]) {
    const batch = Buffer.concat(Array.from({ length: depth }, (_, i) => transaction(i)));
    const perClient = Math.max(1, Math.floor(total / clients / depth));
    for (const s of servers) await closedLoop(s.port, clients, batch, 12 * depth, Math.ceil(perClient / 4)); // warm-up
    for (let r = 0; r < rounds; r++) {
      for (const s of r % 2 === 0 ? servers : [...servers].reverse()) {
        const secs = await closedLoop(s.port, clients, batch, 12 * depth, perClient);
        const key = `${depth}|${s.name}`;
        results.set(key, [...(results.get(key) ?? []), (clients * perClient * depth) / secs]);
      }
    }
  }
} finally {
  await Promise.all(servers.map((s) => s.stop()));
}
console.log(`\nMULTI + 10 SET + EXEC, ${clients} clients, ${rounds} alternating rounds, medians (transactions/s)\n`);
console.log('| transactions per round trip | Respite | Redis | ratio |');
console.log('|---:|---:|---:|---:|');
for (const depth of [1, 16]) {
  const a = median(results.get(`${depth}|respite`)!);
  const b = median(results.get(`${depth}|redis`)!);
  console.log(`| ${depth} | ${fmt(a)} | ${fmt(b)} | ${(a / b).toFixed(2)} |`);
}
