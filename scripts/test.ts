// `npm test`: type check, lint, then every test file (unit tests beside the code in src/,
// integration and differential tests in test/). Exits non-zero on the first failing stage.
// Pass file paths or globs to run only those tests (type check and lint are skipped then).

import { spawnSync } from 'node:child_process';

function run(label: string, cmd: string, args: string[]): void {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${label} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  console.log(`${label}: ok (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
}

const only = process.argv.slice(2);
if (only.length === 0) {
  run('type check', 'tsc', ['--noEmit', '-p', '.']);
  run('lint', 'eslint', ['--cache', '--cache-location', 'node_modules/.cache/eslint', '.']);
}
const files = only.length > 0 ? only : ['src/**/*.test.ts', 'test/**/*.test.ts'];
run('tests', process.execPath, ['--test', '--test-concurrency=3', '--test-timeout=60000', ...files]);
