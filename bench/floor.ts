// The -P 1 latency floor: what Node's event loop and Respite's transport cost without the executor,
// and how p99 grows with the work done per request. A minimal server on Respite's own transport
// (the fast socket path, Respite's parser, one write per client per loop turn, as the real server)
// answers every command with +PONG after busy-spinning N µs, which stands in for executor work.
// redis-benchmark's PING_MBULK at -P 1 with 50 clients runs against one such server per N, against
// Respite itself (PING through the whole executor path) and against Debian's redis-server, in
// alternating rounds; medians.
//
//   node bench/floor.ts [--spin 0,0.5,1,2] [--rounds 5] [--requests 300000]
//
// Servers are pinned to core 0 and redis-benchmark to core 1. (Internal: `--serve <µs> --port <p>`
// runs one floor server.)

import type { Client, Connection } from '../src/server/client.ts';
import { RequestParser } from '../src/protocol/request-parser.ts';
import { ReplyWriter } from '../src/protocol/reply-writer.ts';
import { listenTcp, type ConnectionSink } from '../src/transport/socket.ts';
import { arg, fmt, have, median, redisBenchmark, startNodeScript, startRedis, startRespite, type ServerProc } from './harness.ts';

/** What the transport touches of a client (attachFast reads parser, outputPaused and closing). */
interface FloorClient {
  conn: Connection;
  parser: RequestParser;
  w: ReplyWriter;
  outputPaused: boolean;
  closing: boolean;
  queued: boolean;
}

function serve(spinUs: number, port: number): Promise<unknown> {
  const spinMs = spinUs / 1000;
  let queue: FloorClient[] = [];
  const flushAll = (): void => {
    const list = queue;
    queue = [];
    for (const c of list) {
      c.queued = false;
      if (!c.closing && c.w.len > 0) c.conn.writeReply!(c.w);
    }
  };
  const sink: ConnectionSink = {
    accept(conn: Connection): Client {
      const c: FloorClient = { conn, parser: new RequestParser(() => 512 * 1024 * 1024), w: new ReplyWriter(), outputPaused: false, closing: false, queued: false };
      return c as unknown as Client;
    },
    onInput(client: Client, chunk: Buffer): void {
      const c = client as unknown as FloorClient;
      c.parser.feed(chunk);
      while (c.parser.next() !== null) {
        if (spinMs > 0) {
          const until = performance.now() + spinMs;
          while (performance.now() < until);
        }
        c.w.raw('+PONG\r\n');
      }
      if (!c.queued) {
        c.queued = true;
        queue.push(c);
        if (queue.length === 1) setImmediate(flushAll);
      }
    },
    onDisconnect(client: Client): void {
      (client as unknown as FloorClient).closing = true;
    },
    onDrain(): void {},
  };
  return listenTcp(sink, '127.0.0.1', port, 511);
}

const serveIdx = process.argv.indexOf('--serve');
if (serveIdx >= 0) {
  await serve(Number(process.argv[serveIdx + 1]), Number(arg('--port', '0')));
} else {
  if (!have('redis-server') || !have('redis-benchmark')) {
    console.error('bench: needs redis-server and redis-benchmark (apt-get install -y redis-server redis-tools)');
    process.exit(1);
  }
  const spins = arg('--spin', '0,0.5,1,2').split(',').map(Number);
  const rounds = Number(arg('--rounds', '5'));
  const requests = arg('--requests', '300000');
  const servers: ServerProc[] = [];
  for (const s of spins) servers.push(await startNodeScript(`floor +${s} µs`, 0, 'bench/floor.ts', ['--serve', String(s)]));
  servers.push(await startRespite(0));
  servers.push(await startRedis(0));
  const samples = new Map<string, { rps: number[]; p50: number[]; p99: number[] }>();
  const run = (s: ServerProc): void => {
    const r = redisBenchmark(s.port, ['-c', '50', '-n', requests, '-t', 'ping_mbulk', '-P', '1'], 1).get('PING_MBULK')!;
    let x = samples.get(s.name);
    if (x === undefined) samples.set(s.name, (x = { rps: [], p50: [], p99: [] }));
    x.rps.push(r.rps);
    x.p50.push(r.p50);
    x.p99.push(r.p99);
  };
  try {
    for (const s of servers) redisBenchmark(s.port, ['-c', '50', '-n', '100000', '-t', 'ping_mbulk', '-P', '1'], 1);
    for (let r = 0; r < rounds; r++) for (const s of r % 2 === 0 ? servers : [...servers].reverse()) run(s);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
  const redisP99 = median(samples.get('redis')!.p99);
  console.log(`\nPING_MBULK, -P 1, 50 clients, ${rounds} alternating rounds, medians (servers core 0, benchmark core 1)\n`);
  console.log('| server | rps | p50 ms | p99 ms | p99 / Redis |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, x] of samples) {
    const p99 = median(x.p99);
    console.log(`| ${name} | ${fmt(median(x.rps))} | ${median(x.p50).toFixed(3)} | ${p99.toFixed(3)} | ${(p99 / redisP99).toFixed(2)} |`);
  }
}
