// A dataset larger than Node's default heap limit, held by a server started as users start it
// (the bin's V8 flags, nothing passed by hand): load string values until Respite's heap is past
// `--past` MB (default: Node's default limit on this machine + 10%), then read some back and report
// the heap and RSS. Respite only; it needs that much free memory.
//
//   node bench/big-heap.ts [--past MB] [--value-bytes 4000]

import { getHeapStatistics } from 'node:v8';
import { arg, fmt, rssBytes, serverPid, startRespite } from './harness.ts';
import { benchKey, connect, pipelineLoad } from './load.ts';
import { ReplyReader } from '../src/protocol/reply-reader.ts';

/** This process runs without heap flags: its limit is Node's default for this machine. */
const defaultLimitMb = getHeapStatistics().heap_size_limit / 1048576;
const pastMb = Number(arg('--past', String(Math.ceil(defaultLimitMb * 1.1))));
const valueBytes = Number(arg('--value-bytes', '4000'));

async function info(port: number, section: string): Promise<Map<string, string>> {
  const sock = await connect(port);
  const reader = new ReplyReader();
  const reply = new Promise<string>((resolve) => {
    sock.on('data', (d: Buffer) => {
      reader.feed(d);
      const r = reader.next();
      if (r !== undefined) resolve(typeof r === 'string' ? r : '');
    });
  });
  sock.write(`INFO ${section}\r\n`);
  const text = await reply;
  sock.destroy();
  return new Map(text.split('\r\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
}

const s = await startRespite(0);
try {
  const value = 'v'.repeat(valueBytes);
  const batch = 50_000;
  let loaded = 0;
  const t0 = performance.now();
  for (;;) {
    await pipelineLoad(s.port, batch, (_k, i) => ['SET', benchKey(loaded + i), value]);
    loaded += batch;
    const used = Number((await info(s.port, 'memory')).get('used_memory')) / 1048576;
    if (used > pastMb) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  const mem = await info(s.port, 'memory');
  const keys = (await info(s.port, 'keyspace')).get('db0') ?? '';
  const sock = await connect(s.port);
  const reader = new ReplyReader();
  const probe = [0, Math.floor(loaded / 2), loaded - 1];
  const got = new Promise<unknown[]>((resolve) => {
    const out: unknown[] = [];
    sock.on('data', (d: Buffer) => {
      reader.feed(d);
      for (let r = reader.next(); r !== undefined; r = reader.next()) out.push(r);
      if (out.length === probe.length) resolve(out);
    });
  });
  for (const i of probe) sock.write(`GET ${benchKey(i)}\r\n`);
  const values = await got;
  sock.destroy();
  const intact = values.every((v) => v === value);
  console.log(`Node's default heap limit here: ${fmt(defaultLimitMb)} MB (this process runs without flags)`);
  console.log(`Loaded ${fmt(loaded)} keys of ${fmt(valueBytes)}-byte values in ${fmt(seconds, 1)} s: ${keys}`);
  console.log(`Respite used_memory ${fmt(Number(mem.get('used_memory')) / 1048576)} MB, ` +
    `RSS ${fmt(rssBytes(serverPid(s)) / 1048576)} MB; sampled GETs intact: ${intact}`);
} finally {
  await s.stop();
}
