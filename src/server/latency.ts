// The latency monitor (Redis's latency.c): events slower than latency-monitor-threshold
// milliseconds are kept as a time series per event (one sample per second, the worst one, the last
// 160 seconds with samples), for LATENCY LATEST / HISTORY / RESET / GRAPH / DOCTOR. call() reports
// `command` and `fast-command` events. Owned by the executor thread.

import type { Server } from './server.ts';

/** Samples kept per event (Redis's LATENCY_TS_LEN). */
export const SAMPLES = 160;

export interface LatencySample {
  /** Unix seconds; 0 marks an empty slot. */
  time: number;
  /** Milliseconds. */
  latency: number;
}

export class LatencySeries {
  readonly samples: LatencySample[] = [];
  /** The next slot to fill. */
  idx = 0;
  /** The worst latency ever seen for this event (ms). */
  max = 0;

  constructor() {
    for (let i = 0; i < SAMPLES; i++) this.samples.push({ time: 0, latency: 0 });
  }

  add(time: number, ms: number): void {
    if (ms > this.max) this.max = ms;
    const prev = this.samples[(this.idx + SAMPLES - 1) % SAMPLES]!;
    // One sample per second: the worst of that second.
    if (prev.time === time) {
      if (ms > prev.latency) prev.latency = ms;
      return;
    }
    const s = this.samples[this.idx]!;
    s.time = time;
    s.latency = ms;
    this.idx = (this.idx + 1) % SAMPLES;
  }

  /** The most recent sample. */
  get latest(): LatencySample {
    return this.samples[(this.idx + SAMPLES - 1) % SAMPLES]!;
  }

  /** Non-empty samples, oldest first. */
  history(): LatencySample[] {
    const out: LatencySample[] = [];
    for (let j = 0; j < SAMPLES; j++) {
      const s = this.samples[(this.idx + j) % SAMPLES]!;
      if (s.time !== 0) out.push(s);
    }
    return out;
  }
}

const events = new WeakMap<Server, Map<string, LatencySeries>>();

/** The server's event series, by event name, in the order they first happened. */
export function latencyEvents(s: Server): Map<string, LatencySeries> {
  let m = events.get(s);
  if (m === undefined) {
    m = new Map();
    events.set(s, m);
  }
  return m;
}

/** Records a sample for an event (call it once the threshold is known to be reached). */
export function latencyAddSample(s: Server, event: string, ms: number): void {
  const m = latencyEvents(s);
  let ts = m.get(event);
  if (ts === undefined) {
    ts = new LatencySeries();
    m.set(event, ts);
  }
  ts.add(Math.floor(s.clock.now() / 1000), ms);
}

/** Redis's latencyAddSampleIfNeeded: samples only with a threshold set and reached. */
export function latencyAddSampleIfNeeded(s: Server, event: string, ms: number): void {
  const threshold = s.config.values['latency-monitor-threshold'] as number;
  if (threshold !== 0 && ms >= threshold) latencyAddSample(s, event, ms);
}
