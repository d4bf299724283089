// Shared pieces of the benchmarks: start Respite and Debian's redis-server side by side as real
// processes (optionally pinned to a core with taskset), run redis-benchmark against them in
// alternating rounds, read RSS, take medians. Benchmarks print numbers; they never assert timings.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProc {
  name: string;
  port: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** taskset prefix when available and more than one core exists. */
function pin(core: number | null): string[] {
  if (core === null || !have('taskset')) return [];
  return ['taskset', '-c', String(core)];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a !== null ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPort(port: number, proc: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listening on ${port}`);
}

function started(name: string, port: number, proc: ChildProcess): ServerProc {
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    name,
    port,
    proc,
    stop: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** The V8 flags respite-server starts Node with: its shebang line is their one copy. */
export function binNodeFlags(): string[] {
  const first = readFileSync(`${ROOT}bin/respite-server.js`, 'latin1').split('\n', 1)[0]!;
  return first.split(' ').filter((w) => w.startsWith('--'));
}

/**
 * Runs `command(port)` (pinned to `core`) on a free port and resolves once something listens there.
 * stdout goes to `stdoutFile` when given (Node's --trace-gc prints there), not to a pipe: a bench
 * that waits in spawnSync does not read a pipe, and once it is full the server's C stdio drops what
 * V8 prints (earlier sessions' steady-load GC figures came from a trace cut off that way).
 */
async function launch(name: string, core: number | null, command: (port: number) => string[], stdoutFile: string | null = null): Promise<ServerProc> {
  const port = await freePort();
  const args = [...pin(core), ...command(port)];
  const out = stdoutFile === null ? 'ignore' : openSync(stdoutFile, 'w');
  const proc = spawn(args[0]!, args.slice(1), { stdio: ['ignore', out, 'inherit'] });
  if (typeof out === 'number') closeSync(out);
  await waitForPort(port, proc);
  return started(name, port, proc);
}

/** Starts Respite as `npm start` and the bin do (with their V8 flags), stdout to a file when given. */
export function startRespite(core: number | null, extra: string[] = [], nodeFlags: string[] = [], stdoutFile: string | null = null): Promise<ServerProc> {
  return launch('respite', core, (port) => [process.execPath, ...binNodeFlags(), ...nodeFlags, `${ROOT}src/server/main.ts`,
    '--port', String(port), '--loglevel', 'warning', ...extra], stdoutFile);
}

/** Starts a bench script in its server mode (`script ...args --port P`), with the bin's V8 flags. */
export function startNodeScript(name: string, core: number | null, script: string, args: string[]): Promise<ServerProc> {
  return launch(name, core, (port) => [process.execPath, ...binNodeFlags(), `${ROOT}${script}`, ...args, '--port', String(port)]);
}

export function startRedis(core: number | null, extra: string[] = []): Promise<ServerProc> {
  return launch('redis', core, (port) => ['redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '',
    '--appendonly', 'no', '--loglevel', 'warning', ...extra]);
}

/** Resident set size of a process in bytes, from /proc. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m === null ? 0 : Number(m[1]) * 1024;
}

/** The pid of the server itself (taskset execs in place, so the child pid is the server's). */
export function serverPid(s: ServerProc): number {
  return s.proc.pid!;
}

/** One redis-benchmark test's figures; latencies in ms. */
export interface BenchResult {
  rps: number;
  p50: number;
  p99: number;
  /** The first row of the percentile distribution at or above 99.9% (an upper bound). */
  p999: number;
  max: number;
}

/**
 * Reads redis-benchmark's human output (what it prints without --csv or -q): per test, the summary
 * line's throughput, p50, p99 and max (exact percentiles), and p99.9 from the percentile
 * distribution. That distribution's rows halve the distance to 100% each step, so the first row at
 * or above 99.9% (99.902%) stands for p99.9: never an underestimate.
 */
export function parseBenchmarkOutput(stdout: string): Map<string, BenchResult> {
  const out = new Map<string, BenchResult>();
  const text = stdout.replace(/\r/g, '\n');
  for (const section of text.split('====== ').slice(1)) {
    const name = section.slice(0, section.indexOf(' ======'));
    const dist = section.slice(section.indexOf('Latency by percentile distribution:'), section.indexOf('Cumulative distribution'));
    const rows = [...dist.matchAll(/^([\d.]+)% <= ([\d.]+) milliseconds/gm)].map((m) => [Number(m[1]), Number(m[2])] as const);
    const rps = Number(/throughput summary: ([\d.]+) requests per second/.exec(section)?.[1]);
    // "avg min p50 p95 p99 max" under "latency summary (msec):"
    const sum = /latency summary \(msec\):\s*\n\s*avg\s+min\s+p50\s+p95\s+p99\s+max\s*\n\s*([\d.\s]+)/.exec(section);
    const cols = sum === null ? [] : sum[1]!.trim().split(/\s+/).map(Number);
    out.set(name, {
      rps, p50: cols[2] ?? NaN, p99: cols[4] ?? NaN, p999: rows.find(([q]) => q >= 99.9)?.[1] ?? NaN, max: cols[5] ?? NaN,
    });
  }
  return out;
}

/** Runs redis-benchmark (pinned to `core`) and returns each test's figures. */
export function redisBenchmark(port: number, args: string[], core: number | null): Map<string, BenchResult> {
  const cmd = [...pin(core), 'redis-benchmark', '-h', '127.0.0.1', '-p', String(port), '--precision', '3', ...args];
  const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`redis-benchmark failed: ${r.stderr}`);
  return parseBenchmarkOutput(r.stdout);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback;
}
