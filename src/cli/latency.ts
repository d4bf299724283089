// --latency, --latency-history and --latency-dist: PING round trips in milliseconds with three
// decimals (redis-cli prints whole milliseconds; sub-millisecond figures are what matter for an
// in-memory server). --latency-sample-rate sets samples per second (default 100, redis-cli's 10 ms
// pause; 0 samples back to back).

import type { CliConnection} from './connection.ts';
import { systemMessage } from './connection.ts';
import { err, out, sleep } from './io.ts';
import type { RunContext } from './oneshot.ts';

interface Window {
  min: number;
  max: number;
  total: number;
  count: number;
}

const fresh = (): Window => ({ min: 0, max: 0, total: 0, count: 0 });

/** One PING round trip in ms; reconnects (and keeps trying) when the connection is gone. */
async function sample(conn: CliConnection): Promise<number> {
  for (;;) {
    try {
      const t0 = performance.now();
      const r = await conn.call(['PING']);
      const ms = performance.now() - t0;
      if (r.t === 'error') err(`${r.s}\n`);
      return ms;
    } catch (e) {
      err(`\nError: ${systemMessage(e as Error)}\nReconnecting... `);
      await sleep(1000);
      try {
        await conn.open();
        await conn.handshake();
      } catch {
        // try again
      }
    }
  }
}

function add(w: Window, ms: number): void {
  if (w.count === 0 || ms < w.min) w.min = ms;
  if (ms > w.max) w.max = ms;
  w.total += ms;
  w.count++;
}

/** min, max, avg, samples in the output mode's format (no line ending). */
export function latencyLine(w: Window, mode: string): string {
  const avg = w.count === 0 ? 0 : w.total / w.count;
  const [a, b, c] = [w.min.toFixed(3), w.max.toFixed(3), avg.toFixed(3)];
  if (mode === 'csv') return `${a},${b},${c},${w.count}`;
  if (mode === 'raw') return `${a} ${b} ${c} ${w.count}`;
  return `min: ${a}, max: ${b}, avg: ${c} (${w.count} samples)`;
}

export async function latencyMode(ctx: RunContext): Promise<number> {
  const history = ctx.opts.mode === 'latency-history';
  const intervalMs = (ctx.opts.interval ?? (history ? 15 : 1)) * 1000;
  const pause = ctx.opts.latencySampleRate > 0 ? 1000 / ctx.opts.latencySampleRate : 0;
  const live = ctx.mode === 'tty';
  let w = fresh();
  let windowStart = performance.now();
  for (;;) {
    add(w, await sample(ctx.conn));
    // As redis-cli: a terminal gets one line redrawn in place; otherwise history mode prints a
    // line per sample and plain --latency a single line at the end of its interval.
    if (live) out(`\x1b[0G\x1b[2K${latencyLine(w, 'tty')}`);
    else if (history) out(`${latencyLine(w, ctx.mode)}\n`);
    const elapsed = performance.now() - windowStart;
    if (elapsed >= intervalMs) {
      if (history) {
        out(` -- ${(elapsed / 1000).toFixed(2)} seconds range\n`);
        w = fresh();
        windowStart = performance.now();
      } else if (!live) {
        out(`${latencyLine(w, ctx.mode)}\n`);
        return 0;
      }
    }
    if (pause > 0) await sleep(pause);
  }
}

// --latency-dist buckets (upper bounds in ms) and a 256-color ramp from dark to bright.
const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, Infinity];
const PALETTE = [0, 233, 234, 235, 237, 239, 241, 243, 245, 247, 144, 143, 142, 184, 226, 214, 208, 202, 196];

export function distRow(counts: number[], total: number): string {
  let row = '';
  for (const c of counts) {
    if (c === 0) {
      row += '  ';
      continue;
    }
    const idx = Math.min(PALETTE.length - 1, 1 + Math.floor((c / total) * (PALETTE.length - 1)));
    row += `\x1b[48;5;${PALETTE[idx]}m  \x1b[0m`;
  }
  return row;
}

export async function latencyDistMode(ctx: RunContext): Promise<number> {
  const intervalMs = (ctx.opts.interval ?? 1) * 1000;
  const pause = ctx.opts.latencySampleRate > 0 ? 1000 / ctx.opts.latencySampleRate : 0;
  out('---------------------------------------------\n');
  out('Latency spectrum: one row per interval, one column per latency bucket (ms);\n');
  out('brighter means a larger share of the samples. Buckets (upper bounds):\n');
  out(BUCKETS.map((b) => (b === Infinity ? '>1s' : String(b))).join(' ') + '\n');
  for (let i = 1; i < PALETTE.length; i += 3) out(`\x1b[48;5;${PALETTE[i]}m  \x1b[0m`);
  out(' low -> high share\n---------------------------------------------\n');
  for (;;) {
    const counts: number[] = BUCKETS.map(() => 0);
    const w = fresh();
    const start = performance.now();
    while (performance.now() - start < intervalMs) {
      const ms = await sample(ctx.conn);
      add(w, ms);
      counts[BUCKETS.findIndex((b) => ms <= b)]!++;
      if (pause > 0) await sleep(pause);
    }
    out(`${distRow(counts, w.count)} ${latencyLine(w, 'tty')}\n`);
  }
}
