// Respite's client against ioredis on the same server, from one process: unpipelined (one command
// in flight at a time), auto-pipelined (a batch of commands issued in the same tick) and explicit
// pipelines, for SET and GET. Run on a quiet machine:
//   node bench/client-vs-ioredis.ts [--port 6379] [--n 50000] [--batch 100] [--rounds 3]
// Prints operations per second per case and client, the median of the rounds.

import { Redis } from 'ioredis';
import { createClient, type RespiteClient } from '../src/client/client.ts';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const port = arg('port', 6379);
const n = arg('n', 50000);
const batch = arg('batch', 100);
const rounds = arg('rounds', 3);

interface Api {
  set(k: string, v: string): Promise<unknown>;
  get(k: string): Promise<unknown>;
  pipe(cmds: [string, string, string?][]): Promise<unknown>;
}

function respiteApi(c: RespiteClient): Api {
  return {
    set: (k, v) => c.set(k, v),
    get: (k) => c.get(k),
    pipe: (cmds) => {
      const p = c.pipeline();
      for (const [cmd, k, v] of cmds) p.send(v === undefined ? [cmd, k] : [cmd, k, v]);
      return p.exec();
    },
  };
}

function ioredisApi(c: Redis): Api {
  return {
    set: (k, v) => c.set(k, v),
    get: (k) => c.get(k),
    pipe: (cmds) => c.pipeline(cmds.map(([cmd, k, v]) => (v === undefined ? [cmd.toLowerCase(), k] : [cmd.toLowerCase(), k, v]))).exec(),
  };
}

const value = 'x'.repeat(16);
const cases: Record<string, (api: Api) => Promise<void>> = {
  'SET unpipelined': async (api) => {
    for (let i = 0; i < n / 10; i++) await api.set(`key:${i % 1000}`, value);
  },
  'GET unpipelined': async (api) => {
    for (let i = 0; i < n / 10; i++) await api.get(`key:${i % 1000}`);
  },
  'SET auto-pipelined': async (api) => {
    for (let i = 0; i < n; i += batch) {
      const ps: Promise<unknown>[] = [];
      for (let j = 0; j < batch; j++) ps.push(api.set(`key:${(i + j) % 1000}`, value));
      await Promise.all(ps);
    }
  },
  'GET auto-pipelined': async (api) => {
    for (let i = 0; i < n; i += batch) {
      const ps: Promise<unknown>[] = [];
      for (let j = 0; j < batch; j++) ps.push(api.get(`key:${(i + j) % 1000}`));
      await Promise.all(ps);
    }
  },
  'GET explicit pipeline': async (api) => {
    for (let i = 0; i < n; i += batch) {
      const cmds: [string, string][] = [];
      for (let j = 0; j < batch; j++) cmds.push(['GET', `key:${(i + j) % 1000}`]);
      await api.pipe(cmds);
    }
  },
};

const respite = await createClient({ port });
const io = new Redis({ port, enableAutoPipelining: true, lazyConnect: true });
await io.connect();
const apis = { respite: respiteApi(respite), ioredis: ioredisApi(io) };

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [name, fn] of Object.entries(cases)) {
  const ops = name.includes('unpipelined') ? n / 10 : n;
  const results: Record<string, number[]> = { respite: [], ioredis: [] };
  for (let r = 0; r < rounds; r++) {
    for (const [who, api] of Object.entries(apis)) {
      const t0 = performance.now();
      await fn(api);
      results[who]!.push(ops / ((performance.now() - t0) / 1000));
    }
  }
  const a = median(results.respite!);
  const b = median(results.ioredis!);
  console.log(`${name.padEnd(24)} respite ${a.toFixed(0).padStart(8)} ops/s   ioredis ${b.toFixed(0).padStart(8)} ops/s   ratio ${(a / b).toFixed(2)}`);
}
await respite.quit();
await io.quit();
