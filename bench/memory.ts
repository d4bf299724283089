// Memory per key side by side: load N small string keys (`key:<i>` -> 3-byte value, as
// redis-benchmark's SET with -d 3) into Respite and into Debian's redis-server, and compare RSS
// growth per key.
//
//   node bench/memory.ts [--keys 1000000] [--value-size 3]

import net from 'node:net';
import { arg, fmt, have, rssBytes, serverPid, startRedis, startRespite, type ServerProc } from './harness.ts';

if (!have('redis-server')) {
  console.error('bench: needs redis-server (apt-get install -y redis-server)');
  process.exit(1);
}

const keys = Number(arg('--keys', '1000000'));
const valueSize = Number(arg('--value-size', '3'));
const value = 'x'.repeat(valueSize);

/** Loads keys with large pipelined batches and waits for every reply. */
async function load(port: number): Promise<void> {
  const sock = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => sock.once('connect', () => resolve()));
  let replies = 0;
  const done = new Promise<void>((resolve) => {
    sock.on('data', (d: Buffer) => {
      for (let i = 0; i < d.length; i++) if (d[i] === 10) replies++;
      if (replies >= keys) resolve();
    });
  });
  const batch = 10000;
  for (let i = 0; i < keys; i += batch) {
    let s = '';
    for (let j = i; j < Math.min(keys, i + batch); j++) {
      const k = `key:${String(j).padStart(12, '0')}`;
      s += `*3\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${value.length}\r\n${value}\r\n`;
    }
    if (!sock.write(s)) await new Promise<void>((resolve) => sock.once('drain', () => resolve()));
  }
  await done;
  sock.destroy();
}

async function measure(s: ServerProc): Promise<{ before: number; after: number }> {
  await new Promise((r) => setTimeout(r, 300));
  const before = rssBytes(serverPid(s));
  await load(s.port);
  await new Promise((r) => setTimeout(r, 1500)); // let a GC cycle settle
  const after = rssBytes(serverPid(s));
  return { before, after };
}

const rows: string[] = [];
for (const start of [startRespite, startRedis]) {
  const s = await start(null);
  try {
    const m = await measure(s);
    rows.push(`| ${s.name} | ${fmt(m.before / 1048576, 1)} MiB | ${fmt(m.after / 1048576, 1)} MiB | ${fmt((m.after - m.before) / keys, 1)} |`);
  } finally {
    await s.stop();
  }
}
console.log(`\n${fmt(keys)} string keys (key:<12 digits>, ${valueSize}-byte values)\n`);
console.log('| server | RSS before | RSS after | bytes per key |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(r);
