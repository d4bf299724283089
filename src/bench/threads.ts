// --threads N: the clients and requests are split across N worker threads, each running its own
// event loop (as redis-benchmark's threads do); their histograms are merged at the end.

import { Worker } from 'node:worker_threads';
import { Histogram } from './histogram.ts';
import type { RunConfig, RunResult } from './runner.ts';
import type { BenchTest } from './tests.ts';

export interface WorkerResult {
  finished: number;
  elapsedMs: number;
  errors: number;
  histogram: ReturnType<Histogram['toJSON']>;
}

export async function runThreaded(cfg: RunConfig, test: BenchTest, threads: number): Promise<RunResult> {
  const n = Math.max(1, Math.min(threads, cfg.clients));
  const parts: Promise<WorkerResult>[] = [];
  for (let i = 0; i < n; i++) {
    const clients = Math.floor(cfg.clients / n) + (i < cfg.clients % n ? 1 : 0);
    const requests = Math.floor(cfg.requests / n) + (i < cfg.requests % n ? 1 : 0);
    const part: RunConfig = { ...cfg, clients, requests };
    parts.push(new Promise((resolve, reject) => {
      const w = new Worker(new URL('./worker.ts', import.meta.url), {
        workerData: { cfg: part, test: { title: test.title, request: test.request.toString('latin1') } },
      });
      w.once('message', (m: WorkerResult | { error: string }) => {
        if ('error' in m) reject(new Error(m.error));
        else resolve(m);
      });
      w.once('error', reject);
    }));
  }
  const results = await Promise.all(parts);
  const histogram = new Histogram(cfg.precision);
  let finished = 0;
  let errors = 0;
  // Each worker times its own run: thread start-up (loading modules) is not part of the test.
  let elapsedMs = 0;
  for (const r of results) {
    elapsedMs = Math.max(elapsedMs, r.elapsedMs);
    histogram.merge(Histogram.fromJSON(r.histogram, cfg.precision));
    finished += r.finished;
    errors += r.errors;
  }
  return { title: test.title, finished, elapsedMs, histogram, errors };
}
