// A closed-loop load generator for benchmarks redis-benchmark cannot express (transactions, pub/sub
// fan-out): each connection sends a prebuilt batch of requests, waits for all of its replies, and
// repeats until the total is reached. Replies are counted, not decoded.

import net from 'node:net';
import { skipReply } from '../src/protocol/reply-reader.ts';

/** Counts complete replies arriving on a socket. */
export class ReplyCounter {
  #buf: Buffer = Buffer.alloc(0);
  count = 0;
  feed(chunk: Buffer): void {
    const buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    let p = 0;
    for (;;) {
      const end = skipReply(buf, p);
      if (end < 0) break;
      p = end;
      this.count++;
    }
    this.#buf = p === buf.length ? Buffer.alloc(0) : buf.subarray(p);
  }
}

export async function connect(port: number): Promise<net.Socket> {
  const s = net.connect({ port, host: '127.0.0.1', noDelay: true });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('error', reject);
  });
  return s;
}

/**
 * Sends a batch (which yields `repliesPerBatch` replies) `rounds` times on each of `clients`
 * connections, waiting for each batch's replies; returns seconds taken. Given several batches,
 * round r of connection c sends batches[(r * clients + c) % batches.length]: every batch once,
 * across the connections, when there are rounds * clients of them.
 */
export async function closedLoop(port: number, clients: number, batch: Buffer | Buffer[], repliesPerBatch: number, rounds: number): Promise<number> {
  const batches = Array.isArray(batch) ? batch : [batch];
  const sockets = await Promise.all(Array.from({ length: clients }, () => connect(port)));
  const start = performance.now();
  await Promise.all(sockets.map((s, c) => new Promise<void>((resolve) => {
    const counter = new ReplyCounter();
    const next = (r: number): Buffer => batches[(r * clients + c) % batches.length]!;
    let sent = 1;
    s.on('data', (chunk: Buffer) => {
      counter.feed(chunk);
      if (counter.count < sent * repliesPerBatch) return;
      if (sent === rounds) {
        resolve();
        return;
      }
      s.write(next(sent++));
    });
    s.write(next(0));
  })));
  const seconds = (performance.now() - start) / 1000;
  for (const s of sockets) s.destroy();
  return seconds;
}

function resp(args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** The key name of index i, as redis-benchmark -r writes `key:__rand_int__` (12 digits). */
export function benchKey(i: number): string {
  return `key:${String(i).padStart(12, '0')}`;
}

/** Loads `keys` keys (one command each, built by `command`) in pipelined batches; waits for every reply. */
export async function pipelineLoad(port: number, keys: number, command: (key: string, i: number) => string[]): Promise<void> {
  const sock = await connect(port);
  const counter = new ReplyCounter();
  const done = new Promise<void>((resolve) => {
    sock.on('data', (d: Buffer) => {
      counter.feed(d);
      if (counter.count >= keys) resolve();
    });
  });
  const batch = 5000;
  for (let i = 0; i < keys; i += batch) {
    let s = '';
    for (let j = i; j < Math.min(keys, i + batch); j++) s += resp(command(benchKey(j), j));
    if (!sock.write(s)) await new Promise<void>((resolve) => sock.once('drain', () => resolve()));
  }
  await done;
  sock.destroy();
}

/** Pins this process to a core when taskset exists (the servers get the other one). */
export async function pinSelf(core: number): Promise<void> {
  const { spawnSync } = await import('node:child_process');
  spawnSync('taskset', ['-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
}
