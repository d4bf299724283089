// Unit tests for the StringSlab against a Map as the model: every size class, free-list reuse,
// the LRU header, byte-exact values, and the accounting INFO and the tests read.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xorshift } from '../util/xorshift.ts';
import { SLAB_MAX_LEN, StringSlab, type BulkSink } from './string-slab.ts';

/** A BulkSink that keeps what it was sent as a latin1 string. */
class Capture implements BulkSink {
  out = '';
  bulkFrom(src: Uint8Array, start: number, n: number): void {
    this.out = Buffer.from(src.subarray(start, start + n)).toString('latin1');
  }
}

function randomValue(rand: () => number): string {
  const n = Math.floor(rand() * (SLAB_MAX_LEN + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(rand() * 256));
  return s;
}

describe('StringSlab', () => {
  it('keeps values of every length up to 44 bytes, all 256 byte values, with their LRU clocks', () => {
    const slab = new StringSlab();
    const values: string[] = [];
    for (let n = 0; n <= SLAB_MAX_LEN; n++) {
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode((n * 37 + i * 101) & 255);
      values.push(s);
    }
    values.push('\u0000\u00ff\r\n');
    const handles = values.map((s, i) => slab.alloc(s, 0xabcdef - i));
    const sink = new Capture();
    values.forEach((s, i) => {
      const h = handles[i]!;
      assert.equal(slab.string(h), s);
      assert.equal(slab.length(h), s.length);
      assert.equal(slab.lru(h), 0xabcdef - i);
      slab.bulkTo(sink, h);
      assert.equal(sink.out, s);
    });
    assert.equal(new Set(handles).size, handles.length, 'distinct handles');
    // Six classes: 8 bytes holds up to 4, 48 holds 44 (a 4-byte header).
    assert.deepEqual([0, 4, 5, 12, 13, 44].map((n) => handles[n]! & 7), [0, 0, 1, 1, 2, 5]);
    slab.setLru(handles[3]!, 0xffffff);
    assert.equal(slab.lru(handles[3]!), 0xffffff);
    assert.equal(slab.string(handles[3]!), values[3]);
    assert.equal(slab.size, values.length);
    assert.equal(slab.alloc('x'.repeat(SLAB_MAX_LEN + 1), 0), -1);
    assert.equal(slab.size, values.length);
  });

  it('agrees with a Map through random stores and frees, reusing freed records', () => {
    const rand = xorshift(20261122);
    const slab = new StringSlab();
    const model = new Map<number, [string, number]>();
    let peak = 0;
    for (let step = 0; step < 60000; step++) {
      const grow = step < 30000 ? 0.6 : 0.4;
      if (model.size === 0 || rand() < grow) {
        const s = randomValue(rand);
        const lru = Math.floor(rand() * 0x1000000);
        const h = slab.alloc(s, lru);
        assert.ok(h >= 0);
        assert.equal(model.has(h), false, `handle ${h} is not live twice`);
        model.set(h, [s, lru]);
      } else {
        const handles = [...model.keys()];
        const h = handles[Math.floor(rand() * handles.length)]!;
        const [s, lru] = model.get(h)!;
        assert.equal(slab.string(h), s);
        assert.equal(slab.lru(h), lru);
        slab.free(h);
        model.delete(h);
      }
      peak = Math.max(peak, model.size);
      assert.equal(slab.size, model.size);
    }
    let bytes = 0;
    for (const [h, [s, lru]] of model) {
      assert.equal(slab.string(h), s);
      assert.equal(slab.lru(h), lru);
      bytes += ((h & 7) + 1) * 8;
    }
    assert.equal(slab.usedBytes, bytes);
    // Freed records were reused: no class grew past what its peak population needed, in chunks of
    // 2048 records of at most 48 bytes.
    assert.ok(slab.allocatedBytes <= (peak + 6 * 2048) * 48, `${slab.allocatedBytes} bytes for a peak of ${peak}`);
  });

  it('takes the last freed record of a class first', () => {
    const slab = new StringSlab();
    const a = slab.alloc('aaaa', 1);
    const b = slab.alloc('bbbb', 2);
    slab.free(a);
    slab.free(b);
    assert.equal(slab.alloc('cccc', 3), b);
    assert.equal(slab.alloc('dddd', 4), a);
    assert.equal(slab.string(a), 'dddd');
    assert.equal(slab.usedBytes, 16);
    assert.equal(slab.allocatedBytes, 2048 * 8);
  });

  it('overwrites a record in place only with a value of its own size class', () => {
    const slab = new StringSlab();
    const h = slab.alloc('abcdefgh', 7); // 12 bytes: the 16-byte class, which holds 5 to 12
    assert.equal(slab.overwrite(h, 'xyzxy', 9), true);
    assert.equal(slab.string(h), 'xyzxy');
    assert.equal(slab.lru(h), 9);
    assert.equal(slab.overwrite(h, 'abcd', 10), false); // fits 8 bytes
    assert.equal(slab.overwrite(h, 'x'.repeat(13), 10), false); // needs 24
    assert.equal(slab.string(h), 'xyzxy');
    assert.equal(slab.lru(h), 9);
    assert.equal(slab.size, 1);
  });
});
