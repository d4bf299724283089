// The latency histogram's buckets and percentiles agree with the HDR histogram Redis uses (1 ns to
// 1 s, two significant digits): bucket bounds worked out by hand from HDR's layout.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LatencyHistogram } from './latency-histogram.ts';

describe('LatencyHistogram', () => {
  it('reports the top of each value\'s bucket as percentiles (HDR highest equivalent value)', () => {
    const h = new LatencyHistogram();
    h.record(1500); // bucket of width 8 starting at 1496
    assert.equal(h.valueAtPercentile(50), 1503);
    assert.equal(h.valueAtPercentile(0), 1496);
    const exact = new LatencyHistogram();
    exact.record(200); // below 256 every value has its own bucket
    assert.equal(exact.valueAtPercentile(99.9), 200);
  });

  it('places percentiles by rank, rounding the count as hdr_value_at_percentile', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 99; i++) h.record(1000);
    h.record(1_000_000);
    // 1000 ns sits in a bucket of width 4 (1000..1003); 1 ms in one of width 4096.
    assert.equal(h.valueAtPercentile(50), 1003);
    assert.equal(h.valueAtPercentile(99), 1003);
    const top = 1_000_000 - (1_000_000 % 4096) + 4095;
    assert.equal(h.valueAtPercentile(99.9), top);
    assert.equal(h.valueAtPercentile(100), top);
  });

  it('clamps to [1 ns, 1 s]', () => {
    const h = new LatencyHistogram();
    h.record(0);
    h.record(5e9);
    assert.equal(h.valueAtPercentile(0), 1);
    assert.equal(h.valueAtPercentile(100), 1_000_000_000 + 2 ** 22 - 1 - (1_000_000_000 % 2 ** 22));
  });

  it('gives LATENCY HISTOGRAM\'s cumulative buckets at powers of two from 1024 ns', () => {
    const h = new LatencyHistogram();
    h.record(800);
    h.record(1024);
    h.record(1500);
    h.record(40_000);
    assert.deepEqual(h.cumulativeBuckets(), [[1, 2], [2, 3], [66, 4]]);
    // Calls slower than 2^29 ns count in the total but in no bucket, as with hdr's iterator.
    const slow = new LatencyHistogram();
    slow.record(900_000_000);
    assert.deepEqual(slow.cumulativeBuckets(), []);
    assert.equal(slow.total, 1);
  });
});
