import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lzfCompress, lzfDecompress } from './lzf.ts';

const SEED = 20261121;

function roundTrip(data: Uint8Array): Buffer | null {
  const c = lzfCompress(data);
  if (c === null) return null;
  assert.ok(c.length < data.length);
  const d = lzfDecompress(c, data.length);
  assert.ok(d !== null);
  assert.deepEqual(d, Buffer.from(data));
  return c;
}

describe('lzf', () => {
  it('compresses repetitive data and round-trips it', () => {
    const c = roundTrip(Buffer.from('a'.repeat(1000)));
    assert.ok(c !== null && c.length < 40);
    assert.ok(roundTrip(Buffer.from('hello world '.repeat(50))) !== null);
  });

  it('refuses data it cannot shrink, and respects the output limit', () => {
    assert.equal(lzfCompress(Buffer.alloc(0)), null);
    assert.equal(lzfCompress(Buffer.from('ab')), null);
    const random = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 167 + 13) & 255));
    assert.equal(lzfCompress(random), null);
    const data = Buffer.from('x'.repeat(500));
    const c = lzfCompress(data)!;
    assert.equal(lzfCompress(data, c.length - 1), null);
    assert.deepEqual(lzfCompress(data, c.length), c);
  });

  it('decodes hand-built streams in liblzf format', () => {
    // literal "abc" (ctrl 2), then a back reference of length 3+2=5... as "len 3 → ctrl 0x60" at
    // distance 3 (offset field 2): "abcabcab"
    const stream = Buffer.from([0x02, 0x61, 0x62, 0x63, 0x60, 0x02]);
    assert.deepEqual(lzfDecompress(stream, 8), Buffer.from('abcabcab'));
    // Long reference: ctrl len field 7 + extra byte 10 → 7 + 10 + 2 = 19 bytes of 'z'.
    const long = Buffer.from([0x00, 0x7a, 0xe0, 0x0a, 0x00]);
    assert.deepEqual(lzfDecompress(long, 20), Buffer.from('z'.repeat(20)));
  });

  it('decodes what real Redis (liblzf) compressed', () => {
    // DUMP of a 280-byte string from redis-server 7.0: type 0, 0xC3 = LZF-compressed string,
    // compressed length 41 (6-bit), original length 280 (14-bit), data, RDB version, CRC64.
    const dump = Buffer.from('00c3294118076974656d2d303b694006003180060032800600338006003480060035800600368006' +
      'e0d73001343b0a00767f77fb28e8b9bf', 'hex');
    let expected = '';
    for (let i = 0; i < 40; i++) expected += `item-${i % 7};`;
    const data = dump.subarray(5, 5 + 41);
    assert.equal(lzfDecompress(data, 280)!.toString('latin1'), expected);
    const ours = lzfCompress(Buffer.from(expected, 'latin1'))!;
    assert.ok(ours.length <= 280 - 1);
    assert.equal(lzfDecompress(ours, 280)!.toString('latin1'), expected);
  });

  it('rejects corrupt input', () => {
    const good = lzfCompress(Buffer.from('abcdefgh'.repeat(20)))!;
    assert.equal(lzfDecompress(good, 159), null); // output would overflow
    assert.equal(lzfDecompress(good, 161), null); // output too short
    assert.equal(lzfDecompress(good.subarray(0, good.length - 1), 160), null);
    assert.equal(lzfDecompress(Buffer.from([0x05, 0x61]), 6), null); // literal past end
    assert.equal(lzfDecompress(Buffer.from([0x00, 0x61, 0x20, 0x05]), 4), null); // ref before start
    assert.equal(lzfDecompress(Buffer.from([0x00, 0x61, 0xe0]), 30), null); // truncated long ref
    assert.equal(lzfDecompress(Buffer.from([0x00, 0x61, 0x20]), 3), null); // truncated ref
  });

  it('round-trips random and compressible data', () => {
    const chunk = fc.uint8Array({ minLength: 1, maxLength: 40 });
    const compressible = fc.tuple(fc.array(chunk, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(7), { maxLength: 200 }))
      .map(([chunks, picks]) => Buffer.concat(picks.map((i) => chunks[i % chunks.length]!)));
    const data = fc.oneof(fc.uint8Array({ maxLength: 3000 }), compressible);
    fc.assert(fc.property(data, (d) => {
      const c = lzfCompress(d, d.length + 64);
      if (d.length === 0) return;
      // With a generous limit compression always succeeds; the output must decode exactly.
      assert.ok(c !== null);
      assert.deepEqual(lzfDecompress(c, d.length), Buffer.from(d));
      const shrunk = lzfCompress(d);
      if (shrunk !== null) assert.deepEqual(lzfDecompress(shrunk, d.length), Buffer.from(d));
    }), { seed: SEED, numRuns: 300 });
  });

  it('is deterministic across calls (stale hash entries never leak in)', () => {
    const a = Buffer.from('the quick brown fox '.repeat(40));
    const first = lzfCompress(a);
    lzfCompress(Buffer.from('jumps over the lazy dog '.repeat(40)));
    assert.deepEqual(lzfCompress(a), first);
  });

  it('never throws on random input to the decompressor', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(200), (d, n) => {
      const out = lzfDecompress(d, n);
      if (out !== null) assert.equal(out.length, n);
    }), { seed: SEED, numRuns: 500 });
  });
});
