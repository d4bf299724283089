// Unit tests for the long double emulation, plus a differential run: many random INCRBYFLOAT
// steps computed here and by the real redis-server (whose C long double is the oracle).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addLongDouble, formatFixed17, formatLongDouble, incrByFloat, parseLongDouble, type LongDouble } from './long-double.ts';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from '../../test/helpers/real-redis.ts';
import { RawConnection } from '../../test/helpers/server.ts';

function ld(s: string): LongDouble {
  const v = parseLongDouble(s);
  assert.ok(v !== null, `parses ${s}`);
  return v;
}

function step(current: string, incr: string): string {
  const r = incrByFloat(ld(current), incr);
  assert.ok(r.text !== undefined, `${current} + ${incr}`);
  return r.text;
}

describe('long double', () => {
  it('parses as strtold does, rejecting what Redis rejects', () => {
    for (const ok of ['0', '-0', '1', '+1', '.5', '5.', '1e3', '1E+3', '1e-3', '0x10', '0x1.8p1', '0X.8P+1', 'inf', '-Infinity', '00012']) {
      assert.notEqual(parseLongDouble(ok), null, ok);
    }
    for (const bad of ['', ' 1', '1 ', 'abc', '.', '1e', '1e+', '0x', '0xg', 'nan', '-nan', '1\0', 'infinit', '1e5000', '1e-5000', '--1', '+-1']) {
      assert.equal(parseLongDouble(bad), null, JSON.stringify(bad));
    }
    assert.equal(parseLongDouble('1'.repeat(5120)), null, 'longer than Redis buffer');
    assert.notEqual(parseLongDouble('1e-4940'), null, 'subnormal is kept');
  });

  it('rounds a decimal to 64 significant bits', () => {
    // 0.1 in 64-bit significand: 0xCCCCCCCCCCCCCCCD * 2^-67.
    const v = ld('0.1');
    assert.equal(v.m, 0xcccccccccccccccdn);
    assert.equal(v.e, -67);
    assert.equal(ld('3').m, 3n);
  });

  it('formats with %.17Lf, nearest-even on exact ties, trailing zeros removed', () => {
    assert.equal(formatFixed17(ld('1.5')), '1.50000000000000000');
    assert.equal(formatLongDouble(ld('0.000003814697265625')), '0.00000381469726562');
    assert.equal(formatLongDouble(ld('0.000011444091796875')), '0.00001144409179688');
    assert.equal(formatLongDouble(ld('-1e-20')), '0', '-0 becomes 0');
    assert.equal(formatLongDouble(ld('100')), '100');
    assert.equal(formatLongDouble(ld('0x1p70')), '1180591620717411303424');
  });

  it('adds with one rounding: 0.1 ten times is exact to 17 decimals', () => {
    let v = '0';
    for (let i = 0; i < 10; i++) v = step(v, '0.1');
    assert.equal(v, '1');
    assert.equal(step('10.5', '0.1'), '10.6');
    assert.equal(step('17179869184', '1.5'), '17179869185.5');
    assert.equal(step('5', '-5'), '0');
  });

  it('reports NaN and infinity', () => {
    assert.deepEqual(incrByFloat(ld('1'), 'x'), { error: 'not-float' });
    assert.deepEqual(incrByFloat(ld('1'), 'inf'), { error: 'nan-or-inf' });
    assert.deepEqual(incrByFloat(ld('1.1e4932'), '1.1e4932'), { error: 'nan-or-inf' });
    assert.equal(addLongDouble(ld('inf'), ld('-inf')), null);
  });
});

describe('long double vs real redis INCRBYFLOAT', { skip: SKIP_NO_REDIS }, () => {
  let real: RealRedis;
  let conn: RawConnection;
  before(async () => {
    real = await startRealRedis();
    conn = await RawConnection.connect(real.port);
  });
  after(async () => {
    conn?.close();
    await real?.stop();
  });

  it('agrees on 1500 random increments', async () => {
    let seed = 12345;
    const rnd = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const values = new Map<string, string>();
    const pending: { key: string; incr: string }[] = [];
    for (let i = 0; i < 1500; i++) {
      const key = `k${i % 11}`;
      const sign = rnd() < 0.4 ? '-' : '';
      const kind = Math.floor(rnd() * 5);
      let incr: string;
      if (kind === 0) incr = `${sign}${Math.floor(rnd() * 1e9)}e${Math.floor(rnd() * 60) - 30}`;
      else if (kind === 1) incr = `${sign}0.${Math.floor(rnd() * 1e12)}`;
      else if (kind === 2) incr = `${sign}${(rnd() * 1e6).toFixed(Math.floor(rnd() * 25))}`;
      else if (kind === 3) incr = `${sign}${Math.floor(rnd() * 2 ** 53)}.${Math.floor(rnd() * 1e9)}`;
      else incr = `${sign}0x${Math.floor(rnd() * 1e9).toString(16)}p${Math.floor(rnd() * 40) - 20}`;
      pending.push({ key, incr });
      conn.send('INCRBYFLOAT', key, incr);
    }
    for (const { key, incr } of pending) {
      const theirs = await conn.read();
      const cur = values.get(key) ?? '0';
      const r = incrByFloat(ld(cur), incr);
      if (typeof theirs === 'string') {
        assert.equal(r.text, theirs, `${cur} + ${incr}`);
        values.set(key, theirs);
      } else {
        assert.ok(r.error !== undefined, `${cur} + ${incr} should fail`);
      }
    }
  });
});
