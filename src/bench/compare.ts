// --compare HOST:PORT: every selected test runs alternately against the first server (-h/-p/-s)
// and the second, for --rounds rounds, so that both see the same machine conditions; then each
// test's medians are printed side by side with the ratio second/first (rps: higher is better;
// latencies: lower is better). --json prints the same as a document.

import { runConfig, runOne } from './main.ts';
import type { BenchOptions } from './options.ts';
import { figures, type Figures } from './report.ts';
import type { Target } from './runner.ts';
import { defaultTests, commandTest, FillerData } from './tests.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const KEYS = ['rps', 'p50', 'p99', 'p999', 'max'] as const;
type Key = (typeof KEYS)[number];

function name(t: Target): string {
  return t.socket ?? `${t.host}:${t.port}`;
}

export async function compareTargets(o: BenchOptions, second: Target): Promise<number> {
  const targets = [o as Target, second];
  const data = new FillerData().next(o.datasize);
  const tests = o.command.length > 0 ? [commandTest(o.command)] : defaultTests(o.tests, data, o.keyspacelen > 0);
  const rows: { test: string; a: Record<Key, number>; b: Record<Key, number> }[] = [];
  const w = Math.max(24, ...tests.map((t) => t.title.length + 1));
  if (!o.json) {
    process.stdout.write(`A = ${name(targets[0]!)}   B = ${name(targets[1]!)}   ${o.rounds} rounds, medians\n`);
    process.stdout.write(`${'test'.padEnd(w)} ${'A rps'.padStart(11)} ${'B rps'.padStart(11)} ${'B/A'.padStart(6)}   ` +
      `${'A p50'.padStart(7)} ${'B p50'.padStart(7)}   ${'A p99'.padStart(7)} ${'B p99'.padStart(7)}   ` +
      `${'A p99.9'.padStart(7)} ${'B p99.9'.padStart(7)}   ${'A max'.padStart(7)} ${'B max'.padStart(7)}\n`);
  }
  for (const test of tests) {
    const runs: Figures[][] = [[], []];
    for (let r = 0; r < o.rounds; r++) {
      // Alternate which server goes first, so neither always gets the warmer machine.
      const order = r % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) {
        try {
          const [res] = await runOne(o, runConfig(o, targets[i]), test, false);
          runs[i]!.push(figures(res));
        } catch (e) {
          process.stderr.write(`Could not connect to Redis at ${name(targets[i]!)}: ${(e as Error).message}\n`);
          return 1;
        }
      }
    }
    const med = (i: number): Record<Key, number> => {
      const out = {} as Record<Key, number>;
      for (const k of KEYS) out[k] = median(runs[i]!.map((f) => f[k]));
      return out;
    };
    const a = med(0);
    const b = med(1);
    rows.push({ test: test.title, a, b });
    if (!o.json) {
      const ms = (x: number): string => x.toFixed(3).padStart(7);
      process.stdout.write(`${test.title.padEnd(w)} ${a.rps.toFixed(2).padStart(11)} ${b.rps.toFixed(2).padStart(11)} ` +
        `${(b.rps / a.rps).toFixed(2).padStart(6)}   ${ms(a.p50)} ${ms(b.p50)}   ${ms(a.p99)} ${ms(b.p99)}   ` +
        `${ms(a.p999)} ${ms(b.p999)}   ${ms(a.max)} ${ms(b.max)}\n`);
    }
  }
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ a: name(targets[0]!), b: name(targets[1]!), rounds: o.rounds, tests: rows.map((r) => ({ ...r, ratio: r.b.rps / r.a.rps })) }, null, 2)}\n`);
  }
  return 0;
}
