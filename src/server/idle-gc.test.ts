import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDLE_MS, IdleGc, MIN_GROWTH_BYTES, type IdleGcHooks } from './idle-gc.ts';

const MB = 1024 * 1024;

/** A heap the test sizes by hand; collect() drops it to `live`. */
function fakeHeap(used: number): IdleGcHooks & { used: number; live: number; collections: number } {
  const h = {
    used,
    live: used,
    collections: 0,
    heapUsed: () => h.used,
    collect: () => {
      h.collections++;
      h.used = h.live;
      return true;
    },
  };
  return h;
}

test('idle gc: collects once the server is idle and the heap has grown enough', () => {
  const heap = fakeHeap(200 * MB);
  const gc = new IdleGc(heap);
  gc.tick(0, 10); // commands ran: active at t=0
  heap.used = 600 * MB;
  heap.live = 550 * MB;
  assert.equal(gc.tick(IDLE_MS - 1, 10), -1, 'not idle long enough');
  assert.equal(heap.collections, 0);
  assert.equal(gc.tick(IDLE_MS, 10), 50 * MB, 'reports what it freed');
  assert.equal(heap.collections, 1);
  // The heap is now the baseline: staying idle does not collect again.
  assert.equal(gc.tick(IDLE_MS * 5, 10), -1);
  assert.equal(heap.collections, 1);
  assert.equal(gc.runs, 1);
});

test('idle gc: never while commands run', () => {
  const heap = fakeHeap(100 * MB);
  const gc = new IdleGc(heap);
  heap.used = 1000 * MB;
  for (let t = 0, n = 0; t < 10 * IDLE_MS; t += 100, n++) assert.equal(gc.tick(t, n), -1);
  assert.equal(heap.collections, 0);
});

test('idle gc: small growth is left to V8', () => {
  const heap = fakeHeap(20 * MB);
  const gc = new IdleGc(heap);
  gc.tick(0, 1);
  heap.used = 20 * MB + MIN_GROWTH_BYTES - 1; // under the absolute threshold
  assert.equal(gc.tick(10 * IDLE_MS, 1), -1);
  const big = fakeHeap(400 * MB);
  const gc2 = new IdleGc(big);
  gc2.tick(0, 1);
  big.used = 400 * MB + 150 * MB; // over 64 MB but under half of the baseline
  assert.equal(gc2.tick(10 * IDLE_MS, 1), -1);
  assert.equal(heap.collections + big.collections, 0);
});

test('idle gc: a major GC of V8 own moves the baseline', () => {
  const heap = fakeHeap(100 * MB);
  const gc = new IdleGc(heap);
  gc.tick(0, 1);
  heap.used = 400 * MB;
  gc.noteMajorGc(); // V8 collected and 400 MB stayed live
  heap.used = 450 * MB;
  assert.equal(gc.tick(10 * IDLE_MS, 1), -1);
  assert.equal(heap.collections, 0);
});

test('idle gc: without a collector it does not ask again for the same growth', () => {
  let asked = 0;
  let used = 100 * MB;
  const gc = new IdleGc({ heapUsed: () => used, collect: () => (asked++, false) });
  gc.tick(0, 1);
  used = 500 * MB;
  assert.equal(gc.tick(10 * IDLE_MS, 1), -1);
  assert.equal(gc.tick(20 * IDLE_MS, 1), -1);
  assert.equal(asked, 1);
});
