// One --threads worker: runs its share of a test and posts the result back.

import { parentPort, workerData } from 'node:worker_threads';
import { BenchRun, type RunConfig } from './runner.ts';
import type { WorkerResult } from './threads.ts';

const data = workerData as { cfg: RunConfig; test: { title: string; request: string } };
const run = new BenchRun(data.cfg, { title: data.test.title, request: Buffer.from(data.test.request, 'latin1') });
run.run().then(
  (r) => {
    const out: WorkerResult = { finished: r.finished, elapsedMs: r.elapsedMs, errors: r.errors, histogram: r.histogram.toJSON() };
    parentPort!.postMessage(out);
  },
  (e: Error) => parentPort!.postMessage({ error: e.message }),
);
