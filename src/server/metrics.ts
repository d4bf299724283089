// Instantaneous metrics for INFO (ops/sec, input/output kbps), as Redis's trackInstantaneousMetric:
// every 100 ms the cron records the rate since the previous sample; INFO reports the mean of the
// last 16 samples. Also the server-wide switches DEBUG sets. Per server, kept outside the Server
// class so that the cron only has to call sampleMetrics().

import { randomBytes } from 'node:crypto';
import type { Server } from './server.ts';

const SAMPLES = 16;
const PERIOD_MS = 100;

class Track {
  readonly samples = new Float64Array(SAMPLES);
  idx = 0;
  lastTime = 0;
  lastValue = 0;

  add(now: number, value: number): void {
    if (this.lastTime !== 0 && now > this.lastTime) {
      this.samples[this.idx] = ((value - this.lastValue) * 1000) / (now - this.lastTime);
      this.idx = (this.idx + 1) % SAMPLES;
    }
    this.lastTime = now;
    this.lastValue = value;
  }

  mean(): number {
    let sum = 0;
    for (let i = 0; i < SAMPLES; i++) sum += this.samples[i]!;
    return sum / SAMPLES;
  }

  reset(): void {
    this.samples.fill(0);
    this.lastTime = 0;
  }
}

export class Metrics {
  readonly ops = new Track();
  readonly netIn = new Track();
  readonly netOut = new Track();
  lastSample = 0;
  /** Peak of used_memory seen by INFO or the cron. */
  peakMemory = 0;
  /** used_memory when first measured, standing in for Redis's used_memory_startup. */
  startupMemory = 0;
  /** The replication id INFO reports (DEBUG CHANGE-REPL-ID draws a new one). */
  replId = randomBytes(20).toString('hex');
}

const byServer = new WeakMap<Server, Metrics>();

export function metricsOf(server: Server): Metrics {
  let m = byServer.get(server);
  if (m === undefined) {
    m = new Metrics();
    byServer.set(server, m);
  }
  return m;
}

/** Called from the cron: samples at most every 100 ms of wall time. */
export function sampleMetrics(server: Server): void {
  const m = metricsOf(server);
  const now = performance.now();
  if (now - m.lastSample < PERIOD_MS) return;
  m.lastSample = now;
  const s = server.stats;
  m.ops.add(now, s.totalCommands);
  m.netIn.add(now, s.netInputBytes);
  m.netOut.add(now, s.netOutputBytes);
  const mu = process.memoryUsage();
  const used = mu.heapUsed + mu.external;
  if (m.startupMemory === 0) m.startupMemory = used;
  if (used > m.peakMemory) m.peakMemory = used;
}

/** CONFIG RESETSTAT clears the samples too. */
export function resetMetrics(server: Server): void {
  const m = metricsOf(server);
  m.ops.reset();
  m.netIn.reset();
  m.netOut.reset();
}
