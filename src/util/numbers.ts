// Number parsing and formatting with Redis's rules (string2ll, string2d, Redis 7.2's shortest
// double form). Arguments are latin1 strings; nothing here allocates on the common path.

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

/**
 * True when s is an integer in Redis's canonical form (string2ll): optional '-', digits, no leading
 * zeros, no '+', no spaces, at most 20 chars. Range is checked by the callers that need it.
 */
function isCanonicalInteger(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    if (n === 1) return false;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return n === 1; // "0" only; "-0" and "01" are not canonical
  if (first < 49 || first > 57) return false;
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** An exact 64-bit signed integer, or null (string2ll's rules and range). */
export function parseInt64(s: string): bigint | null {
  if (!isCanonicalInteger(s)) return null;
  const v = BigInt(s);
  return v > INT64_MAX || v < INT64_MIN ? null : v;
}

/**
 * A 64-bit signed integer as a JS number, or null. Exact up to 2^53; beyond that the value is the
 * nearest double, which is fine for counts, indexes and timeouts (they are bounded far below).
 */
export function parseInteger(s: string): number | null {
  if (!isCanonicalInteger(s)) return null;
  if (s.length < 16) return Number(s);
  const v = BigInt(s);
  return v > INT64_MAX || v < INT64_MIN ? null : Number(v);
}

/** True when s is the canonical decimal form of an int64: what makes a string value `int`-encoded. */
export function isInt64String(s: string): boolean {
  return s.length < 19 ? isCanonicalInteger(s) : parseInt64(s) !== null;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^([+-]?)inf(?:inity)?$/i;

/**
 * A double as Redis's string2d reads it (strtod over the whole string): decimal or exponent form,
 * "inf"/"infinity" in any case, no leading space, no NaN; overflow to infinity and underflow to zero
 * are errors. Returns null when invalid.
 */
export function parseDouble(s: string): number | null {
  if (s.length === 0) return null;
  // Most scores and increments are plain integers: no regex for them.
  if (s.length < 16 && isCanonicalInteger(s)) return Number(s);
  if (DECIMAL.test(s)) {
    const v = Number(s);
    if (!Number.isFinite(v)) return null;
    if (v === 0 && /[1-9]/.test(s.replace(/[eE].*$/, ''))) return null; // underflow
    return v;
  }
  const m = INFINITY.exec(s);
  if (m !== null) return m[1] === '-' ? -Infinity : Infinity;
  const h = parseHexDouble(s);
  return h === null || !Number.isFinite(h) || (h === 0 && /[1-9a-fA-F]/.test(s.slice(s.indexOf('x') + 1).replace(/[pP].*$/, ''))) ? null : h;
}

const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;

/**
 * strtod's hexadecimal form (`0x10`, `0x1.8p3`), which Redis accepts wherever it reads a double
 * through strtod; null when s is not one. Overflow gives an infinity (the caller decides).
 */
export function parseHexDouble(s: string): number | null {
  if (s.length < 3) return null;
  const m = HEX_FLOAT.exec(s);
  if (m === null) return null;
  const int = m[2]!;
  const frac = m[3] ?? '';
  if (int.length + frac.length === 0) return null;
  const mant = Number(BigInt('0x' + (int + frac || '0')));
  const exp = (m[4] === undefined ? 0 : Number(m[4])) - 4 * frac.length;
  const v = exp >= -1074 ? mant * 2 ** exp : (mant * 2 ** (exp + 1074)) * 2 ** -1074;
  return m[1] === '-' ? -v : v;
}

/** LLONG_MAX/2 as a double (2^62): beyond it d2string leaves integers to fpconv_dtoa. */
const DOUBLE2LL_MAX = 4611686018427387904;

/**
 * Redis 7.2's reply form for doubles (fpconv_dtoa): shortest round-trip digits, plain notation for
 * moderate exponents, otherwise d.ddde±x with no zero padding; inf, -inf and nan spelled as Redis does.
 */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  // Redis 7.2's d2string prints integral values within ±2^62 (its double2ll bound) as integers.
  if (Number.isInteger(d) && d >= -DOUBLE2LL_MAX && d <= DOUBLE2LL_MAX) {
    return Number.isSafeInteger(d) ? String(d) : BigInt(d).toString();
  }
  const neg = d < 0;
  const exp = (neg ? -d : d).toExponential();
  const e = exp.indexOf('e');
  let digits = exp.slice(0, e).replace('.', '');
  let k = Number(exp.slice(e + 1)) - (digits.length - 1); // value = digits * 10^k
  // Short forms are what Grisu2 finds too; long ones (16+ digits) are where Grisu2 may settle on
  // other digits than the shortest round-trip form, so those take the exact Grisu2 path.
  if (digits.length >= 16) {
    digits = grisu2(neg ? -d : d);
    k = grisuK;
  }
  return (neg ? '-' : '') + emitDigits(digits, k, neg);
}

/** fpconv_dtoa's layout of digits * 10^k: plain integer, plain decimal, or d.ddde±x. */
function emitDigits(digits: string, k: number, neg: boolean): string {
  let nd = digits.length;
  const absExp = Math.abs(k + nd - 1);
  if (k >= 0 && absExp < nd + 7) return digits + '0'.repeat(k);
  if (k < 0 && (k > -7 || absExp < 4)) {
    const offset = nd + k;
    return offset <= 0 ? '0.' + '0'.repeat(-offset) + digits : digits.slice(0, offset) + '.' + digits.slice(offset);
  }
  // fpconv caps the mantissa at 18 digits (17 with a sign) and signs the exponent after the cap.
  nd = Math.min(nd, neg ? 17 : 18);
  const m = nd > 1 ? digits[0] + '.' + digits.slice(1, nd) : digits.slice(0, 1);
  return m + 'e' + (k + nd - 1 < 0 ? '-' : '+') + absExp;
}

// Grisu2 as Redis 7.2's fpconv_dtoa runs it (Loitsch's algorithm with 64-bit fractions and a
// cached power of ten per 8 decades), in BigInt arithmetic wrapped to 64 bits like C's uint64_t.
// It is correct (round-trips) but, unlike JS's shortest form, not always the shortest or closest
// digits; formatDouble uses it where the two can differ.

const M64 = (1n << 64n) - 1n;
const LO32 = 0xffffffffn;
const HIDDEN = 1n << 52n;
const TENS: bigint[] = [];
for (let i = 19; i >= 0; i--) TENS.push(10n ** BigInt(i));

/** 10^k for k = -348 + 8i (i < 87) as a normalized 64-bit fraction and binary exponent, rounded to nearest. */
let powFrac: bigint[] = [];
let powExp: number[] = [];

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

function cachedPowers(): void {
  powFrac = [];
  powExp = [];
  for (let i = 0; i < 87; i++) {
    const k = -348 + 8 * i;
    let q: bigint;
    let e: number;
    if (k >= 0) {
      const v = 10n ** BigInt(k);
      const bl = bitLength(v);
      if (bl <= 64) {
        q = v << BigInt(64 - bl);
        e = bl - 64;
      } else {
        const sh = BigInt(bl - 64);
        q = v >> sh;
        if ((v & ((1n << sh) - 1n)) * 2n >= 1n << sh) q++;
        e = bl - 64;
      }
    } else {
      // 2^s / 10^-k lands in [2^63, 2^64) for s = 63 + bitLength(10^-k).
      const dv = 10n ** BigInt(-k);
      const sN = 63 + bitLength(dv);
      const num = 1n << BigInt(sN);
      q = num / dv;
      if ((num % dv) * 2n >= dv) q++;
      e = -sN;
    }
    if (q > M64) {
      q >>= 1n;
      e++;
    }
    powFrac.push(q);
    powExp.push(e);
  }
}

/** Cached power i as [fraction, binary exponent] (for tests). */
export function grisuCachedPower(i: number): [bigint, number] {
  if (powFrac.length === 0) cachedPowers();
  return [powFrac[i]!, powExp[i]!];
}

/** The cached power 10^-K for an upper boundary exponent (find_cachedpow10); sets grisuK to K. */
function cachedPow10(exp: number): number {
  if (powFrac.length === 0) cachedPowers();
  const approx = Math.trunc(-(exp + 87) * 0.30102999566398114);
  let idx = Math.trunc((approx + 348) / 8);
  for (;;) {
    const current = exp + powExp[idx]! + 64;
    if (current < -60) idx++;
    else if (current > -32) idx--;
    else break;
  }
  grisuK = -(-348 + idx * 8);
  return idx;
}

/** The decimal exponent of the last grisu2() digits (value = digits * 10^grisuK). */
let grisuK = 0;
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

function mul(a: bigint, b: bigint): bigint {
  const ah = a >> 32n;
  const al = a & LO32;
  const bh = b >> 32n;
  const bl = b & LO32;
  const ahBl = ah * bl;
  const alBh = al * bh;
  let tmp = (ahBl & LO32) + (alBh & LO32) + ((al * bl) >> 32n);
  tmp += 1n << 31n;
  return (ah * bh + (ahBl >> 32n) + (alBh >> 32n) + (tmp >> 32n)) & M64;
}

/** Grisu2's digits of a positive finite non-zero double; the exponent is left in grisuK. */
export function grisu2(d: number): string {
  f64[0] = d;
  const bits = u64[0]!;
  let frac = bits & (HIDDEN - 1n);
  let exp = Number((bits >> 52n) & 0x7ffn);
  if (exp !== 0) {
    frac += HIDDEN;
    exp -= 1075;
  } else {
    exp = -1074;
  }
  // Boundaries m+ and m-, with m- brought to m+'s exponent.
  let up = (frac << 1n) + 1n;
  let upExp = exp - 1;
  while ((up & (HIDDEN << 1n)) === 0n) {
    up <<= 1n;
    upExp--;
  }
  up = (up << 10n) & M64;
  upExp -= 10;
  const lShift = frac === HIDDEN ? 2 : 1;
  let lo = (frac << BigInt(lShift)) - 1n;
  const loExp = exp - lShift;
  lo = (lo << BigInt(loExp - upExp)) & M64;
  // Normalize w (its exponent equals m+'s after normalizing, so only the fraction is kept).
  let w = frac;
  while ((w & HIDDEN) === 0n) w <<= 1n;
  w <<= 11n;
  const idx = cachedPow10(upExp);
  const cp = powFrac[idx]!;
  const cpExp = powExp[idx]!;
  w = mul(w, cp);
  up = (mul(up, cp) - 1n) & M64;
  lo = (mul(lo, cp) + 1n) & M64;
  const oneExp = upExp + cpExp + 64;
  return generateDigits(w, up, lo, -oneExp);
}

function generateDigits(w: bigint, up: bigint, lo: bigint, shiftN: number): string {
  const wfrac = (up - w) & M64;
  let delta = (up - lo) & M64;
  const shift = BigInt(shiftN);
  const one = 1n << shift;
  let part1 = up >> shift;
  let part2 = up & (one - 1n);
  const digits: number[] = [];
  let kappa = 10;
  for (let di = 10; kappa > 0; di++) {
    const div = TENS[di]!;
    const digit = part1 / div;
    if (digit !== 0n || digits.length > 0) digits.push(Number(digit));
    part1 -= digit * div;
    kappa--;
    const tmp = ((part1 << shift) + part2) & M64;
    if (tmp <= delta) {
      grisuK += kappa;
      roundDigit(digits, delta, tmp, (div << shift) & M64, wfrac);
      return digits.join('');
    }
  }
  for (let unit = 18; ; unit--) {
    part2 = (part2 * 10n) & M64;
    delta = (delta * 10n) & M64;
    kappa--;
    const digit = part2 >> shift;
    if (digit !== 0n || digits.length > 0) digits.push(Number(digit));
    part2 &= one - 1n;
    if (part2 < delta) {
      grisuK += kappa;
      roundDigit(digits, delta, part2, one, (wfrac * TENS[unit]!) & M64);
      return digits.join('');
    }
  }
}

/** Moves the last digit down while that brings the value closer to w and stays in range. */
function roundDigit(digits: number[], delta: bigint, rem: bigint, kappa: bigint, frac: bigint): void {
  const last = digits.length - 1;
  while (rem < frac && ((delta - rem) & M64) >= kappa &&
    (((rem + kappa) & M64) < frac || ((frac - rem) & M64) > ((rem + kappa - frac) & M64))) {
    digits[last]!--;
    rem = (rem + kappa) & M64;
  }
}

/** C's isspace for the ASCII range. */
function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * A double read the way a bare strtod call that must consume the whole string reads it (Redis's
 * zslParseRange): leading white space allowed, the empty string is 0, overflow gives an infinity
 * and underflow zero without error; NaN and trailing characters are rejected (null).
 */
export function parseStrtodFull(s: string): number | null {
  const n = s.length;
  if (n === 0) return 0;
  let i = 0;
  while (i < n && isCSpace(s.charCodeAt(i))) i++;
  if (i === n) return null;
  const t = i === 0 ? s : s.slice(i);
  if (DECIMAL.test(t)) return Number(t);
  const m = INFINITY.exec(t);
  if (m !== null) return m[1] === '-' ? -Infinity : Infinity;
  return parseHexDouble(t);
}

/**
 * C's `%.17g` (what Redis's ld2string LD_STR_AUTO prints, e.g. for ZSCAN over a skiplist): 17
 * significant digits, exponent form when the exponent is below -4 or at least 17, trailing zeros
 * removed, two-digit exponents; inf, -inf and nan spelled as Redis does.
 */
export function formatDouble17g(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const neg = d < 0;
  const e = (neg ? -d : d).toExponential(16); // d.dddddddddddddddde±x, correctly rounded
  const at = e.indexOf('e');
  const x = Number(e.slice(at + 1));
  const digits = e[0]! + e.slice(2, at); // 17 significant digits
  let out: string;
  if (x < -4 || x >= 17) {
    const frac = digits.slice(1).replace(/0+$/, '');
    const ax = Math.abs(x);
    out = (frac === '' ? digits[0]! : `${digits[0]!}.${frac}`) + (x < 0 ? 'e-' : 'e+') + (ax < 10 ? '0' : '') + ax;
  } else if (x >= 0) {
    const frac = digits.slice(x + 1).replace(/0+$/, '');
    out = digits.slice(0, x + 1) + (frac === '' ? '' : `.${frac}`);
  } else {
    out = ('0.' + '0'.repeat(-x - 1) + digits).replace(/0+$/, '');
  }
  return neg ? '-' + out : out;
}
