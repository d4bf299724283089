// Reports in redis-benchmark's formats (quiet, CSV, the full latency report) and ours (JSON,
// compare tables). Figures go through single precision first because redis-benchmark computes
// them in C floats, so the printed digits match.

import type { Histogram } from './histogram.ts';
import type { RunResult } from './runner.ts';

const f32 = Math.fround;

/** printf("%.Nf") of a C float. */
export function cfix(x: number, digits: number): string {
  if (Number.isNaN(x)) return '-nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return f32(x).toFixed(digits);
}

export interface Figures {
  test: string;
  rps: number;
  avg: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/** The figures of one run, in milliseconds, each rounded as redis-benchmark's floats are. */
export function figures(r: RunResult): Figures {
  const h = r.histogram;
  const ms = (us: number): number => f32(f32(us) / 1000);
  return {
    test: r.title,
    rps: f32(f32(r.finished) / f32(f32(r.elapsedMs) / 1000)),
    avg: f32(h.mean() / 1000),
    min: ms(h.min()),
    p50: ms(h.percentile(50)),
    p95: ms(h.percentile(95)),
    p99: ms(h.percentile(99)),
    p999: ms(h.percentile(99.9)),
    max: ms(h.max()),
  };
}

export const CSV_HEADER = '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"\n';

export function csvLine(f: Figures): string {
  return `"${f.test}","${cfix(f.rps, 2)}","${cfix(f.avg, 3)}","${cfix(f.min, 3)}","${cfix(f.p50, 3)}","${cfix(f.p95, 3)}","${cfix(f.p99, 3)}","${cfix(f.max, 3)}"\n`;
}

/** The clean-line prefix redis-benchmark prints before a result: pads over the progress line. */
export function cleanLine(lastPrinted: number): string {
  return ' '.padStart(Math.max(1, lastPrinted)) + '\r';
}

export function quietLine(f: Figures, lastPrinted: number): string {
  return `${cleanLine(lastPrinted)}${f.test}: ${cfix(f.rps, 2)} requests per second, p50=${cfix(f.p50, 3)} msec\n`;
}

function pct(x: number): string {
  return x.toFixed(3).padStart(3);
}

export interface ServerConfig {
  save: string;
  appendonly: string;
}

export interface FullContext {
  clients: number;
  datasize: number;
  keepalive: boolean;
  threads: number;
  config: ServerConfig | null;
}

/** The full per-test report (redis-benchmark without -q or --csv). */
export function fullReport(r: RunResult, f: Figures, ctx: FullContext, lastPrinted: number): string {
  const h: Histogram = r.histogram;
  let s = `${cleanLine(lastPrinted)}====== ${r.title} ======\n`;
  s += `  ${r.finished} requests completed in ${cfix(f32(r.elapsedMs) / 1000, 2)} seconds\n`;
  s += `  ${ctx.clients} parallel clients\n  ${ctx.datasize} bytes payload\n  keep alive: ${ctx.keepalive ? 1 : 0}\n`;
  if (ctx.config !== null) {
    s += `  host configuration "save": ${ctx.config.save}\n  host configuration "appendonly": ${ctx.config.appendonly}\n`;
  }
  s += `  multi-thread: ${ctx.threads > 0 ? 'yes' : 'no'}\n`;
  if (ctx.threads > 0) s += `  threads: ${ctx.threads}\n`;
  s += '\nLatency by percentile distribution:\n';
  let prev = -1;
  for (const [p, v, cum] of h.percentileSteps()) {
    if (cum !== prev || cum === h.total) s += `${pct(p)}% <= ${(v / 1000).toFixed(3)} milliseconds (cumulative count ${cum})\n`;
    prev = cum;
  }
  s += '\nCumulative distribution of latencies:\n';
  prev = -1;
  for (const [p, v, cum] of h.linearSteps()) {
    if (cum !== prev || cum === h.total) s += `${pct(p)}% <= ${(v / 1000).toFixed(3)} milliseconds (cumulative count ${cum})\n`;
    prev = cum;
  }
  s += '\nSummary:\n';
  s += `  throughput summary: ${cfix(f.rps, 2)} requests per second\n`;
  s += '  latency summary (msec):\n';
  s += `    ${['avg', 'min', 'p50', 'p95', 'p99', 'max'].map((x) => x.padStart(9)).join(' ')}\n`;
  s += `    ${[f.avg, f.min, f.p50, f.p95, f.p99, f.max].map((x) => cfix(x, 3).padStart(9)).join(' ')}\n`;
  return s;
}

/** The live progress line (ends in \r, so the next one overwrites it). */
export function progressLine(title: string, rps: number, overall: number, recentAvgMs: number, avgMs: number): string {
  return `${title}: rps=${cfix(rps, 1)} (overall: ${cfix(overall, 1)}) avg_msec=${cfix(recentAvgMs, 3)} (overall: ${cfix(avgMs, 3)})\r`;
}

/** JSON figures, in milliseconds with three decimals, requests per second with two. */
export function jsonFigures(f: Figures): Record<string, string | number> {
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    test: f.test,
    rps: Math.round(f.rps * 100) / 100,
    avg_latency_ms: r3(f.avg),
    min_latency_ms: r3(f.min),
    p50_latency_ms: r3(f.p50),
    p95_latency_ms: r3(f.p95),
    p99_latency_ms: r3(f.p99),
    p999_latency_ms: r3(f.p999),
    max_latency_ms: r3(f.max),
  };
}
