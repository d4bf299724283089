// RObject packs type, encoding and the 24-bit LRU/LFU data into one integer: every name survives a
// round trip, each accessor leaves the other parts alone, and idle time survives the clock's wrap.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Keyspace } from '../store/keyspace.ts';
import type { Encoding, ObjType } from './object.ts';
import { LFU_INIT_VAL, lfuDecrAndReturn, lfuTouch, LRU_CLOCK_MAX, lruIdleSeconds, RObject } from './object.ts';

const TYPES: ObjType[] = ['string', 'list', 'set', 'zset', 'hash', 'stream'];
const ENCS: Encoding[] = ['int', 'embstr', 'raw', 'listpack', 'quicklist', 'intset', 'hashtable', 'skiplist', 'stream'];

describe('RObject packing', () => {
  it('round-trips every type and encoding with extreme lru values', () => {
    for (const t of TYPES) {
      for (const e of ENCS) {
        for (const lru of [0, 1, 12345, LRU_CLOCK_MAX]) {
          const o = new RObject(t, e, 'v', lru);
          assert.equal(o.type, t);
          assert.equal(o.enc, e);
          assert.equal(o.lru, lru);
          assert.equal(o.value, 'v');
          assert.equal(o.hasLfu, false);
        }
      }
    }
  });

  it('setters change one part only', () => {
    const o = new RObject('stream', 'stream', null, 777);
    o.enc = 'listpack';
    assert.deepEqual([o.type, o.enc, o.lru], ['stream', 'listpack', 777]);
    o.type = 'set';
    o.enc = 'intset';
    assert.deepEqual([o.type, o.enc, o.lru], ['set', 'intset', 777]);
    o.lru = 42;
    assert.deepEqual([o.type, o.enc, o.lru], ['set', 'intset', 42]);
    o.enc = 'hashtable';
    assert.deepEqual([o.type, o.enc, o.lru], ['set', 'hashtable', 42]);
  });

  it('keeps lru to 24 bits, as Redis wraps its LRU clock', () => {
    const o = new RObject('string', 'raw', 'x', 1767225600);
    assert.equal(o.lru, 1767225600 & 0xffffff);
    o.lru = -1;
    assert.equal(o.lru, LRU_CLOCK_MAX);
    o.lru = LRU_CLOCK_MAX + 5;
    assert.equal(o.lru, 4);
    assert.equal(o.type, 'string');
    assert.equal(o.enc, 'raw');
  });

  it('stores LFU data with a flag that an LRU write clears', () => {
    const o = new RObject('hash', 'listpack', null, 99);
    assert.equal(lfuDecrAndReturn(o, 0, 1), LFU_INIT_VAL, 'never touched under LFU counts as new');
    o.setLfu((65535 << 8) | 255);
    assert.equal(o.hasLfu, true);
    assert.equal(o.lru, 0xffffff);
    assert.deepEqual([o.type, o.enc], ['hash', 'listpack']);
    o.lru = 10;
    assert.equal(o.hasLfu, false);
    assert.equal(o.lru, 10);
  });

  it('decays the LFU counter per elapsed period, across the 16-bit minute wrap', () => {
    const o = new RObject('string', 'embstr', 'x', 0);
    const minute = 60000;
    o.setLfu((100 << 8) | 20);
    assert.equal(lfuDecrAndReturn(o, 100 * minute, 1), 20);
    assert.equal(lfuDecrAndReturn(o, 107 * minute, 1), 13);
    assert.equal(lfuDecrAndReturn(o, 107 * minute, 2), 17);
    assert.equal(lfuDecrAndReturn(o, 150 * minute, 1), 0);
    assert.equal(lfuDecrAndReturn(o, 150 * minute, 0), 20, 'decay time 0 never decays');
    o.setLfu((65530 << 8) | 20);
    // 65536 minutes later the minutes read 4 again: 65535 - 65530 + 4 elapsed, as Redis counts.
    assert.equal(lfuDecrAndReturn(o, 65540 * minute, 1), 11);
  });

  it('lfuTouch saturates at 255 and records the current minutes', () => {
    const o = new RObject('string', 'embstr', 'x', 0);
    o.setLfu((3 << 8) | 255);
    lfuTouch(o, 3 * 60000, 10, 1);
    assert.equal(o.lru, (3 << 8) | 255);
    const n = new RObject('string', 'embstr', 'x', 0);
    lfuTouch(n, 5 * 60000, 0, 1); // log factor 0: every access increments
    assert.equal(n.hasLfu, true);
    assert.equal(n.lru, (5 << 8) | (LFU_INIT_VAL + 1));
  });
});

describe('LRU clock', () => {
  it('measures idle time across the wrap as estimateObjectIdleTime does', () => {
    assert.equal(lruIdleSeconds(100, 130), 30);
    assert.equal(lruIdleSeconds(LRU_CLOCK_MAX - 9, 5), 14);
    assert.equal(lruIdleSeconds(5, 5), 0);
  });

  it('is seconds modulo 2^24 of the keyspace clock', () => {
    let now = (106 * 2 ** 24 - 3) * 1000 + 999;
    const ks = new Keyspace(1, { now: () => now });
    assert.equal(ks.lruClock(), LRU_CLOCK_MAX - 2);
    const o = new RObject('string', 'embstr', 'x', ks.lruClock());
    now += 10000;
    assert.equal(ks.lruClock(), 7);
    assert.equal(lruIdleSeconds(o.lru, ks.lruClock()), 9);
  });
});
