#!/usr/bin/env -S node --max-semi-space-size=4 --no-parallel-scavenge --max-old-space-size-percentage=75
// respite-server: runs the TypeScript entry point directly (Node >= 22.18 strips types natively).
// The V8 flags on the line above are the server's only copy of them (`npm start` runs this file and
// bench/harness.ts reads them from here):
// - --max-semi-space-size=4 caps V8's young generation at 3 x 4 MB: measured, it removes ~110 MB of
//   RSS (291 -> 181 bytes per key at 1M string keys) with no measurable throughput change.
// - --no-parallel-scavenge: young-generation GC on the executor thread alone; V8's helper threads
//   fight the executor for its core. Measured pinned to one core: median scavenge 0.23 -> 0.16 ms on
//   a small heap, 7.0 -> 5.7 ms with 5M keys under SET load; no throughput change beyond noise.
// - --max-old-space-size-percentage=75 lets the heap, which holds the dataset, grow to 75% of the
//   machine's memory instead of Node's default ceiling (about 4 GB on a 24 GB machine), so users
//   never pass heap flags to hold a large dataset. main.ts logs the limit in force.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`respite-server needs Node 24 (found ${process.version}). Run it through npm ` +
    '(npm start, npx respite-server), which uses the Node 24 the project installs.');
  process.exit(1);
}
await import('../src/server/main.ts');
