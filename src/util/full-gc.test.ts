import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fullGc } from './full-gc.ts';

it('fullGc collects what nothing references, without exposing a global gc', async () => {
  let target: object | null = { payload: new Array(1000).fill(0) };
  const ref = new WeakRef(target);
  target = null;
  // A WeakRef's target stays alive until the job that made it ends.
  await new Promise((r) => setImmediate(r));
  assert.equal(fullGc(), true);
  assert.equal(ref.deref(), undefined);
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
});
